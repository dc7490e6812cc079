import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import type { Db } from '@/lib/db'
import { actOnOrder, placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { pruneOutbox } from '@/lib/eventlog/prune'
import { ingestAll } from './expected'
import { freshClickHouse, freshDb, seedCatalogue, tempDir } from './stores'

/** The same journey on PGlite (embedded) and on a PostgreSQL server: one data layer for both. */
const kind = (process.env.PIPELINE_DB ?? 'pglite') as 'pglite' | 'postgres'
let db: Db
let ch: ClickHouseClient

beforeAll(async () => {
  process.env.DATA_DIR = tempDir()
  db = await freshDb(kind)
  ch = await freshClickHouse()
  await seedCatalogue(db)
})
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

describe(`ops → outbox → ingest → ClickHouse (${kind})`, () => {
  it('lands orders in the facts and rollup, to the cent, and dead-letters bad events without stopping', async () => {
    await receiveStock(db, { sku: 'SKU-A', location_id: 'WH-SH', quantity: 10, unit_cost: '80.00' }, 'test')
    await receiveStock(db, { sku: 'SKU-B', location_id: 'WH-SH', quantity: 5, unit_cost: '40.10' }, 'test')
    await receiveStock(db, { sku: 'SKU-C', location_id: 'ST-SH-01', quantity: 3, unit_cost: '10.00' }, 'test')

    const web = await placeOrder(db, { channel: 'web', external_id: 'W1', customer: { phone: '13800138000' }, lines: [{ sku: 'SKU-A', quantity: 2 }, { sku: 'SKU-B', quantity: 1 }], pay: true }, { actor: 'test' })
    expect(web.order.status).toBe('pending_shipment')
    expect(web.order.location_id).toBe('WH-SH')
    const tmall = await placeOrder(db, { channel: 'tmall', external_id: 'T1', customer: { phone: '138 0013 8000' }, lines: [{ sku: 'SKU-A', quantity: 1, unit_price: '179.00' }], pay: true }, { actor: 'test' })
    expect(tmall.order.customer_id).toBe(web.order.customer_id)
    const pos = await placeOrder(db, { channel: 'store', external_id: 'P1', location_id: 'ST-SH-01', lines: [{ sku: 'SKU-C', quantity: 3 }], pay: true }, { actor: 'test' })
    expect(pos.order.total).toBe('119.70')
    // A marketplace order the pool cannot serve is recorded and cancelled out_of_stock (oversell).
    const oversold = await placeOrder(db, { channel: 'jd', external_id: 'J1', lines: [{ sku: 'SKU-C', quantity: 1 }], pay: true }, { actor: 'test' })
    expect(oversold.order).toMatchObject({ status: 'cancelled', cancel_reason: 'out_of_stock' })
    // Own channels refuse instead.
    await expect(placeOrder(db, { channel: 'web', external_id: 'W2', lines: [{ sku: 'SKU-C', quantity: 1 }] }, { actor: 'test' })).rejects.toMatchObject({ code: 'out_of_stock', status: 409 })
    // A refund after shipment reverses revenue and cost.
    await actOnOrder(db, tmall.order.order_id, 'ship', { actor: 'test' })
    await actOnOrder(db, tmall.order.order_id, 'refund', { actor: 'test' })

    // Malformed events between valid ones.
    await db.query(`INSERT INTO outbox (family, partition_key, payload) VALUES ('orders', 'x', '{broken'), ('orders', 'y', '{"type":"order.teleported"}')`)
    const late = await placeOrder(db, { channel: 'web', external_id: 'W3', lines: [{ sku: 'SKU-B', quantity: 1 }], pay: true }, { actor: 'test' })

    await ingestAll(db, ch, 10_000)

    const [totals] = await queryRows<{ net: string; cost: string; orders: string; customers: string }>(
      ch,
      `SELECT toString(sum(net_cents)) net, toString(sum(cost_cents)) cost, toString(sum(paid_orders)) orders,
              toString(uniqExactMerge(customers)) customers FROM sales_hourly`,
    )
    // Independent: from Postgres order lines of orders that are paid and not refunded.
    const [expected] = await db.query<{ net: number; cost: number; orders: number }>(
      `SELECT sum(l.amount_cents)::int8 net, sum(l.unit_cost_cents * l.quantity)::int8 cost, count(DISTINCT o.order_id)::int8 orders
         FROM orders o JOIN order_lines l USING (order_id) WHERE o.paid_at IS NOT NULL AND o.status <> 'refunded'`,
    )
    expect(Number(totals!.net)).toBe(expected!.net)
    expect(Number(totals!.cost)).toBe(expected!.cost)
    // Paid orders are counted at payment; the refunded one stays counted as an order.
    expect(Number(totals!.orders)).toBe(expected!.orders + 1)
    expect(late.order.status).toBe('pending_shipment')

    const dead = await queryRows<{ reason: string; raw: string }>(ch, 'SELECT reason, raw FROM dead_letters ORDER BY position')
    expect(dead).toHaveLength(2)
    expect(dead[0]!.reason).toMatch(/invalid JSON/)
    expect(dead[0]!.raw).toBe('{broken')
    expect(dead[1]!.reason).toMatch(/type/)

    const [stock] = await queryRows<{ n: string }>(ch, `SELECT toString(count()) n FROM stock_movements`)
    const [ledger] = await db.query<{ n: number }>('SELECT count(*)::int8 n FROM stock_movements')
    expect(Number(stock!.n)).toBe(ledger!.n)
  })

  it('trims the outbox only behind the committed position', async () => {
    const [{ n: before }] = (await db.query<{ n: number }>('SELECT count(*)::int8 n FROM outbox')) as [{ n: number }]
    await receiveStock(db, { sku: 'SKU-A', location_id: 'WH-SH', quantity: 1, unit_cost: '80.00' }, 'test') // not ingested yet
    await db.query("UPDATE outbox SET created_at = now() - interval '2 hours'")
    expect(await pruneOutbox(db, 'ingest')).toBe(before)
    const [left] = await db.query<{ n: number }>('SELECT count(*)::int8 n FROM outbox')
    expect(left!.n).toBe(1)
    expect(await pruneOutbox(db, 'nobody')).toBe(0)
  })
})
