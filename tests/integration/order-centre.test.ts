import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Principal } from '@/lib/auth/permissions'
import type { Db } from '@/lib/db'
import type { AnyEvent } from '@/lib/events'
import { publishChannelAvailability } from '@/lib/ops/channel-availability'
import { reconcileStock, stockMovements } from '@/lib/ops/ledger'
import { listNotifications } from '@/lib/ops/notifications'
import { upsertSkus } from '@/lib/ops/catalogue'
import { actOnOrder, expireUnpaidOrders, getOrder, listOrders, placeOrder } from '@/lib/ops/orders'
import { decideSuggestion, evaluateReplenishment, listSuggestions, upsertRule } from '@/lib/ops/replenishment'
import { getSettings, settingsAudit, updateSettings } from '@/lib/ops/settings'
import { receiveStock, stockBalances } from '@/lib/ops/stock'
import { actOnTransfer } from '@/lib/ops/transfer-actions'
import { getTransfer, requestTransfer } from '@/lib/ops/transfers'
import { migratePostgres } from '@/lib/db/migrate'
import { openPostgres } from '@/lib/db/postgres'
import { catalogueDb, freshDatabaseUrl, hasPostgres } from './stores'

const kinds = (['pglite', 'postgres'] as const).filter((k) => k === 'pglite' || hasPostgres)
const who = { actor: 'test' }
const ops: Principal = { kind: 'user', name: 'ops', role: 'ops' }
const storeUser: Principal = { kind: 'user', name: 'store', role: 'store', location_id: 'ST-SH-01' }

describe.each(kinds)('order centre and stock pool (%s)', (kind) => {
  let db: Db
  beforeAll(async () => {
    db = await catalogueDb(kind)
  })
  afterAll(() => db?.close())

  const balance = async (sku: string, location: string) => (await stockBalances(db, { sku, location_id: location }))[0]
  const outboxEvents = async (type: string) =>
    (await db.query<{ payload: string }>('SELECT payload FROM outbox ORDER BY id')).map((r) => JSON.parse(r.payload) as AnyEvent).filter((e) => e.type === type)
  const reconciles = async () => expect((await reconcileStock(db)).mismatches).toEqual([])

  it('ships an order in parts, takes back part of it, restocks and refunds to the cent', async () => {
    await receiveStock(db, { sku: 'SKU-A', location_id: 'WH-BJ', quantity: 10, unit_cost: '80.00' }, 'test')
    await receiveStock(db, { sku: 'SKU-B', location_id: 'WH-BJ', quantity: 10, unit_cost: '40.00' }, 'test')
    const { order } = await placeOrder(
      db,
      { channel: 'tmall', external_id: 'PS-1', lines: [{ sku: 'SKU-A', quantity: 3, unit_price: '100.00', discount: '10.00' }, { sku: 'SKU-B', quantity: 2 }], pay: true, coupon_code: 'SAVE10' },
      who,
    )
    // No delivery point: the first warehouse by id that can serve it.
    expect(order).toMatchObject({ location_id: 'WH-BJ', status: 'pending_shipment', coupon_code: 'SAVE10', total: '549.00' })
    expect(await balance('SKU-A', 'WH-BJ')).toMatchObject({ on_hand: 10, reserved: 3, available: 7 })

    const part = await actOnOrder(db, order.order_id, 'ship', { actor: 'ops' }, undefined, { lines: [{ line_no: 1, quantity: 2 }], note: 'first parcel' })
    expect(part.status).toBe('pending_shipment')
    expect(part.lines.map((l) => l.shipped_quantity)).toEqual([2, 0])
    expect(part.allowed_actions).toEqual(['ship'])
    expect(await balance('SKU-A', 'WH-BJ')).toMatchObject({ on_hand: 8, reserved: 1, available: 7 })
    await expect(actOnOrder(db, order.order_id, 'cancel', who)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/pending_shipment → cancelled is not allowed/) })
    await expect(actOnOrder(db, order.order_id, 'ship', who, undefined, { lines: [{ line_no: 1, quantity: 2 }] })).rejects.toMatchObject({ status: 409, field: 'lines.0.quantity' })
    expect(await outboxEvents('order.shipped')).toHaveLength(0) // the order has not left in full

    const shipped = await actOnOrder(db, order.order_id, 'ship', { actor: 'ops' })
    expect(shipped.status).toBe('shipped')
    expect(await outboxEvents('order.shipped')).toHaveLength(1)
    expect(await balance('SKU-A', 'WH-BJ')).toMatchObject({ on_hand: 7, reserved: 0 })

    const returned = await actOnOrder(db, order.order_id, 'return', { actor: 'cs' }, undefined, { lines: [{ line_no: 1, quantity: 1 }] })
    expect(returned).toMatchObject({ status: 'shipped', refunded: '96.67' }) // (300 − 10) / 3, rounded
    expect(await balance('SKU-A', 'WH-BJ')).toMatchObject({ on_hand: 8 })
    const completed = await actOnOrder(db, order.order_id, 'complete', who)
    expect(completed.allowed_actions).toEqual(['return', 'refund'])
    const refunded = await actOnOrder(db, order.order_id, 'refund', { actor: 'cs' })
    expect(refunded).toMatchObject({ status: 'refunded', refunded: '549.00' })
    expect(refunded.lines.map((l) => l.returned_quantity)).toEqual([3, 2])

    const refunds = await outboxEvents('order.refunded')
    expect(refunds.map((e) => (e.data as { lines: { quantity: number; amount_cents: number }[] }).lines.map((l) => [l.quantity, l.amount_cents]))).toEqual([
      [[1, 9667]],
      [[2, 19333], [2, 25900]],
    ])
    expect(refunded.timeline.map((t) => [t.action, t.from_status, t.to_status])).toEqual([
      ['place', null, 'pending_payment'],
      ['pay', 'pending_payment', 'pending_shipment'],
      ['ship', 'pending_shipment', 'pending_shipment'],
      ['ship', 'pending_shipment', 'shipped'],
      ['return', 'shipped', 'shipped'],
      ['complete', 'shipped', 'completed'],
      ['refund', 'completed', 'refunded'],
    ])
    expect(refunded.timeline[2]).toMatchObject({ actor: 'ops', note: 'first parcel', detail: { lines: [{ line_no: 1, sku: 'SKU-A', quantity: 2 }] } })
    const history = await stockMovements(db, { reference: order.order_id, limit: 50 })
    expect(history.filter((m) => m.kind === 'return').map((m) => m.on_hand_delta).sort()).toEqual([1, 2, 2])
    await reconciles()
  })

  it('notifies the routed location to pick when an order is paid; a store user reads only their store’s', async () => {
    await receiveStock(db, { sku: 'SKU-C', location_id: 'ST-SH-01', quantity: 5, unit_cost: '10.00' }, 'test')
    const { order } = await placeOrder(db, { channel: 'web', external_id: 'N-1', delivery: { lat: 31.2352, lng: 121.4752 }, lines: [{ sku: 'SKU-C', quantity: 1 }] }, who)
    expect(order.location_id).toBe('ST-SH-01')
    expect((await listNotifications(db, storeUser, { unread: true, limit: 10 })).notifications.filter((n) => n.reference === order.order_id)).toEqual([])
    await actOnOrder(db, order.order_id, 'pay', who)
    const inbox = await listNotifications(db, storeUser, { unread: true, limit: 10 })
    expect(inbox.notifications.find((n) => n.reference === order.order_id)).toMatchObject({ kind: 'pick', location_id: 'ST-SH-01', detail: { external_id: 'N-1' } })
    const other = await listNotifications(db, { ...storeUser, location_id: 'WH-SH' }, { unread: false, limit: 100 })
    expect(other.notifications.every((n) => n.location_id === 'WH-SH')).toBe(true)
    const list = await listOrders(db, { q: 'N-', limit: 10, offset: 0 }, { location_id: 'ST-SH-01' }, 'Asia/Shanghai')
    expect(list.orders.map((o) => o.external_id)).toEqual(['N-1'])
    expect((await listOrders(db, { q: 'N-', limit: 10, offset: 0 }, { location_id: 'WH-SH' }, 'Asia/Shanghai')).total).toBe(0)
  })

  it('moves stock through a transfer: requested (in transit / incoming), shipped, received; cancel releases both sides', async () => {
    await receiveStock(db, { sku: 'SKU-B', location_id: 'WH-SH', quantity: 20, unit_cost: '40.00' }, 'test')
    await expect(requestTransfer(db, { from_location_id: 'WH-SH', to_location_id: 'ST-SH-01', lines: [{ sku: 'SKU-B', quantity: 21 }] }, 'ops')).rejects.toMatchObject({ code: 'out_of_stock' })
    const t = await requestTransfer(db, { from_location_id: 'WH-SH', to_location_id: 'ST-SH-01', lines: [{ sku: 'SKU-B', quantity: 6 }] }, 'ops')
    expect(t).toMatchObject({ status: 'requested', allowed_actions: ['ship', 'cancel'] })
    expect(await balance('SKU-B', 'WH-SH')).toMatchObject({ on_hand: 20, in_transit: 6, available: 14 })
    expect(await balance('SKU-B', 'ST-SH-01')).toMatchObject({ on_hand: 0, incoming: 6, available: 0 })
    await expect(actOnTransfer(db, t.transfer_id, 'receive', 'store')).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/requested → received/) })
    await actOnTransfer(db, t.transfer_id, 'ship', 'ops')
    expect(await balance('SKU-B', 'WH-SH')).toMatchObject({ on_hand: 14, in_transit: 0, available: 14 })
    expect(await balance('SKU-B', 'ST-SH-01')).toMatchObject({ incoming: 6 })
    const received = await actOnTransfer(db, t.transfer_id, 'receive', 'store')
    expect(received).toMatchObject({ status: 'received', allowed_actions: [] })
    expect(await balance('SKU-B', 'ST-SH-01')).toMatchObject({ on_hand: 6, incoming: 0, available: 6 })

    const c = await requestTransfer(db, { from_location_id: 'WH-SH', to_location_id: 'WH-BJ', lines: [{ sku: 'SKU-B', quantity: 4 }] }, 'ops')
    await actOnTransfer(db, c.transfer_id, 'cancel', 'ops')
    expect(await balance('SKU-B', 'WH-SH')).toMatchObject({ on_hand: 14, in_transit: 0 })
    expect(await balance('SKU-B', 'WH-BJ')).toMatchObject({ incoming: 0 })
    expect((await stockMovements(db, { reference: t.transfer_id, limit: 10 })).map((m) => m.kind).sort()).toEqual(['transfer_in', 'transfer_in', 'transfer_out', 'transfer_out'])
    await reconciles()
  })

  it('brings stock to a pickup store that lacks it by a transfer, and reserves it on arrival', async () => {
    await receiveStock(db, { sku: 'SKU-A', location_id: 'WH-SH', quantity: 4, unit_cost: '80.00' }, 'test')
    const { order } = await placeOrder(db, { channel: 'miniprogram', external_id: 'PU-1', fulfilment: 'pickup', location_id: 'ST-SH-01', lines: [{ sku: 'SKU-A', quantity: 2 }], pay: true }, who)
    expect(order).toMatchObject({ location_id: 'ST-SH-01', fulfilment: 'pickup', status: 'pending_shipment' })
    expect(order.awaiting_transfer_id).toMatch(/^TR-/)
    expect(order.allowed_actions).not.toContain('ship')
    await expect(actOnTransfer(db, order.awaiting_transfer_id!, 'cancel', 'ops')).rejects.toMatchObject({ code: 'transfer_awaited' })
    const transfer = await getTransfer(db, order.awaiting_transfer_id!)
    expect(transfer).toMatchObject({ from_location_id: 'WH-SH', reason: 'pickup', reference: order.order_id })
    await expect(actOnOrder(db, order.order_id, 'ship', who)).rejects.toMatchObject({ code: 'awaiting_transfer' })
    await actOnTransfer(db, transfer.transfer_id, 'ship', 'ops')
    await actOnTransfer(db, transfer.transfer_id, 'receive', 'store')
    expect(await balance('SKU-A', 'ST-SH-01')).toMatchObject({ on_hand: 2, reserved: 2, available: 0 })
    const handed = await actOnOrder(db, order.order_id, 'ship', { actor: 'store' })
    expect(handed.status).toBe('shipped')
    expect(await balance('SKU-A', 'ST-SH-01')).toMatchObject({ on_hand: 0, reserved: 0 })

    // Unpaid and expired before the transfer left: the transfer is called off.
    const late = await placeOrder(db, { channel: 'miniprogram', external_id: 'PU-2', fulfilment: 'pickup', location_id: 'ST-SH-01', lines: [{ sku: 'SKU-A', quantity: 1 }] }, who)
    expect(await balance('SKU-A', 'WH-SH')).toMatchObject({ in_transit: 1 })
    await actOnOrder(db, late.order.order_id, 'cancel', who)
    expect((await getTransfer(db, late.order.awaiting_transfer_id!)).status).toBe('cancelled')
    expect(await balance('SKU-A', 'WH-SH')).toMatchObject({ in_transit: 0 })
    await reconciles()
  })

  it('applies changed settings without a restart: unpaid expiry, store radius; and audits them', async () => {
    await receiveStock(db, { sku: 'SKU-C', location_id: 'WH-SH', quantity: 10, unit_cost: '5.00' }, 'test')
    const before = await getSettings(db)
    expect(before.unpaid_expiry_minutes).toBe(30)
    await updateSettings(db, { unpaid_expiry_minutes: 5, store_radius_km: 0 }, 'user:admin')
    const at = new Date()
    // A delivery point next to the store, but radius 0: the warehouse serves it.
    const { order } = await placeOrder(db, { channel: 'web', external_id: 'EX-1', delivery: { lat: 31.2352, lng: 121.4752 }, lines: [{ sku: 'SKU-C', quantity: 2 }] }, { actor: 'test', at })
    expect(order.location_id).toBe('WH-SH')
    expect(Date.parse(order.expires_at!) - at.getTime()).toBe(5 * 60_000)
    expect(await balance('SKU-C', 'WH-SH')).toMatchObject({ reserved: 2 })
    expect(await expireUnpaidOrders(db, new Date(at.getTime() + 4 * 60_000))).toBe(0)
    expect(await expireUnpaidOrders(db, new Date(at.getTime() + 6 * 60_000))).toBeGreaterThanOrEqual(1)
    const expired = await getOrder(db, order.order_id)
    expect(expired).toMatchObject({ status: 'cancelled', cancel_reason: 'payment_timeout' })
    expect(expired.timeline.at(-1)).toMatchObject({ actor: 'system:expiry', reason: 'payment_timeout' })
    expect(await balance('SKU-C', 'WH-SH')).toMatchObject({ reserved: 0, available: 10 })
    const audit = await settingsAudit(db)
    expect(audit.find((a) => a.subject === 'settings.unpaid_expiry_minutes')).toMatchObject({ old_value: 30, new_value: 5, actor: 'user:admin' })
    await updateSettings(db, { unpaid_expiry_minutes: 30, store_radius_km: 3 }, 'user:admin')
    await reconciles()
  })

  it('suggests a transfer from the location with surplus, else a purchase; accepting creates the transfer', async () => {
    // SKU-C: ST-SH-01 has 4 available; WH-SH 10 (after the expiry above).
    await expect(upsertRule(db, { sku: 'SKU-C', location_id: 'ST-SH-01', safety_stock: 3, reorder_point: 2, target_level: 20 }, 'user:admin')).rejects.toThrow(/reorder_point/)
    await upsertRule(db, { sku: 'SKU-C', location_id: 'ST-SH-01', safety_stock: 2, reorder_point: 5, target_level: 12 }, 'user:admin')
    expect(await evaluateReplenishment(db)).toBe(1)
    expect(await evaluateReplenishment(db)).toBe(0) // one open suggestion per position
    const [s] = await listSuggestions(db, { status: 'open', limit: 10 }, storeUser)
    expect(s).toMatchObject({ sku: 'SKU-C', kind: 'transfer', from_location_id: 'WH-SH', quantity: 8, urgent: false })
    const inbox = await listNotifications(db, storeUser, { unread: true, limit: 50 })
    expect(inbox.notifications.find((n) => n.reference === s!.suggestion_id)).toMatchObject({ kind: 'replenishment' })
    const accepted = await decideSuggestion(db, s!.suggestion_id, 'accept', ops)
    expect(accepted.transfer_id).toMatch(/^TR-/)
    expect(await balance('SKU-C', 'ST-SH-01')).toMatchObject({ incoming: 8 })
    await expect(decideSuggestion(db, s!.suggestion_id, 'dismiss', ops)).rejects.toMatchObject({ status: 409 })

    // Nothing to spare anywhere: a purchase, which can be dismissed.
    await upsertRule(db, { sku: 'SKU-B', location_id: 'WH-BJ', safety_stock: 5, reorder_point: 20, target_level: 50 }, 'user:admin')
    await upsertRule(db, { sku: 'SKU-B', location_id: 'WH-SH', safety_stock: 0, reorder_point: 14, target_level: 14 }, 'user:admin')
    await upsertRule(db, { sku: 'SKU-B', location_id: 'ST-SH-01', safety_stock: 0, reorder_point: 6, target_level: 6 }, 'user:admin')
    await evaluateReplenishment(db)
    const purchase = (await listSuggestions(db, { status: 'open', location_id: 'WH-BJ', limit: 10 }, ops)).find((x) => x.sku === 'SKU-B')
    expect(purchase).toMatchObject({ kind: 'purchase', quantity: 50 - (await balance('SKU-B', 'WH-BJ'))!.available })
    expect((await decideSuggestion(db, purchase!.suggestion_id, 'dismiss', ops)).status).toBe('dismissed')
    await reconciles()
  })

  it('publishes what each channel may sell only when it changes, less the channel buffer', async () => {
    await updateSettings(db, { channel_buffers: { tmall: 3 } }, 'user:admin')
    const first = await publishChannelAvailability(db)
    expect(first).toBe(3 * 7) // 3 SKUs × 7 channels, first time
    expect(await publishChannelAvailability(db)).toBe(0)
    await receiveStock(db, { sku: 'SKU-C', location_id: 'WH-BJ', quantity: 1, unit_cost: '5.00' }, 'test')
    expect(await publishChannelAvailability(db)).toBe(7)
    const events = (await db.query<{ payload: string }>('SELECT payload FROM outbox ORDER BY id')).map((r) => JSON.parse(r.payload) as AnyEvent)
    const last = events.filter((e) => e.type === 'stock.channel_availability' && e.channel === 'tmall' && e.data.sku === 'SKU-C').at(-1)!
    const pool = (await stockBalances(db, { sku: 'SKU-C' })).reduce((s, b) => s + Math.max(0, b.available), 0)
    expect(last.data).toEqual({ sku: 'SKU-C', quantity: pool - 3, pool_available: pool, buffer: 3 })
    await updateSettings(db, { channel_buffers: {} }, 'user:admin')
  })

  it('lists a distributor only its own account’s orders, and takes days in the business time zone', async () => {
    await upsertSkus(db, [{ sku: 'SKU-D', name_zh: '茶', name_en: 'Tea', category: 'snacks', list_price_cents: 5_000 }])
    await receiveStock(db, { sku: 'SKU-D', location_id: 'WH-SH', quantity: 5, unit_cost: '10.00' }, 'test')
    // 2026-03-01 23:30 in Shanghai is still 2026-03-01 15:30 UTC; 2026-03-02 00:30 Shanghai is 2026-03-01 16:30 UTC.
    await placeOrder(db, { channel: 'distributor', external_id: 'HD-001:r1', lines: [{ sku: 'SKU-D', quantity: 1 }] }, { actor: 'test', at: new Date('2026-03-01T15:30:00Z') })
    await placeOrder(db, { channel: 'distributor', external_id: 'BJ-002:r2', lines: [{ sku: 'SKU-D', quantity: 1 }] }, { actor: 'test', at: new Date('2026-03-01T16:30:00Z') })
    const ids = async (scope: Parameters<typeof listOrders>[2], from?: string, to?: string) =>
      (await listOrders(db, { limit: 10, offset: 0, channel: 'distributor', from, to }, scope, 'Asia/Shanghai')).orders.map((o) => o.external_id)
    expect(await ids({ channel: 'distributor', external_id_prefix: 'HD-001:' })).toEqual(['HD-001:r1'])
    expect(await ids({ channel: 'distributor', external_id_prefix: 'BJ-002:' })).toEqual(['BJ-002:r2'])
    expect(await ids({ channel: 'distributor', external_id_prefix: 'HD-00_:' })).toEqual([])
    expect(await ids({}, '2026-03-01', '2026-03-01')).toEqual(['HD-001:r1'])
    expect(await ids({}, '2026-03-02', '2026-03-02')).toEqual(['BJ-002:r2'])
  })
})

describe.runIf(hasPostgres)('settings across processes (PostgreSQL)', () => {
  it('reach another process within the cache TTL, without a restart', async () => {
    const url = await freshDatabaseUrl()
    const writer = await openPostgres(url, { max: 2 })
    const reader = await openPostgres(url, { max: 2 }) // stands for a second web process: its own pool and cache
    try {
      await migratePostgres(writer)
      const t0 = Date.now()
      expect((await getSettings(reader, t0)).unpaid_expiry_minutes).toBe(30)
      await updateSettings(writer, { unpaid_expiry_minutes: 7 }, 'user:admin')
      expect((await getSettings(writer)).unpaid_expiry_minutes).toBe(7) // the writing process at once
      expect((await getSettings(reader, t0 + 1_000)).unpaid_expiry_minutes).toBe(30) // still cached
      expect((await getSettings(reader, t0 + 6_000)).unpaid_expiry_minutes).toBe(7) // after the 5 s TTL
    } finally {
      await writer.close()
      await reader.close()
    }
  })
})
