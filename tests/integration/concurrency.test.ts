import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import { placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { catalogueDb } from './stores'

/** Real PostgreSQL, many connections: the stock pool must never oversell or deadlock. */
let db: Db

beforeAll(async () => {
  db = await catalogueDb('postgres')
})
afterAll(() => db?.close())

async function settle<T>(jobs: (() => Promise<T>)[]) {
  const results = await Promise.allSettled(jobs.map((j) => j()))
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code?: string; message: string }] : []))
  return { ok: results.length - failures.length, failures }
}

async function assertLedgerReconciles() {
  const rows = await db.query<{ sku: string; location_id: string; on_hand: number; reserved: number; ledger_on_hand: number; ledger_reserved: number }>(
    `SELECT s.sku, s.location_id, s.on_hand, s.reserved,
            COALESCE(sum(m.on_hand_delta), 0)::int8 AS ledger_on_hand, COALESCE(sum(m.reserved_delta), 0)::int8 AS ledger_reserved
       FROM stock s LEFT JOIN stock_movements m USING (sku, location_id)
      GROUP BY s.sku, s.location_id, s.on_hand, s.reserved`,
  )
  for (const r of rows) {
    expect(r.on_hand).toBe(r.ledger_on_hand)
    expect(r.reserved).toBe(r.ledger_reserved)
    expect(r.on_hand - r.reserved).toBeGreaterThanOrEqual(0)
  }
}

describe('stock pool under concurrency (PostgreSQL)', () => {
  it('lets exactly as many orders through as there are units of the last SKU', async () => {
    await receiveStock(db, { sku: 'SKU-A', location_id: 'WH-SH', quantity: 100, unit_cost: '50.00' }, 'test')
    const { ok, failures } = await settle(
      Array.from({ length: 1000 }, (_, i) => () =>
        placeOrder(db, { channel: 'web', external_id: `race-${i}`, lines: [{ sku: 'SKU-A', quantity: 1 }] }, { actor: 'test' }),
      ),
    )
    expect(ok).toBe(100)
    expect(failures).toHaveLength(900)
    expect(new Set(failures.map((f) => f.code))).toEqual(new Set(['out_of_stock']))
    const [stock] = await db.query<{ on_hand: number; reserved: number }>("SELECT on_hand, reserved FROM stock WHERE sku = 'SKU-A' AND location_id = 'WH-SH'")
    expect(stock).toEqual({ on_hand: 100, reserved: 100 })
    await assertLedgerReconciles()
  })

  it('never deadlocks or oversells multi-line orders over shared SKUs in any line order', async () => {
    await receiveStock(db, { sku: 'SKU-B', location_id: 'WH-BJ', quantity: 60, unit_cost: '30.00' }, 'test')
    await receiveStock(db, { sku: 'SKU-C', location_id: 'WH-BJ', quantity: 60, unit_cost: '5.00' }, 'test')
    const { ok, failures } = await settle(
      Array.from({ length: 300 }, (_, i) => () =>
        placeOrder(
          db,
          {
            channel: i % 3 === 0 ? 'tmall' : 'miniprogram',
            external_id: `multi-${i}`,
            lines: i % 2 ? [{ sku: 'SKU-B', quantity: 1 }, { sku: 'SKU-C', quantity: 1 }] : [{ sku: 'SKU-C', quantity: 1 }, { sku: 'SKU-B', quantity: 1 }],
          },
          { actor: 'test' },
        ),
      ),
    )
    // Marketplace orders are accepted and cancelled out_of_stock rather than refused.
    const [served] = await db.query<{ n: number }>("SELECT count(*)::int8 n FROM orders WHERE external_id LIKE 'multi-%' AND status = 'pending_payment'")
    const [oversold] = await db.query<{ n: number }>("SELECT count(*)::int8 n FROM orders WHERE external_id LIKE 'multi-%' AND cancel_reason = 'out_of_stock'")
    expect(served!.n).toBe(60)
    expect(failures.every((f) => f.code === 'out_of_stock')).toBe(true)
    expect(ok).toBe(60 + oversold!.n)
    expect(failures.length + ok).toBe(300)
    await assertLedgerReconciles()
  })

  it('is idempotent on (channel, external id) under concurrent retries', async () => {
    await receiveStock(db, { sku: 'SKU-C', location_id: 'WH-SH', quantity: 10, unit_cost: '5.00' }, 'test')
    const results = await Promise.all(
      Array.from({ length: 20 }, () => placeOrder(db, { channel: 'jd', external_id: 'retry-1', lines: [{ sku: 'SKU-C', quantity: 2 }] }, { actor: 'test' })),
    )
    expect(new Set(results.map((r) => r.order.order_id)).size).toBe(1)
    expect(results.filter((r) => r.created)).toHaveLength(1)
    const [stock] = await db.query<{ reserved: number }>("SELECT reserved FROM stock WHERE sku = 'SKU-C' AND location_id = 'WH-SH'")
    expect(stock!.reserved).toBe(2)
  })
})
