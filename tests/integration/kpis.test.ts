import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouseClient } from '@/lib/clickhouse/client'
import type { Db } from '@/lib/db'
import { rangeQuerySchema } from '@/lib/analytics/filters'
import { salesBreakdown } from '@/lib/analytics/sales'
import { kpiSnapshot } from '@/lib/analytics/snapshot'
import { CHANNEL_IDS } from '@/lib/events'
import { fromCents } from '@/lib/money'
import { actOnOrder, expireUnpaidOrders, placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { OutboxSource } from '@/ingest/outbox-source'
import { ClickHouseSink } from '@/ingest/sink'
import { startIngest } from '@/ingest/worker'
import { freshClickHouse, freshDb, seedCatalogue, tempDir } from './stores'

/**
 * Every KPI from ClickHouse against an independent recomputation from the operational
 * records in Postgres, over orders spread across days, channels and customers, with
 * refunds, oversells, expiries and shipments at their own times.
 */
const TZ = 'Asia/Shanghai'
const BASE = Date.parse('2026-10-01T02:00:00Z') // 10:00 in Shanghai
const HOUR = 3_600_000
let db: Db
let ch: ClickHouseClient

beforeAll(async () => {
  process.env.DATA_DIR = tempDir()
  db = await freshDb('pglite')
  ch = await freshClickHouse()
  await seedCatalogue(db)
  for (const [sku, location, qty] of [['SKU-A', 'WH-SH', 400], ['SKU-B', 'WH-SH', 400], ['SKU-C', 'WH-BJ', 6], ['SKU-A', 'ST-SH-01', 50]] as const) {
    await receiveStock(db, { sku, location_id: location, quantity: qty, unit_cost: '11.11' }, 'test', new Date(BASE - 48 * HOUR))
  }
  // 6 days of orders, every 5 hours, from 12 customers on every channel.
  for (let i = 0; i < 29; i++) {
    const at = new Date(BASE + i * 5 * HOUR)
    const channel = CHANNEL_IDS[i % CHANNEL_IDS.length]!
    // Marketplaces sell SKU-A below list price with their own promotions.
    const marketplace = ['tmall', 'jd', 'douyin'].includes(channel)
    const lines = i % 4 === 3 ? [{ sku: 'SKU-C', quantity: 2 }] : [{ sku: 'SKU-A', quantity: 1 + (i % 3), ...(marketplace ? { unit_price: '150.00' } : {}) }, ...(i % 2 ? [{ sku: 'SKU-B', quantity: 1 }] : [])]
    const placed = await placeOrder(
      db,
      { channel, external_id: `K${i}`, customer: i % 6 === 5 ? undefined : { phone: `1370000${String(i % 12).padStart(4, '0')}` }, location_id: channel === 'store' ? 'ST-SH-01' : undefined, lines, pay: false },
      { actor: 'test', at },
    ).catch((e: { code?: string }) => (e.code === 'out_of_stock' ? null : Promise.reject(e)))
    if (!placed || placed.order.status !== 'pending_payment') continue
    const id = placed.order.order_id
    if (i % 7 === 6) continue // left unpaid: expires
    await actOnOrder(db, id, 'pay', { actor: 'test', at: new Date(at.getTime() + (10 + i) * 60_000) })
    if (i % 3 === 0) continue
    await actOnOrder(db, id, 'ship', { actor: 'test', at: new Date(at.getTime() + (3 + (i % 5) * 7) * HOUR) })
    if (i % 5 === 0) await actOnOrder(db, id, 'refund', { actor: 'test', at: new Date(at.getTime() + 40 * HOUR) })
  }
  await expireUnpaidOrders(db, new Date(BASE + 200 * HOUR))
  const source = new OutboxSource(db, 'ingest', { batchSize: 100, pollMs: 10 })
  const worker = startIngest(source, new ClickHouseSink(ch), () => undefined)
  while ((await source.lag()) > 0) await new Promise((r) => setTimeout(r, 20))
  await worker.stop()
})
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

/** The range's bounds as Postgres sees them: local midnight in the time zone. */
const inRange = (column: string) => `${column} >= ($1::date::timestamp AT TIME ZONE '${TZ}') AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE '${TZ}')`

async function expectedFromPostgres(from: string, to: string, channel?: string) {
  const ch = channel ? `AND o.channel = '${channel}'` : ''
  const one = async <T>(sql: string) => (await db.query<T>(sql, [from, to]))[0]!
  const money = await one<{ net: number; gross: number; cost: number }>(
    `SELECT COALESCE(sum(CASE WHEN ${inRange('o.paid_at')} THEN 1 ELSE 0 END * l.amount_cents), 0)::int8
            - COALESCE(sum(CASE WHEN o.paid_at IS NOT NULL AND o.status IN ('refunded', 'cancelled') AND ${inRange('o.closed_at')} THEN 1 ELSE 0 END * l.amount_cents), 0)::int8 AS net,
            COALESCE(sum(CASE WHEN ${inRange('o.paid_at')} THEN 1 ELSE 0 END * l.list_price_cents * l.quantity), 0)::int8
            - COALESCE(sum(CASE WHEN o.paid_at IS NOT NULL AND o.status IN ('refunded', 'cancelled') AND ${inRange('o.closed_at')} THEN 1 ELSE 0 END * l.list_price_cents * l.quantity), 0)::int8 AS gross,
            COALESCE(sum(CASE WHEN ${inRange('o.paid_at')} THEN 1 ELSE 0 END * l.unit_cost_cents * l.quantity), 0)::int8
            - COALESCE(sum(CASE WHEN o.paid_at IS NOT NULL AND o.status IN ('refunded', 'cancelled') AND ${inRange('o.closed_at')} THEN 1 ELSE 0 END * l.unit_cost_cents * l.quantity), 0)::int8 AS cost
       FROM orders o JOIN order_lines l USING (order_id) WHERE true ${ch}`,
  )
  const buyers = await db.query<{ customer_id: string; orders: number; first: Date }>(
    `SELECT o.customer_id, count(*)::int8 AS orders,
            (SELECT min(p.paid_at) FROM orders p WHERE p.customer_id = o.customer_id AND p.paid_at IS NOT NULL) AS first
       FROM orders o WHERE o.customer_id <> '' AND ${inRange('o.paid_at')} ${ch} GROUP BY o.customer_id`,
    [from, to],
  )
  const [start] = await db.query<{ t: Date }>(`SELECT ($1::date::timestamp AT TIME ZONE '${TZ}') AS t`, [from])
  const counts = await one<{ orders: number; placed: number; oversold: number }>(
    `SELECT count(*) FILTER (WHERE ${inRange('o.paid_at')})::int8 AS orders,
            count(*) FILTER (WHERE ${inRange('o.placed_at')})::int8 AS placed,
            count(*) FILTER (WHERE o.cancel_reason = 'out_of_stock' AND ${inRange('o.closed_at')})::int8 AS oversold
       FROM orders o WHERE true ${ch}`,
  )
  const shipped = await db.query<{ s: number }>(
    `SELECT extract(epoch FROM o.shipped_at - o.paid_at)::int8 AS s FROM orders o WHERE ${inRange('o.shipped_at')} ${ch} ORDER BY 1`,
    [from, to],
  )
  // ClickHouse's quantileExact(level) is the element at floor(level × n) of the sorted values.
  const q = (level: number) => (shipped.length ? Math.round((shipped[Math.floor(level * shipped.length)]!.s / 3600) * 1e4) / 1e4 : null)
  const customers = buyers.length
  const fresh = buyers.filter((b) => b.first >= start!.t).length
  return {
    net_revenue: fromCents(money.net),
    gmv: fromCents(money.gross),
    cogs: fromCents(money.cost),
    gross_profit: fromCents(money.net - money.cost),
    orders: counts.orders,
    customers,
    new_customers: fresh,
    returning_customers: customers - fresh,
    repurchase_rate: customers ? Math.round((buyers.filter((b) => b.orders >= 2).length / customers) * 1e6) / 1e6 : null,
    placed_orders: counts.placed,
    oversold_orders: counts.oversold,
    processing_time_p50_hours: q(0.5),
    processing_time_p90_hours: q(0.9),
  }
}

const range = (from: string, to: string, extra: Record<string, string[]> = {}) => rangeQuerySchema.parse({ from, to, ...extra })

describe('KPIs against the operational records', () => {
  it.each([
    ['the whole period', '2026-09-30', '2026-10-10', undefined],
    ['three middle days', '2026-10-02', '2026-10-04', undefined],
    ['one day', '2026-10-03', '2026-10-03', undefined],
    ['one channel', '2026-09-30', '2026-10-10', 'tmall'],
    ['own channel with blocks', '2026-09-30', '2026-10-10', 'web'],
  ])('match to the cent for %s', async (_, from, to, channel) => {
    const got = await kpiSnapshot(ch, range(from, to, channel ? { channel: [channel] } : {}), TZ)
    expect(got).toMatchObject(await expectedFromPostgres(from, to, channel))
  })

  it('has some of everything in the data, so the comparison means something', async () => {
    const all = await expectedFromPostgres('2026-09-30', '2026-10-10')
    expect(all.orders).toBeGreaterThan(10)
    expect(all.oversold_orders).toBeGreaterThan(0)
    expect(all.repurchase_rate).toBeGreaterThan(0)
    expect(Number(all.net_revenue)).toBeLessThan(Number(all.gmv))
    expect((await expectedFromPostgres('2026-10-03', '2026-10-05')).returning_customers).toBeGreaterThan(0)
  })

  it('adds up: the channels and the days of a range sum to its total', async () => {
    const q = range('2026-09-30', '2026-10-10')
    const [total] = await salesBreakdown(ch, q, TZ)
    for (const by of ['channel', 'day', 'hour', 'region', 'store', 'category', 'sku'] as const) {
      const rows = await salesBreakdown(ch, q, TZ, [by])
      const sum = (k: 'net_revenue' | 'gmv' | 'cogs') => fromCents(rows.reduce((s, r) => s + Math.round(Number(r[k]) * 100), 0))
      expect(sum('net_revenue'), by).toBe(total!.net_revenue)
      expect(sum('gmv'), by).toBe(total!.gmv)
      expect(sum('cogs'), by).toBe(total!.cogs)
    }
  })
})
