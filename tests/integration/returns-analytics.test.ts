import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import type { Db } from '@/lib/db'
import { actOnOrder, placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { ingestAll, ingestedStores } from './expected'

/** Partial shipments, partial returns and cancellations of paid orders, through the pipeline: KPIs to the cent. */
let db: Db
let ch: ClickHouseClient

beforeAll(async () => ({ db, ch } = await ingestedStores()))
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

describe('returns and partial refunds in analytics (PGlite → chDB)', () => {
  it('nets refunds per returned unit so revenue, discount, COGS and quantity match Postgres to the cent', async () => {
    await receiveStock(db, { sku: 'SKU-A', location_id: 'WH-SH', quantity: 200, unit_cost: '80.33' }, 'test')
    await receiveStock(db, { sku: 'SKU-B', location_id: 'WH-SH', quantity: 200, unit_cost: '40.10' }, 'test')
    for (let i = 0; i < 12; i++) {
      const { order } = await placeOrder(
        db,
        {
          channel: i % 2 ? 'tmall' : 'web',
          external_id: `RA-${i}`,
          // Odd amounts: a whole-line discount that does not divide by the quantity.
          lines: [{ sku: 'SKU-A', quantity: 3 + (i % 3), unit_price: '99.99', discount: `${i}.0${i % 10}` }, { sku: 'SKU-B', quantity: 2 }],
          pay: true,
        },
        { actor: 'test' },
      )
      const id = order.order_id
      if (i % 4 === 3) {
        await actOnOrder(db, id, 'cancel', { actor: 'cs' }, 'customer_request') // paid, nothing shipped: full refund, no restock
        continue
      }
      await actOnOrder(db, id, 'ship', { actor: 'ops' }, undefined, { lines: [{ line_no: 1, quantity: 2 }] })
      await actOnOrder(db, id, 'ship', { actor: 'ops' })
      if (i % 4 === 0) await actOnOrder(db, id, 'return', { actor: 'cs' }, undefined, { lines: [{ line_no: 1, quantity: 1 }] })
      if (i % 4 === 1) {
        await actOnOrder(db, id, 'return', { actor: 'cs' }, undefined, { lines: [{ line_no: 1, quantity: 1 }, { line_no: 2, quantity: 1 }] })
        await actOnOrder(db, id, 'return', { actor: 'cs' }, undefined, { lines: [{ line_no: 1, quantity: 2 }] })
      }
      if (i % 4 === 2) {
        await actOnOrder(db, id, 'return', { actor: 'cs' }, undefined, { lines: [{ line_no: 1, quantity: 1 }] })
        await actOnOrder(db, id, 'refund', { actor: 'cs' })
      }
    }
    await ingestAll(db, ch, 10_000)

    const [ch_] = await queryRows<{ net: string; discount: string; cost: string; quantity: string; orders: string }>(
      ch,
      `SELECT toString(sum(net_cents)) net, toString(sum(discount_cents)) discount, toString(sum(cost_cents)) cost,
              toString(sum(quantity)) quantity, toString(sum(paid_orders)) orders FROM sales_hourly`,
    )
    // Independently from the order lines: what was paid less what was given back.
    const [pg] = await db.query<{ net: number; discount: number; cost: number; quantity: number; orders: number }>(
      `SELECT sum(l.amount_cents - l.refunded_cents)::int8 net, sum(l.discount_cents - l.refunded_discount_cents)::int8 discount,
              sum(l.unit_cost_cents * CASE WHEN o.status = 'cancelled' THEN 0 ELSE l.quantity - l.returned_quantity END)::int8 cost,
              sum(CASE WHEN o.status = 'cancelled' THEN 0 ELSE l.quantity - l.returned_quantity END)::int8 quantity,
              count(DISTINCT o.order_id)::int8 orders
         FROM orders o JOIN order_lines l USING (order_id) WHERE o.paid_at IS NOT NULL`,
    )
    expect({ net: Number(ch_!.net), discount: Number(ch_!.discount), cost: Number(ch_!.cost), quantity: Number(ch_!.quantity), orders: Number(ch_!.orders) }).toEqual(pg)
    // Fully returned and cancelled orders net to zero; refunds never exceed what was paid.
    const [perOrder] = await queryRows<{ bad: string }>(
      ch,
      `SELECT toString(countIf(net < 0)) bad FROM (SELECT order_id, sum(net_cents) net FROM sales_lines GROUP BY order_id)`,
    )
    expect(perOrder!.bad).toBe('0')
    const [refunded] = await db.query<{ n: number }>("SELECT count(*)::int8 n FROM orders WHERE status = 'refunded' AND refunded_cents = total_cents")
    expect(refunded!.n).toBe(3) // i % 4 = 2: everything came back (i % 4 = 1 keeps one unit of line 2)
  })
})
