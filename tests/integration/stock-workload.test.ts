import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng } from '@/lib/demo/random'
import type { Db } from '@/lib/db'
import { CHANNEL_IDS } from '@/lib/events'
import { DomainError } from '@/lib/ops/errors'
import { reconcileStock } from '@/lib/ops/ledger'
import { actOnOrder, expireUnpaidOrders, getOrder, placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { actOnTransfer } from '@/lib/ops/transfer-actions'
import { requestTransfer } from '@/lib/ops/transfers'
import { catalogueDb, hasPostgres } from './stores'

/**
 * A random mixed workload (seeded: the same run every time) of orders, partial shipments,
 * returns, cancellations, expiry, pickups, receipts and transfers. After it, every balance is
 * the sum of its ledger, and each balance column equals what the open documents hold:
 * reserved = units of open orders not yet shipped, in_transit = requested transfers out,
 * incoming = requested or shipped transfers in.
 */
const kinds = (['pglite', 'postgres'] as const).filter((k) => k === 'pglite' || hasPostgres)
const SKUS = ['SKU-A', 'SKU-B', 'SKU-C']
const LOCATIONS = ['WH-SH', 'ST-SH-01', 'WH-BJ']

describe.each(kinds)('random mixed workload (%s)', (kind) => {
  let db: Db
  beforeAll(async () => {
    db = await catalogueDb(kind)
  })
  afterAll(() => db?.close())

  it('keeps balances equal to the ledger and to the open orders and transfers', async () => {
    const rng = createRng(20261127)
    const random = () => rng.next()
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
    for (const sku of SKUS) for (const location_id of LOCATIONS) await receiveStock(db, { sku, location_id, quantity: 15, unit_cost: '10.00' }, 'test')
    const orderIds: string[] = []
    const transferIds: string[] = []
    let refused = 0
    const base = Date.now()
    for (let step = 0; step < 400; step++) {
      const at = new Date(base + step * 1000)
      const r = random()
      try {
        if (r < 0.3) {
          const skus = [...new Set([pick(SKUS), pick(SKUS)])]
          const pickup = random() < 0.2
          const { order } = await placeOrder(
            db,
            {
              channel: pick(CHANNEL_IDS),
              external_id: `W-${step}`,
              ...(pickup ? { fulfilment: 'pickup' as const, location_id: 'ST-SH-01' } : random() < 0.3 ? { delivery: { lat: 31.2352, lng: 121.4752 } } : {}),
              lines: skus.map((sku) => ({ sku, quantity: int(1, 4) })),
              pay: random() < 0.5,
            },
            { actor: 'test', at },
          )
          orderIds.push(order.order_id)
        } else if (r < 0.75 && orderIds.length > 0) {
          const order = await getOrder(db, pick(orderIds))
          const action = order.allowed_actions.length ? pick(order.allowed_actions) : 'pay'
          const line = pick(order.lines)
          const lines =
            action === 'ship' && random() < 0.6
              ? [{ line_no: line.line_no, quantity: Math.max(1, int(1, line.quantity - line.shipped_quantity)) }]
              : action === 'return'
                ? [{ line_no: line.line_no, quantity: Math.max(1, int(1, line.shipped_quantity - line.returned_quantity)) }]
                : undefined
          await actOnOrder(db, order.order_id, action, { actor: 'test', at }, action === 'cancel' ? 'customer_request' : undefined, { lines })
        } else if (r < 0.85) {
          const from = pick(LOCATIONS)
          const to = pick(LOCATIONS.filter((l) => l !== from))
          transferIds.push((await requestTransfer(db, { from_location_id: from, to_location_id: to, lines: [{ sku: pick(SKUS), quantity: int(1, 5) }] }, 'test', at)).transfer_id)
        } else if (r < 0.95 && transferIds.length > 0) {
          await actOnTransfer(db, pick(transferIds), pick(['ship', 'receive', 'cancel'] as const), 'test', at)
        } else if (r < 0.98) {
          await receiveStock(db, { sku: pick(SKUS), location_id: pick(LOCATIONS), quantity: int(1, 10), unit_cost: '11.00' }, 'test', at)
        } else {
          await expireUnpaidOrders(db, new Date(at.getTime() + 3_600_000))
        }
      } catch (e) {
        // Refusals are part of the workload (out of stock, illegal transition, quantity too large); anything else is a bug.
        if (!(e instanceof DomainError) || e.status === 500) throw e
        refused++
      }
    }
    expect(refused).toBeGreaterThan(0)
    expect(orderIds.length).toBeGreaterThan(50)

    const kinds = new Set((await db.query<{ kind: string }>('SELECT DISTINCT kind FROM stock_movements')).map((k) => k.kind))
    expect([...kinds].sort()).toEqual(['receipt', 'release', 'reservation', 'return', 'sale', 'transfer_in', 'transfer_out'])
    expect((await reconcileStock(db)).mismatches).toEqual([])
    const documents = await db.query<{ sku: string; location_id: string; reserved: number; in_transit: number; incoming: number; open_reserved: number; out: number; in: number }>(
      `SELECT s.sku, s.location_id, s.reserved, s.in_transit, s.incoming,
              COALESCE((SELECT sum(l.quantity - l.shipped_quantity) FROM orders o JOIN order_lines l USING (order_id)
                         WHERE o.location_id = s.location_id AND l.sku = s.sku AND o.status IN ('pending_payment', 'pending_shipment')
                           AND o.awaiting_transfer_id IS NULL AND o.cancel_reason IS NULL), 0)::int8 AS open_reserved,
              COALESCE((SELECT sum(tl.quantity) FROM transfers t JOIN transfer_lines tl USING (transfer_id)
                         WHERE t.from_location_id = s.location_id AND tl.sku = s.sku AND t.status = 'requested'), 0)::int8 AS out,
              COALESCE((SELECT sum(tl.quantity) FROM transfers t JOIN transfer_lines tl USING (transfer_id)
                         WHERE t.to_location_id = s.location_id AND tl.sku = s.sku AND t.status IN ('requested', 'shipped')), 0)::int8 AS in
         FROM stock s ORDER BY s.sku, s.location_id`,
    )
    for (const d of documents) {
      expect({ position: `${d.sku}@${d.location_id}`, reserved: d.reserved, in_transit: d.in_transit, incoming: d.incoming }).toEqual({
        position: `${d.sku}@${d.location_id}`,
        reserved: d.open_reserved,
        in_transit: d.out,
        incoming: d.in,
      })
    }
    const [refunds] = await db.query<{ bad: number }>('SELECT count(*)::int8 AS bad FROM orders WHERE refunded_cents > total_cents OR (refunded_cents > 0 AND paid_at IS NULL)')
    expect(refunds!.bad).toBe(0)
  })
})
