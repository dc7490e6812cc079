import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { signIn } from './sign-in'

/** Clicks the first (largest) drillable row of a table and returns its member id. */
async function drillFirstRow(page: Page, tableTestId: string): Promise<string> {
  // Wait for the table of the new view (not the previous data kept while it loads).
  const row = page.locator(`table[data-testid="${tableTestId}"][data-state="ready"] tbody tr[data-testid^="drill-row-"]`).first()
  await expect(row).toBeVisible()
  const testId = (await row.getAttribute('data-testid')) ?? ''
  await row.click()
  return testId.slice('drill-row-'.length)
}

const BREADCRUMBS = ['breadcrumb-geo', 'breadcrumb-channel', 'breadcrumb-region', 'breadcrumb-product', 'breadcrumb-category', 'breadcrumb-time']
const KPIS = ['kpi-net-revenue', 'kpi-orders', 'kpi-gross-margin', 'kpi-customers', 'kpi-gmv', 'kpi-oversell-rate']

test('an executive drills channel → region → store → SKU, steps back, exports, and shares the view', async ({ page, context }) => {
  await signIn(page, 'exec')
  await expect(page.getByTestId('nav-inventory')).toBeVisible()
  await expect(page.getByTestId('channel-table')).toContainText('天猫')

  // Channel → region.
  await page.getByTestId('drill-row-tmall').click()
  await expect(page).toHaveURL(/channel=tmall/)
  await expect(page.getByTestId('breadcrumb-channel')).toContainText('天猫')
  const region = await drillFirstRow(page, 'drill-table-geo')
  await expect(page).toHaveURL(new RegExp(`region=${region}`))
  await expect(page.getByTestId('breadcrumb-region')).toBeVisible()

  // Region → store (skipping the city level), then store → SKU through the product hierarchy.
  await page.getByTestId('drill-level-geo').selectOption('store')
  await expect(page).toHaveURL(/geo_by=store/)
  await expect(page.getByTestId('drill-table-geo')).toContainText('门店')
  const store = await drillFirstRow(page, 'drill-table-geo')
  await expect(page.getByTestId('breadcrumb-store')).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`store=${store}`))
  const category = await drillFirstRow(page, 'drill-table-product')
  await expect(page).toHaveURL(new RegExp(`category=${category}`))
  await expect(page.getByTestId('breadcrumb-category')).toBeVisible()
  const sku = await drillFirstRow(page, 'drill-table-product')
  await expect(page.getByTestId('breadcrumb-sku')).toContainText(sku)
  // The children of a node add up to it: the table shows a total row.
  await expect(page.getByTestId('drill-table-product').locator('tfoot')).toContainText('合计')

  // Back via the breadcrumb: to the region (store and SKU level of geo cleared), then to all categories.
  await page.getByTestId('breadcrumb-region').click()
  await expect(page.getByTestId('breadcrumb-store')).toHaveCount(0)
  await expect(page).not.toHaveURL(/store=/)
  await page.getByTestId('breadcrumb-product').click()
  await expect(page.getByTestId('breadcrumb-sku')).toHaveCount(0)
  await expect(page.getByTestId('breadcrumb-category')).toHaveCount(0)
  // Browser back restores the SKU drill.
  await page.goBack()
  await expect(page.getByTestId('breadcrumb-sku')).toBeVisible()
  await page.getByTestId('breadcrumb-product').click()
  await expect(page).not.toHaveURL(/category=/)
  await drillFirstRow(page, 'drill-table-product')
  await expect(page.getByTestId('breadcrumb-category')).toBeVisible()

  // Range and comparison.
  await page.getByTestId('range-select').selectOption('last30')
  await expect(page).toHaveURL(/range=last30/)
  await page.getByTestId('compare-select').selectOption('yoy')
  await expect(page).toHaveURL(/cmp=yoy/)
  await expect(page.getByTestId('kpi-change-net-revenue')).toHaveAttribute('title', /\d{4}-\d{2}-\d{2}/)

  // CSV export of the geography table (now at city level under the region).
  await expect(page.getByTestId('drill-table-geo').locator('tbody tr').first()).toBeVisible()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
  const csv = readFileSync(await download.path(), 'utf8')
  expect(csv.charCodeAt(0)).toBe(0xfeff)
  const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n')
  expect(lines[0]).toContain('城市')
  expect(lines[0]).toContain('净收入')
  expect(lines.length).toBeGreaterThanOrEqual(3) // header, at least one row, total
  expect(lines.at(-1)).toContain('合计')

  // The URL reproduces the view in a new page.
  await page.getByTestId('pause-toggle').click()
  await expect(page.getByTestId('kpi-net-revenue')).not.toHaveAttribute('data-value', '')
  const url = page.url()
  const other = await context.newPage()
  await other.goto(url)
  for (const id of BREADCRUMBS) {
    await expect(other.getByTestId(id)).toHaveText((await page.getByTestId(id).textContent()) ?? '')
  }
  for (const id of KPIS) {
    await expect(other.getByTestId(id)).toHaveAttribute('data-value', (await page.getByTestId(id).getAttribute('data-value')) ?? '')
  }
  await expect(other.getByTestId('range-select')).toHaveValue('last30')
  await expect(other.getByTestId('compare-select')).toHaveValue('yoy')
  await other.screenshot({ path: '/tmp/drill-shared.png', fullPage: true })
  await page.screenshot({ path: '/tmp/drill-origin.png', fullPage: true })
})

test('the drill pages load, keep the filters, and degrade when a backend is missing', async ({ page }) => {
  await signIn(page, 'exec')
  await page.getByTestId('drill-row-tmall').click()
  await expect(page).toHaveURL(/channel=tmall/)
  await page.screenshot({ path: '/tmp/overview.png', fullPage: true })
  for (const name of ['inventory', 'oversell', 'anomalies']) {
    await page.getByTestId(`nav-${name}`).click()
    await expect(page).toHaveURL(new RegExp(`/${name}\\?channel=tmall`))
    await expect(page.getByTestId('breadcrumb-channel')).toContainText('天猫')
    await expect(page.getByTestId('freshness')).toBeVisible()
    // Either the data, an empty state, or "not available yet" — never a crash or a stuck skeleton.
    await expect(page.locator('[data-testid="not-available"], table.data-table').first()).toBeVisible()
    if (name === 'oversell') await expect(page.getByTestId('oversell-chart')).not.toHaveAttribute('data-state', 'loading')
    await page.waitForTimeout(1500) // let the charts draw before the screenshot
    await page.screenshot({ path: `/tmp/${name}.png`, fullPage: true })
  }
})
