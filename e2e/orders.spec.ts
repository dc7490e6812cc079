import { expect, test } from '@playwright/test'
import { LOCATIONS } from '../lib/demo/locations'
import { signIn } from './sign-in'

/** Operations ship an order in two parcels; the store it was routed to sees the pick notice. */
const EXTERNAL_ID = `E2E-${Date.now()}`
const STORE = LOCATIONS.find((l) => l.location_id === 'ST-SH-01')!

test('ops finds an order, ships part of it, then the rest', async ({ page }) => {
  await signIn(page, 'ops', '/orders')
  await expect(page.getByTestId('orders-page')).toBeVisible()
  // Two SKUs the store holds, topped up so it can serve the order; then the order, routed by its delivery point.
  const stock = await (await page.request.get('/api/v1/stock?location_id=ST-SH-01')).json()
  const skus: string[] = stock.rows.slice(0, 2).map((r: { sku: string }) => r.sku)
  expect(skus).toHaveLength(2)
  for (const sku of skus) {
    const receipt = await page.request.post('/api/v1/stock/receipts', { data: { sku, location_id: 'ST-SH-01', quantity: 10, unit_cost: '10.00' } })
    expect(receipt.status()).toBe(201)
  }
  const placed = await page.request.post('/api/v1/orders', {
    data: { channel: 'web', external_id: EXTERNAL_ID, delivery: { lat: STORE.lat, lng: STORE.lng }, lines: [{ sku: skus[0], quantity: 3 }, { sku: skus[1], quantity: 1 }], pay: true },
  })
  expect(placed.status()).toBe(201)
  const order = await placed.json()
  expect(order).toMatchObject({ location_id: 'ST-SH-01', status: 'pending_shipment' })

  await page.getByTestId('order-search').fill(EXTERNAL_ID)
  await page.getByTestId('order-search-submit').click()
  await expect(page).toHaveURL(new RegExp(`q=${EXTERNAL_ID}`))
  await page.getByTestId(`order-link-${EXTERNAL_ID}`).click()
  await expect(page.getByTestId('order-detail')).toHaveAttribute('data-status', 'pending_shipment')

  // First parcel: 2 of line 1 only.
  await page.getByTestId('ship-qty-1').fill('2')
  await page.getByTestId('ship-qty-2').fill('0')
  await page.getByTestId('ship-submit').click()
  await expect(page.getByTestId('shipped-1')).toHaveText('2')
  await expect(page.getByTestId('shipped-2')).toHaveText('0')
  await expect(page.getByTestId('order-detail')).toHaveAttribute('data-status', 'pending_shipment')
  await expect(page.getByTestId('action-cancel')).toHaveCount(0) // part of it has left

  // The rest: the form offers what is left.
  await expect(page.getByTestId('ship-qty-1')).toHaveValue('1')
  await expect(page.getByTestId('ship-qty-2')).toHaveValue('1')
  await page.getByTestId('ship-submit').click()
  await expect(page.getByTestId('order-detail')).toHaveAttribute('data-status', 'shipped')
  await expect(page.getByTestId('shipped-1')).toHaveText('3')
  await expect(page.getByTestId('order-timeline').locator('li[data-action="ship"]')).toHaveCount(2)
  await expect(page.getByTestId('return-form')).toBeVisible()
})

test('the store user sees the pick notice of the order routed to their store', async ({ page }) => {
  await signIn(page, 'store', '/orders')
  const notice = page.getByTestId('notification-pick').filter({ hasText: 'E2E-' }).first()
  await expect(notice).toBeVisible()
  await expect(notice).toContainText('ST-SH-01')
  // Store users see only their store's orders in the list.
  await page.getByTestId('order-search').fill('E2E-')
  await page.getByTestId('order-search-submit').click()
  await expect(page.getByTestId('orders-table').locator('tbody tr').first()).toContainText('ST-SH-01')
})

test('an admin sets a channel buffer that takes effect at once, and reads a position’s ledger on the stock page', async ({ page }) => {
  await signIn(page, 'admin', '/settings')
  await page.getByTestId('setting-buffer-tmall').fill('5')
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-message')).toHaveText(/已保存/)
  await expect(page.getByTestId('settings-audit')).toContainText('settings.channel_buffers')

  const stock = await (await page.request.get('/api/v1/stock?location_id=ST-SH-01')).json()
  const sku: string = stock.rows[0].sku
  await page.goto(`/stock?sku=${sku}&location_id=ST-SH-01`)
  await page.getByTestId(`stock-row-${sku}@ST-SH-01`).click()
  // The journey above shipped this SKU from the store: sales in its ledger.
  await expect(page.getByTestId('movements-table')).toContainText('销售出库')
  const tmall = page.getByTestId('channel-table').locator('tr', { hasText: '天猫' })
  await expect(tmall.locator('td').nth(1)).toHaveText('5')
})
