import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueToken } from '@/lib/auth/tokens'
import { closeClickHouse } from '@/lib/clickhouse/client'
import { closeDb, db } from '@/lib/db'
import { pruneNotifications } from '@/lib/ops/notifications'
import { receiveStock } from '@/lib/ops/stock'
import { seedCatalogue, useEmbeddedConfig } from './stores'

/**
 * The order-centre, transfer, notification and settings routes called with real Requests:
 * permissions, row scope (channel tokens, store users), 400 naming the field, 409 naming from → to.
 */
const SECRET = 'ops-api-test-secret-0123456789'
const auth = (claims: Parameters<typeof issueToken>[1]) => `Bearer ${issueToken(SECRET, claims)}`
const OPS = auth({ sub: 'ops', role: 'ops' })
const ADMIN = auth({ sub: 'admin', role: 'admin' })
const STORE = auth({ sub: 'store', role: 'store', location_id: 'ST-SH-01' })
const TMALL = auth({ sub: 'tmall-shop', role: 'channel', channel: 'tmall' })

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>
async function call(handler: Handler, url: string, who: string, body?: unknown, params: Record<string, string> = {}) {
  const init: RequestInit = { method: body === undefined ? 'GET' : 'POST', headers: { authorization: who, 'content-type': 'application/json' } }
  if (body !== undefined) init.body = JSON.stringify(body)
  const res = await handler(new Request(`http://x${url}`, init), { params: Promise.resolve(params) })
  return { status: res.status, json: await res.json() }
}

let orders: typeof import('@/app/api/v1/orders/route')
let actions: typeof import('@/app/api/v1/orders/[id]/actions/route')
let transfers: typeof import('@/app/api/v1/transfers/route')
let transferActions: typeof import('@/app/api/v1/transfers/[id]/actions/route')
let notifications: typeof import('@/app/api/v1/notifications/route')
let readNotification: typeof import('@/app/api/v1/notifications/[id]/read/route')
let settings: typeof import('@/app/api/v1/settings/route')
let channels: typeof import('@/app/api/v1/stock/channels/route')
let reconcile: typeof import('@/app/api/v1/stock/reconcile/route')
let movements: typeof import('@/app/api/v1/stock/movements/route')

beforeAll(async () => {
  useEmbeddedConfig(SECRET)
  await seedCatalogue(await db())
  await receiveStock(await db(), { sku: 'SKU-A', location_id: 'WH-SH', quantity: 20, unit_cost: '80.00' }, 'test')
  await receiveStock(await db(), { sku: 'SKU-B', location_id: 'ST-SH-01', quantity: 5, unit_cost: '40.00' }, 'test')
  orders = await import('@/app/api/v1/orders/route')
  actions = await import('@/app/api/v1/orders/[id]/actions/route')
  transfers = await import('@/app/api/v1/transfers/route')
  transferActions = await import('@/app/api/v1/transfers/[id]/actions/route')
  notifications = await import('@/app/api/v1/notifications/route')
  readNotification = await import('@/app/api/v1/notifications/[id]/read/route')
  settings = await import('@/app/api/v1/settings/route')
  channels = await import('@/app/api/v1/stock/channels/route')
  reconcile = await import('@/app/api/v1/stock/reconcile/route')
  movements = await import('@/app/api/v1/stock/movements/route')
})
afterAll(async () => {
  await closeDb()
  await closeClickHouse()
})

describe('order centre API', () => {
  let tmallOrder: string
  let storeOrder: string

  it('lists orders within the caller’s scope', async () => {
    tmallOrder = (await call(orders.POST, '/api/v1/orders', TMALL, { channel: 'tmall', external_id: 'T-1', lines: [{ sku: 'SKU-A', quantity: 3 }], pay: true })).json.order_id
    storeOrder = (await call(orders.POST, '/api/v1/orders', STORE, { channel: 'store', external_id: 'S-1', location_id: 'ST-SH-01', lines: [{ sku: 'SKU-B', quantity: 1 }], pay: true })).json.order_id
    expect((await call(orders.GET, '/api/v1/orders', OPS)).json.total).toBe(2)
    expect((await call(orders.GET, '/api/v1/orders', TMALL)).json.orders.map((o: { external_id: string }) => o.external_id)).toEqual(['T-1'])
    expect((await call(orders.GET, '/api/v1/orders?channel=web', TMALL)).json.total).toBe(0)
    expect((await call(orders.GET, '/api/v1/orders', STORE)).json.orders.map((o: { external_id: string }) => o.external_id)).toEqual(['S-1'])
    expect((await call(orders.GET, '/api/v1/orders?q=T-', OPS)).json.total).toBe(1)
    expect((await call(orders.GET, '/api/v1/orders?status=shipped', OPS)).json.total).toBe(0)
    const bad = await call(orders.GET, '/api/v1/orders?status=lost&from=yesterday', OPS)
    expect(bad).toMatchObject({ status: 400, json: { error: { code: 'invalid_parameter' } } })
  })

  it('ships in parts and takes returns over HTTP, naming the field or the transition it refuses', async () => {
    const url = `/api/v1/orders/${tmallOrder}/actions`
    const params = { id: tmallOrder }
    expect((await call(actions.POST, url, OPS, { action: 'return' }, params))).toMatchObject({ status: 400, json: { error: { field: 'lines' } } })
    expect((await call(actions.POST, url, OPS, { action: 'ship', lines: [{ line_no: 1, quantity: 0 }] }, params))).toMatchObject({ status: 400, json: { error: { field: 'lines.0.quantity' } } })
    expect((await call(actions.POST, url, OPS, { action: 'ship', lines: [{ line_no: 1, quantity: 4 }] }, params))).toMatchObject({ status: 409, json: { error: { code: 'quantity_exceeded', field: 'lines.0.quantity' } } })
    expect((await call(actions.POST, url, OPS, { action: 'ship', lines: [{ line_no: 1, quantity: 1 }], note: 'parcel 1' }, params))).toMatchObject({ status: 200, json: { status: 'pending_shipment' } })
    expect((await call(actions.POST, url, OPS, { action: 'complete' }, params))).toMatchObject({
      status: 409,
      json: { error: { code: 'illegal_transition', message: expect.stringContaining('pending_shipment → completed') } },
    })
    expect((await call(actions.POST, url, OPS, { action: 'ship' }, params)).json.status).toBe('shipped')
    const returned = await call(actions.POST, url, OPS, { action: 'return', lines: [{ line_no: 1, quantity: 1 }] }, params)
    expect(returned.json).toMatchObject({ status: 'shipped', refunded: '199.00', lines: [{ returned_quantity: 1 }] })
    // A channel token cannot act on another channel's order; it reads as not found.
    expect((await call(actions.POST, `/api/v1/orders/${storeOrder}/actions`, TMALL, { action: 'ship' }, { id: storeOrder })).status).toBe(404)
  })

  it('notifies the store to pick; a store user reads and marks only their store’s notices', async () => {
    const inbox = await call(notifications.GET, '/api/v1/notifications', STORE)
    expect(inbox.json.notifications.map((n: { reference: string }) => n.reference)).toEqual([storeOrder])
    const all = await call(notifications.GET, '/api/v1/notifications', OPS)
    const other = all.json.notifications.find((n: { reference: string }) => n.reference === tmallOrder)
    expect(other.location_id).toBe('WH-SH')
    expect((await call(readNotification.POST, `/api/v1/notifications/${other.notification_id}/read`, STORE, undefined, { id: String(other.notification_id) })).status).toBe(404)
    const mine = inbox.json.notifications[0].notification_id
    // No body: POST without one.
    const res = await readNotification.POST(new Request(`http://x/api/v1/notifications/${mine}/read`, { method: 'POST', headers: { authorization: STORE } }), { params: Promise.resolve({ id: String(mine) }) })
    expect(res.status).toBe(200)
    expect((await call(notifications.GET, '/api/v1/notifications?unread=true', STORE)).json.unread).toBe(0)
    expect((await call(notifications.GET, '/api/v1/notifications', TMALL)).status).toBe(403)
    // Housekeeping drops notices after the retention period, not before.
    expect(await pruneNotifications(await db())).toBe(0)
    expect(await pruneNotifications(await db(), new Date(Date.now() + 31 * 86_400_000))).toBeGreaterThan(0)
  })

  it('lets store users move transfers only from and to their store', async () => {
    const theirs = await call(transfers.POST, '/api/v1/transfers', STORE, { from_location_id: 'WH-SH', to_location_id: 'WH-BJ', lines: [{ sku: 'SKU-A', quantity: 1 }] })
    expect(theirs.status).toBe(403)
    const same = await call(transfers.POST, '/api/v1/transfers', OPS, { from_location_id: 'WH-SH', to_location_id: 'WH-SH', lines: [{ sku: 'SKU-A', quantity: 1 }] })
    expect(same).toMatchObject({ status: 400, json: { error: { field: 'to_location_id' } } })
    const t = await call(transfers.POST, '/api/v1/transfers', OPS, { from_location_id: 'WH-SH', to_location_id: 'ST-SH-01', lines: [{ sku: 'SKU-A', quantity: 2 }] })
    expect(t.status).toBe(201)
    const id = t.json.transfer_id as string
    const act = (who: string, action: string) => call(transferActions.POST, `/api/v1/transfers/${id}/actions`, who, { action }, { id })
    expect((await act(STORE, 'ship')).status).toBe(403) // it leaves the warehouse, not the store
    expect((await act(OPS, 'ship')).json.status).toBe('shipped')
    expect((await act(STORE, 'receive')).json.status).toBe('received')
    expect((await act(OPS, 'cancel'))).toMatchObject({ status: 409, json: { error: { message: expect.stringContaining('received → cancelled') } } })
    expect((await call(transfers.GET, '/api/v1/transfers', STORE)).json.transfers).toHaveLength(1)
    const ledger = await call(movements.GET, `/api/v1/stock/movements?reference=${id}`, STORE)
    expect(ledger.json.movements.every((m: { location_id: string }) => m.location_id === 'ST-SH-01')).toBe(true)
    expect((await call(reconcile.GET, '/api/v1/stock/reconcile', OPS)).json.mismatches).toEqual([])
  })

  it('changes settings for admins only, validated and audited; channel tokens see their own availability', async () => {
    expect((await call(settings.POST, '/api/v1/settings', OPS, { unpaid_expiry_minutes: 10 })).status).toBe(403)
    expect(await call(settings.POST, '/api/v1/settings', ADMIN, { unpaid_expiry_minutes: 0 })).toMatchObject({ status: 400, json: { error: { field: 'unpaid_expiry_minutes' } } })
    expect(await call(settings.POST, '/api/v1/settings', ADMIN, { channel_buffers: { amazon: 1 } })).toMatchObject({ status: 400, json: { error: { field: expect.stringContaining('channel_buffers') } } })
    expect(await call(settings.POST, '/api/v1/settings', ADMIN, { surprise: 1 })).toMatchObject({ status: 400 })
    const saved = await call(settings.POST, '/api/v1/settings', ADMIN, { unpaid_expiry_minutes: 10, channel_buffers: { tmall: 2 } })
    expect(saved.json.settings).toMatchObject({ unpaid_expiry_minutes: 10, channel_buffers: { tmall: 2 } })
    const read = await call(settings.GET, '/api/v1/settings', OPS)
    expect(read.json.audit.map((a: { subject: string; actor: string }) => [a.subject, a.actor])).toEqual([
      ['settings.channel_buffers', 'token:admin'],
      ['settings.unpaid_expiry_minutes', 'token:admin'],
    ])
    const mine = await call(channels.GET, '/api/v1/stock/channels?sku=SKU-A&channel=web', TMALL)
    expect(mine.json.rows).toHaveLength(1)
    expect(mine.json.rows[0]).toMatchObject({ channel: 'tmall', buffer: 2, quantity: mine.json.rows[0].pool_available - 2 })
  })
})
