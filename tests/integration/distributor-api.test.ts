import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueToken } from '@/lib/auth/tokens'
import type { Role } from '@/lib/auth/permissions'
import { closeDb, db, type Db } from '@/lib/db'
import { seedDemoCommerce } from '@/lib/distributors/demo'
import { receiveStock } from '@/lib/ops/stock'
import { seedCatalogue, useEmbeddedConfig } from './stores'

/**
 * The pricing, distributor and portal routes through their handlers on PGlite: permissions,
 * 400s naming the field, 409 naming conflicting rules, and a distributor confined to its own
 * account — other accounts' orders, requests and statements are out of reach whatever it sends.
 */
const SECRET = 'distributor-api-secret-0123456789'
const bearer = (sub: string, role: Role, distributor_id?: string) => `Bearer ${issueToken(SECRET, { sub, role, ...(distributor_id ? { distributor_id } : {}) })}`
const EAST = bearer('east', 'distributor', 'HD-001')
const NORTH = bearer('north', 'distributor', 'BJ-002')
const UNLINKED = bearer('nobody', 'distributor')
const FINANCE = bearer('fin', 'finance')
const ADMIN = bearer('adm', 'admin')
const OPS = bearer('op', 'ops')

let store: Db
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>
const routes: Record<string, Partial<Record<'GET' | 'POST', Handler>>> = {}

beforeAll(async () => {
  useEmbeddedConfig(SECRET)
  store = await db()
  await seedCatalogue(store) // SKU-A skincare 199.00, SKU-B makeup 129.50, SKU-C snacks 39.90
  for (const sku of ['SKU-A', 'SKU-B', 'SKU-C']) await receiveStock(store, { sku, location_id: 'WH-SH', quantity: 1_000, unit_cost: '10.00' }, 'test')
  await store.query(`INSERT INTO skus (sku, name_zh, name_en, category, list_price_cents) VALUES ('SKU-0001', '精华', 'Serum', 'skincare', 25900)`)
  await seedDemoCommerce(store)
  routes.tiers = await import('@/app/api/v1/pricing/tiers/route')
  routes.promotions = await import('@/app/api/v1/pricing/promotions/route')
  routes.quote = await import('@/app/api/v1/pricing/quote/route')
  routes.distributors = await import('@/app/api/v1/distributors/route')
  routes.statement = await import('@/app/api/v1/distributors/[id]/statement/route')
  routes.payments = await import('@/app/api/v1/distributors/[id]/payments/route')
  routes.holds = await import('@/app/api/v1/credit-holds/route')
  routes.approve = await import('@/app/api/v1/credit-holds/[id]/approve/route')
  routes.reject = await import('@/app/api/v1/credit-holds/[id]/reject/route')
  routes.catalogue = await import('@/app/api/v1/portal/catalogue/route')
  routes.portalQuote = await import('@/app/api/v1/portal/quote/route')
  routes.portalOrders = await import('@/app/api/v1/portal/orders/route')
  routes.cancel = await import('@/app/api/v1/portal/orders/[id]/cancel/route')
  routes.portalStatement = await import('@/app/api/v1/portal/statement/route')
  routes.order = await import('@/app/api/v1/orders/[id]/route')
  routes.orders = await import('@/app/api/v1/orders/route')
  routes.actions = await import('@/app/api/v1/orders/[id]/actions/route')
  routes.rebates = await import('@/app/api/v1/rebates/route')
  routes.payouts = await import('@/app/api/v1/rebates/payouts/route')
})
afterAll(async () => closeDb())

async function call(name: string, method: 'GET' | 'POST', auth: string, opts: { path?: string; id?: string; body?: unknown } = {}) {
  const init: RequestInit = { method, headers: { authorization: auth, 'content-type': 'application/json' } }
  if (opts.body !== undefined) init.body = JSON.stringify(opts.body)
  const res = await routes[name]![method]!(new Request(`http://x${opts.path ?? '/'}`, init), { params: Promise.resolve<Record<string, string>>(opts.id ? { id: opts.id } : {}) })
  return { status: res.status, body: (await res.json()) as Record<string, any> }
}
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })

describe('pricing API', () => {
  it('refuses overlapping rules with 409 naming them, and bad fields with 400', async () => {
    const conflict = await call('tiers', 'POST', ADMIN, {
      body: {
        tier_id: 'gold',
        name: 'Gold',
        price_rules: [
          { rule_id: 'a', scope: 'sku', target: 'SKU-A', min_quantity: 5, kind: 'price', price: '150.00' },
          { rule_id: 'b', scope: 'sku', target: 'SKU-A', min_quantity: 5, kind: 'price', price: '140.00' },
        ],
      },
    })
    expect(conflict.status).toBe(409)
    expect(conflict.body.error).toMatchObject({ code: 'price_list_conflict', field: 'price_rules' })
    expect(conflict.body.error.message).toContain('rules a and b conflict')
    const bad = await call('promotions', 'POST', ADMIN, { body: { promotion_id: 'p', name: 'x', threshold: '10', discount: 'lots', channels: ['web'], starts_at: '2026-01-01T00:00:00Z', ends_at: '2027-01-01T00:00:00Z' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe('discount')
    expect((await call('tiers', 'POST', OPS, { body: { tier_id: 'x', name: 'x' } })).status).toBe(403)
    expect((await call('tiers', 'GET', EAST)).status).toBe(403)
  })

  it('quotes the same promotion price on every channel it covers', async () => {
    const body = (channel: string) => ({ channel, tier_id: 'gold', lines: [{ sku: 'SKU-A', quantity: 30 }] })
    const web = await call('quote', 'POST', OPS, { body: body('web') })
    const dist = await call('quote', 'POST', OPS, { body: body('distributor') })
    const tmall = await call('quote', 'POST', OPS, { body: body('tmall') })
    // Gold: skincare 15 % off → 169.15 × 30 = 5 074.50; the demo promotion (distributor, web) takes
    // 200.00 off, given to the cent as the line's discount: 4 874.50.
    expect(web.body.tier_total).toBe('5074.50')
    expect(web.body.promotions).toEqual([{ promotion_id: 'dist-5000-200', name: '分销每满5000减200（最高减2000）', discount: '200.00' }])
    expect(web.body.promotion_discount).toBe('200.00')
    expect(web.body.total).toBe('4874.50')
    expect(dist.body).toEqual(web.body)
    expect(tmall.body.total).toBe('5074.50')
  })
})

describe('distributor portal', () => {
  let heldId = ''
  let northOrder = ''
  it('shows the caller its own tier prices and availability', async () => {
    const cat = await call('catalogue', 'GET', EAST)
    expect(cat.status).toBe(200)
    expect(cat.body.distributor).toMatchObject({ distributor_id: 'HD-001', tier_id: 'gold' })
    expect(cat.body.items.find((i: { sku: string }) => i.sku === 'SKU-A')).toMatchObject({ list_price: '199.00', tier_price: '169.15', available: 1_000 })
    const north = await call('catalogue', 'GET', NORTH)
    expect(north.body.items.find((i: { sku: string }) => i.sku === 'SKU-A')).toMatchObject({ tier_price: '183.08' }) // silver: 8 % off
    expect((await call('catalogue', 'GET', UNLINKED)).status).toBe(403)
    expect((await call('catalogue', 'GET', FINANCE)).status).toBe(403)
  })

  it('places within the limit (201) and holds over it (202)', async () => {
    const quote = await call('portalQuote', 'POST', NORTH, { body: { lines: [{ sku: 'SKU-C', quantity: 10 }] } })
    expect(quote.body).toMatchObject({ within_limit: true, exposure_with_order: '399.00' })
    const placed = await call('portalOrders', 'POST', NORTH, { body: { lines: [{ sku: 'SKU-C', quantity: 10 }] } })
    expect(placed.status).toBe(201)
    northOrder = placed.body.order.order_id
    // HD-001 has ¥50 000. Gold makeup −10 %: 300 × 116.55 = 34 965, less 6 × 200 (每满5000减200) = 33 765 → within;
    // another 200 × 116.55 = 23 310 less 4 × 200 = 22 510 → 56 275 > 50 000: held.
    const first = await call('portalOrders', 'POST', EAST, { body: { lines: [{ sku: 'SKU-B', quantity: 300 }] } })
    expect(first.status).toBe(201)
    const over = await call('portalOrders', 'POST', EAST, { body: { lines: [{ sku: 'SKU-B', quantity: 200 }] } })
    expect(over.status).toBe(202)
    expect(over.body).toMatchObject({ status: 'held', order: null })
    heldId = over.body.request.request_id
    const bad = await call('portalOrders', 'POST', EAST, { body: { lines: [{ sku: 'SKU-B', quantity: 0 }] } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe('lines.0.quantity')
  })

  it('keeps each distributor to its own orders, requests and statement', async () => {
    const mine = await call('portalOrders', 'GET', NORTH)
    expect(mine.body.requests.map((r: { distributor_id: string }) => r.distributor_id)).toEqual(['BJ-002'])
    expect((await call('order', 'GET', NORTH, { id: northOrder })).status).toBe(200)
    expect((await call('order', 'GET', EAST, { id: northOrder })).status).toBe(404)
    expect((await call('actions', 'POST', EAST, { id: northOrder, body: { action: 'cancel' } })).status).toBe(404)
    expect((await call('cancel', 'POST', NORTH, { id: heldId })).status).toBe(404)
    // The direct order API is closed to distributors: no credit check there.
    const direct = await call('orders', 'POST', EAST, { body: { channel: 'distributor', external_id: 'HD-001:sneaky', lines: [{ sku: 'SKU-A', quantity: 1 }] } })
    expect(direct.status).toBe(403)
    for (const [name, method] of [['distributors', 'GET'], ['holds', 'GET'], ['rebates', 'GET']] as const) expect((await call(name, method, EAST, { path: '/?period=2026Q4' })).status).toBe(403)
    expect((await call('statement', 'GET', EAST, { id: 'BJ-002', path: `/?from=${today()}&to=${today()}` })).status).toBe(403)
    expect((await call('approve', 'POST', EAST, { id: heldId, body: {} })).status).toBe(403)
  })

  it('lets finance approve a hold, ops ship it, and record a payment shown on the statement', async () => {
    const holds = await call('holds', 'GET', FINANCE)
    expect(holds.body.requests.map((r: { request_id: string }) => r.request_id)).toEqual([heldId])
    const approved = await call('approve', 'POST', FINANCE, { id: heldId, body: { note: 'ok' } })
    expect(approved.status).toBe(200)
    expect(approved.body.order).toMatchObject({ channel: 'distributor', status: 'pending_shipment', total: '22510.00' })
    expect((await call('approve', 'POST', FINANCE, { id: heldId, body: {} })).status).toBe(409)
    const shipped = await call('actions', 'POST', OPS, { id: approved.body.order.order_id, body: { action: 'ship' } })
    expect(shipped.body.status).toBe('shipped')
    expect((await call('payments', 'POST', FINANCE, { id: 'HD-001', body: { amount: '2510.00', received_on: today() } })).status).toBe(201)
    expect((await call('payments', 'POST', EAST, { id: 'HD-001', body: { amount: '1.00', received_on: today() } })).status).toBe(403)
    const bad = await call('payments', 'POST', FINANCE, { id: 'HD-001', body: { amount: '-1', received_on: 'yesterday' } })
    expect(bad.status).toBe(400)
    const s = await call('portalStatement', 'GET', EAST, { path: `/?from=${today()}&to=${today()}` })
    expect(s.body).toMatchObject({ opening_balance: '0.00', invoiced: '22510.00', paid: '2510.00', closing_balance: '20000.00' })
    const accounts = await call('distributors', 'GET', FINANCE)
    const east = accounts.body.distributors.find((d: { distributor_id: string }) => d.distributor_id === 'HD-001')
    // Receivable 20 000 + the open first order 33 765.
    expect(east.credit).toMatchObject({ receivable: '20000.00', open_orders: '33765.00', held: '0.00', exposure: '53765.00', headroom: '-3765.00' })
    const rebates = await call('rebates', 'GET', FINANCE, { path: `/?period=bad` })
    expect(rebates.status).toBe(400)
    expect(rebates.body.error.field).toBe('period')
  })
})
