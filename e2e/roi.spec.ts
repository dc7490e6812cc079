import fs from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { signIn } from './sign-in'

/** ROI tracking: an analyst sets up a programme and a manual baseline; an executive reads it. */
/** A local day in Shanghai, `days` from today. */
const shanghaiDay = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })

// Fixed, not time-stamped: a retried worker re-evaluates this module and must find the same programme.
const NAME = '全渠道 O2O 上线项目'
const TARGETS: Record<string, string> = {
  processing_time_p50_hours: '2',
  inventory_turnover_days: '20',
  oversell_rate: '0.005',
  gross_margin: '0.5',
  daily_net_revenue: '50000.00',
  repurchase_rate: '0.3',
  orders_per_staff_hour: '5',
  labour_cost_per_order: '8.00',
}

test('an analyst creates a programme with targets and a manual baseline, and sees baseline, target, current and the trend', async ({ page, request }) => {
  await expect.poll(async () => (await (await request.get('/api/health')).json()).ingest.lag, { timeout: 90_000 }).toBe(0)
  await signIn(page, 'analyst', '/roi')
  await expect(page.getByTestId('roi-page')).toHaveAttribute('data-can-edit', 'true')
  await page.getByTestId('roi-new').evaluate((el) => ((el as HTMLDetailsElement).open = true))
  await page.getByTestId('roi-new-name').fill(NAME)
  await page.getByTestId('roi-new-golive').fill(shanghaiDay(-7))
  for (const [kpi, target] of Object.entries(TARGETS)) await page.getByTestId(`roi-target-${kpi}`).fill(target)
  await page.getByTestId('roi-assumption-hourly_labour_cost').fill('45.00')
  await page.getByTestId('roi-assumption-labour_hours_per_processing_hour').fill('0.1')
  await page.getByTestId('roi-assumption-cost_of_capital_rate').fill('0.06')
  await page.getByTestId('roi-create').click()

  await expect(page).toHaveURL(/\/roi\?id=/)
  await expect(page.getByTestId('roi-programme-name')).toHaveText(NAME)
  // Baseline (computed from the demo history before go-live), target and current per KPI.
  await expect(page.getByTestId('roi-target-value-gross_margin')).toContainText('50.0%')
  await expect(page.getByTestId('roi-current-gross_margin')).toContainText('%')
  await expect(page.getByTestId('roi-baseline-gross_margin')).toContainText('%')
  await expect(page.getByTestId('roi-baseline-gross_margin')).toHaveAttribute('data-source', 'computed')
  await expect(page.getByTestId('roi-current-daily_net_revenue')).toContainText('¥')

  // The system has no labour cost before go-live: the analyst enters the baseline by hand.
  await page.getByTestId('roi-baseline-kpi').selectOption('labour_cost_per_order')
  await page.getByTestId('roi-baseline-value').fill('12.50')
  await page.getByTestId('roi-baseline-save').click()
  await expect(page.getByTestId('roi-baseline-labour_cost_per_order')).toContainText('¥12.50')
  await expect(page.getByTestId('roi-manual-labour_cost_per_order')).toContainText('analyst')

  // A bad value is refused naming the field.
  await page.getByTestId('roi-baseline-value').fill('lots')
  await page.getByTestId('roi-baseline-save').click()
  await expect(page.getByTestId('roi-form-error')).toContainText('value')

  // The weekly trend with baseline and target lines is drawn.
  await expect(page.getByTestId('roi-chart-gross_margin').locator('canvas')).toHaveCount(1)
  await expect(page.getByTestId('roi-finance')).toContainText('¥45.00')

  // CSV export of the KPI table.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('roi-kpi-table-csv').click()])
  const csv = fs.readFileSync((await download.path())!, 'utf8')
  expect(csv).toContain('labour_cost_per_order')
  expect(csv).toContain('12.50')

  // The printable page.
  await page.getByTestId('roi-print-link').click()
  await expect(page.getByTestId('roi-print')).toContainText(NAME)
  await expect(page.getByTestId('roi-baseline-labour_cost_per_order')).toContainText('¥12.50')
})

test('an executive sees the ROI page read-only', async ({ page }) => {
  await signIn(page, 'exec', '/roi')
  await expect(page.getByTestId('roi-page')).toHaveAttribute('data-can-edit', 'false')
  await expect(page.getByTestId('roi-read-only')).toBeVisible()
  await expect(page.getByTestId('roi-programme-name')).toHaveText(NAME)
  await expect(page.getByTestId('roi-target-value-gross_margin')).toContainText('50.0%')
  await expect(page.getByTestId('roi-manual-labour_cost_per_order')).toContainText('analyst')
  await expect(page.getByTestId('roi-chart-gross_margin').locator('canvas')).toHaveCount(1)
  await expect(page.getByTestId('roi-edit')).toHaveCount(0)
  await expect(page.getByTestId('roi-new')).toHaveCount(0)
  await expect(page.getByTestId('roi-baseline-form')).toHaveCount(0)
})
