import { expect, test, type Page } from '@playwright/test'
import { issueToken } from '../lib/auth/tokens'
import { E2E_SECRET } from '../playwright.config'
import { signIn } from './sign-in'

const number = (text: string | null) => Number((text ?? '').replace(/[^\d.-]/g, ''))

test('an executive signs in, sees the live dashboard, and watches it move when an order arrives', async ({ page, request }) => {
  // Wait until the demo history has been ingested, so the only change left is ours.
  await expect.poll(async () => (await (await request.get('/api/health')).json()).ingest.lag, { timeout: 90_000 }).toBe(0)
  await signIn(page, 'exec')
  const orders = page.getByTestId('kpi-orders')
  await expect(orders).not.toHaveText(/^\s*$/)
  await expect(page.getByTestId('freshness')).toBeVisible()
  await expect(page.getByTestId('channel-table')).toContainText('天猫')
  const before = number(await orders.textContent())

  // A store sells something through the ops API, paid at the till.
  const token = issueToken(E2E_SECRET, { sub: 'e2e-pos', role: 'store', location_id: 'ST-SH-01' })
  const placed = await request.post('/api/v1/orders', {
    headers: { authorization: `Bearer ${token}` },
    data: { channel: 'store', external_id: `e2e-${Date.now()}`, location_id: 'ST-SH-01', lines: [{ sku: 'SKU-0001', quantity: 1 }], pay: true },
  })
  expect(placed.status(), await placed.text()).toBe(201)

  // The dashboard refreshes itself and shows one more paid order.
  await expect.poll(async () => number(await orders.textContent()), { timeout: 30_000 }).toBe(before + 1)

  // Today is drawn by the hour; the chart has data, not an error.
  await page.getByTestId('range-select').selectOption('today')
  await expect(page.getByTestId('dashboard-chart')).toHaveAttribute('data-state', 'ready')
  await page.getByTestId('locale-en').click()
  await expect(page.getByTestId('channel-table')).toContainText('Net revenue')
})

test('a malformed order gets a 400 naming the field', async ({ request }) => {
  const token = issueToken(E2E_SECRET, { sub: 'e2e-ops', role: 'ops' })
  const res = await request.post('/api/v1/orders', {
    headers: { authorization: `Bearer ${token}` },
    data: { channel: 'web', external_id: 'bad-1', lines: [{ sku: 'SKU-0001', quantity: 'two' }] },
  })
  expect(res.status()).toBe(400)
  expect(await res.json()).toMatchObject({ error: { code: 'invalid_body', field: 'lines.0.quantity' } })
})
