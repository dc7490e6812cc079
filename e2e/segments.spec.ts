import fs from 'node:fs'
import { expect, test, type APIRequestContext } from '@playwright/test'
import { issueToken } from '../lib/auth/tokens'
import { formatMoney } from '../lib/i18n/format'
import { toCents } from '../lib/money'
import { E2E_SECRET } from '../playwright.config'
import { signIn } from './sign-in'

/**
 * Marketing builds a segment and sees the count change, saves and exports it, and launches a
 * campaign; personal data stays masked for marketing. A customer with a phone is created
 * through the ops API (two paid orders), so the segment and the profile have someone to show.
 */
const PHONE = '13812345678'
const MASKED = '138****5678'
const admin = `Bearer ${issueToken(E2E_SECRET, { sub: 'e2e-admin', role: 'admin' })}`

async function settled(request: APIRequestContext) {
  await expect.poll(async () => (await (await request.get('/api/health')).json()).ingest.lag, { timeout: 90_000 }).toBe(0)
}

let customerId = ''

test.beforeAll(async ({ request }) => {
  await settled(request)
  const store = `Bearer ${issueToken(E2E_SECRET, { sub: 'e2e-pos', role: 'store', location_id: 'ST-SH-01' })}`
  for (const n of [1, 2]) {
    const placed = await request.post('/api/v1/orders', {
      headers: { authorization: store },
      data: { channel: 'store', external_id: `e2e-seg-${n}`, location_id: 'ST-SH-01', customer: { phone: PHONE, name: '测试客户' }, lines: [{ sku: 'SKU-0001', quantity: 1 }], pay: true },
    })
    expect([200, 201], await placed.text()).toContain(placed.status())
    customerId = (await placed.json()).customer_id
  }
  await settled(request)
  const rebuilt = await request.post('/api/v1/segments/refresh', { headers: { authorization: admin } })
  expect(rebuilt.status(), await rebuilt.text()).toBe(200)
})

test('marketing builds a segment, sees the count change, saves it, exports it and launches a campaign', async ({ page }) => {
  await signIn(page, 'marketing', '/segments/new')
  const count = page.getByTestId('segment-count')
  await expect(count).toHaveAttribute('data-count', /^[1-9]\d*$/)
  const all = Number(await count.getAttribute('data-count'))

  // Customers with at least two orders: fewer than all of them.
  await page.getByTestId('rule-add-condition-root').click()
  await page.getByTestId('rule-op-0').selectOption('gte')
  await page.getByTestId('rule-value-0').fill('2')
  await expect.poll(async () => Number(await count.getAttribute('data-count')), { timeout: 30_000 }).toBeLessThan(all)
  const twoOrMore = Number(await count.getAttribute('data-count'))
  expect(twoOrMore).toBeGreaterThan(0)
  await expect(page.getByTestId('segment-share')).toContainText('%')
  // Revenue arrives as a yuan string and shows as money, not as cents or NaN.
  await expect(page.getByTestId('segment-share')).toContainText(/¥[\d,]+\.\d{2}/)

  await page.getByTestId('segment-name').fill('两单及以上的客户')
  await page.getByTestId('segment-save').click()
  await expect(page).toHaveURL(/\/segments\/SEG-/)
  await expect(page.getByTestId('segment-title')).toHaveText('两单及以上的客户')
  await expect(page.getByTestId('segment-count')).toHaveAttribute('data-count', String(twoOrMore))

  // The export holds the members; marketing gets phone numbers masked.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('segment-export').click()])
  const csv = fs.readFileSync((await download.path())!, 'utf8')
  const rows = csv.trim().split(/\r\n/)
  expect(rows[0]).toContain('customer_id,phone,email')
  expect(rows.length - 1).toBe(twoOrMore)
  expect(csv).toContain(MASKED)
  expect(csv).not.toContain(PHONE)

  await page.getByTestId('campaign-name').fill('双十二回购券')
  await page.getByTestId('campaign-holdout').fill('20')
  await page.getByTestId('campaign-launch').click()
  await expect(page).toHaveURL(/\/campaigns\/CP-/)
  await expect(page.getByTestId('campaign-title')).toHaveText('双十二回购券')
  const issued = Number(await page.getByTestId('campaign-issued').locator('.kpi-value').textContent())
  const holdout = Number(await page.getByTestId('campaign-holdout-count').locator('.kpi-value').textContent())
  expect(issued + holdout).toBe(twoOrMore)
  expect(issued).toBeGreaterThan(holdout)
})

test('a marketing user finds a customer by phone and sees it masked; an admin sees it in clear', async ({ page, request }) => {
  await signIn(page, 'marketing', '/customers')
  const table = page.getByTestId('customers-table')
  // Type only once the page is interactive (the table has loaded), or the input is not React's yet.
  await expect(table).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('customers-count')).toBeVisible()
  await page.getByTestId('customer-search').fill(PHONE)
  await expect(page.getByTestId('customers-count')).toHaveCount(0)
  await expect(table).toContainText(customerId)
  await table.getByRole('link', { name: customerId }).click()
  await expect(page).toHaveURL(new RegExp(`/customers/${customerId}`))
  await expect(page.getByTestId('identity-phone')).toContainText(MASKED)
  await expect(page.getByTestId('customer-profile')).not.toContainText(PHONE)
  await expect(page.getByTestId('profile-channels')).toContainText('门店')

  const clear = await request.get(`/api/v1/customers/${customerId}`, { headers: { authorization: admin } })
  const profile = await clear.json()
  expect(profile.identities).toContainEqual(expect.objectContaining({ kind: 'phone', value: PHONE, masked: false }))
  // Lifetime value: the answer's "1234.50" spend is the sum of the customer's orders, and the page shows it as yuan.
  expect(toCents(profile.attributes.spend)).toBe(profile.orders.reduce((sum: number, o: { total: string }) => sum + toCents(o.total), 0))
  await expect(page.getByTestId('profile-ltv')).toContainText(formatMoney(profile.attributes.spend))

  await page.goto('/segments')
  await expect(page.getByTestId('rfm-segments')).toContainText('¥5,000.00→5')
})
