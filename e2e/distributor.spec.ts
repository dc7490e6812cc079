import { expect, test, type Browser } from '@playwright/test'
import { signIn } from './sign-in'

/**
 * The distributor journey: an order within the credit limit is placed; one over the limit is
 * held; finance approves it (it becomes an order in the order centre); ops ships it; the
 * distributor's statement then shows the invoice.
 *
 * Demo data: HD-001 (user `distributor`) is gold — skincare 15 % off, 20 % from 100 units — with a
 * ¥50 000 limit;
 * the distributor promotion saves ¥200 per ¥5 000, at most ¥2 000.
 */
async function as(browser: Browser, username: string, path: string) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await signIn(page, username, path)
  return { context, page }
}

test('a distributor orders within and over its credit limit; finance approves; ops ships', async ({ browser, request }) => {
  await expect.poll(async () => (await request.get('/api/health')).status(), { timeout: 90_000 }).toBe(200)

  const distributor = await as(browser, 'distributor', '/portal')
  const portal = distributor.page
  await expect(portal.getByTestId('portal-account')).toContainText('金牌')
  // ¥89.00 less 15 % = ¥75.65.
  await expect(portal.getByTestId('portal-price-SKU-0003')).toContainText('¥75.65')

  // Within the limit: 10 × ¥75.65 = ¥756.50 → placed.
  await portal.getByTestId('portal-qty-SKU-0003').fill('10')
  await portal.getByTestId('portal-review').click()
  await expect(portal.getByTestId('portal-quote')).toHaveAttribute('data-within', 'true')
  await expect(portal.getByTestId('portal-quote-total')).toContainText('¥756.50')
  await portal.getByTestId('portal-place').click()
  await expect(portal.getByTestId('portal-outcome')).toHaveAttribute('data-status', 'placed')
  await expect(portal.getByTestId('portal-credit-open')).toContainText('¥756.50')

  // Over the limit: 200 × ¥263.20 (skincare from 100 units: 20 % off ¥329.00) = ¥52 640.00, less the
  // capped ¥2 000 = ¥50 640.00; with the open ¥756.50 that is over ¥50 000 → held.
  await portal.getByTestId('portal-qty-SKU-0002').fill('200')
  await portal.getByTestId('portal-review').click()
  await expect(portal.getByTestId('portal-quote')).toHaveAttribute('data-within', 'false')
  await expect(portal.getByTestId('portal-quote-total')).toContainText('¥50,640.00')
  await portal.getByTestId('portal-place').click()
  await expect(portal.getByTestId('portal-outcome')).toHaveAttribute('data-status', 'held')
  await expect(portal.getByTestId('portal-credit-held')).toContainText('¥50,640.00')
  await expect(portal.getByTestId('portal-history')).toContainText('待审批')

  // Finance approves the held order.
  const finance = await as(browser, 'finance', '/finance')
  const approve = finance.page.locator('[data-testid^="hold-approve-"]')
  await expect(approve).toHaveCount(1)
  await expect(finance.page.getByTestId('finance-holds')).toContainText('¥50,640.00')
  await approve.click()
  await expect(finance.page.getByTestId('finance-holds')).toContainText('没有待审批的订单')
  const placed = await (await finance.page.request.get('/api/v1/credit-holds?status=placed')).json()
  const approved = placed.requests.find((r: { total: string }) => r.total === '50640.00')
  expect(approved).toMatchObject({ status: 'placed', decided_by: 'user:finance', order_status: 'pending_shipment' })

  // Ops ships it through the order API.
  const ops = await as(browser, 'ops', '/')
  const shipped = await ops.page.request.post(`/api/v1/orders/${approved.order_id}/actions`, { data: { action: 'ship' } })
  expect(shipped.status()).toBe(200)
  expect((await shipped.json()).status).toBe('shipped')

  // The distributor sees it shipped, and invoiced on its statement.
  await portal.reload()
  await expect(portal.getByTestId(`portal-request-status-${approved.request_id}`)).toContainText('已下单')
  await expect(portal.getByTestId('portal-history')).toContainText('已发货')
  await expect(portal.getByTestId('portal-statement-closing')).toContainText('¥50,640.00')
  await expect(portal.getByTestId('portal-credit-receivable')).toContainText('¥50,640.00')

  // A distributor cannot approve, nor see the finance page's data.
  expect((await portal.request.post(`/api/v1/credit-holds/${approved.request_id}/approve`, { data: {} })).status()).toBe(403)
  expect((await portal.request.get('/api/v1/distributors')).status()).toBe(403)
  for (const c of [distributor, finance, ops]) await c.context.close()
})

test('an admin maintains a price list: a conflicting rule and a bad value are refused next to their fields', async ({ browser }) => {
  const admin = await as(browser, 'admin', '/pricing')
  const page = admin.page
  await page.getByTestId('tier-edit-gold').click()
  await expect(page.getByTestId('tier-form')).toBeVisible()
  // A second skincare rule from quantity 1 overlaps skincare-15.
  await page.getByTestId('rule-add').click()
  const n = (await page.locator('[data-testid^="rule-row-"]').count()) - 1
  await page.getByTestId(`rule-${n}-rule_id`).fill('skincare-12')
  await page.getByTestId(`rule-${n}-target`).fill('skincare')
  await page.getByTestId(`rule-${n}-value`).fill('12')
  await page.getByTestId('tier-save').click()
  await expect(page.getByTestId('tier-error-price_rules')).toContainText('skincare-15')
  await expect(page.getByTestId('tier-error-price_rules')).toContainText('skincare-12')
  // A percentage that is not one is refused on that rule's value.
  await page.getByTestId(`rule-${n}-min_quantity`).fill('500')
  await page.getByTestId(`rule-${n}-value`).fill('120')
  await page.getByTestId('tier-save').click()
  await expect(page.getByTestId(`rule-${n}-error-value`)).toBeVisible()
  // Fixed: 25 % off from 500 units is a valid break; it is saved.
  await page.getByTestId(`rule-${n}-value`).fill('25')
  await page.getByTestId('tier-save').click()
  await expect(page.getByTestId('tier-saved')).toBeVisible()

  // A promotion that ends before it starts is refused on the end field.
  await page.getByTestId('promotion-promotion_id').fill('bad-window')
  await page.getByTestId('promotion-name').fill('测试')
  await page.getByTestId('promotion-threshold').fill('100.00')
  await page.getByTestId('promotion-discount').fill('10.00')
  await page.getByTestId('promotion-ends_at').fill('2020-01-01T00:00')
  await page.getByTestId('promotion-save').click()
  await expect(page.getByTestId('promotion-error-ends_at')).toBeVisible()
  await admin.context.close()
})
