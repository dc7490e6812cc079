import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouseClient } from '@/lib/clickhouse/client'
import type { Db } from '@/lib/db'
import { breakdown } from '@/lib/analytics/breakdown'
import { breakdownQuerySchema, rangeQuerySchema } from '@/lib/analytics/filters'
import { kpiSnapshot } from '@/lib/analytics/snapshot'
import { CATALOGUE, createSimulator, initialStock, LOCATIONS } from '@/lib/demo'
import { upsertLocations, upsertSkus } from '@/lib/ops/catalogue'
import { actOnOrder, placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { fromCents } from '@/lib/money'
import { expectedFromPostgres, inRange, ingestAll, TZ } from './expected'
import { freshClickHouse, freshDb, tempDir } from './stores'

/**
 * Three days of the channel simulator driving the real ops core on a simulated clock
 * (orders, payments, shipments, expiries, oversells, restocking), ingested into ClickHouse;
 * then every KPI, in total and per channel and per store, and the sales and customer KPIs per
 * region, city, category and SKU, against Postgres to the cent.
 */
const START = Date.parse('2026-10-05T16:00:00Z') // 00:00 in Shanghai
const TICK = 10 * 60_000
let db: Db
let ch: ClickHouseClient
let clock = START

beforeAll(async () => {
  process.env.DATA_DIR = tempDir()
  db = await freshDb('pglite')
  ch = await freshClickHouse()
  await upsertSkus(db, CATALOGUE)
  await upsertLocations(db, LOCATIONS)
  const at = () => new Date(clock)
  for (const r of initialStock(7)) await receiveStock(db, r, 'sim', at())
  const who = () => ({ actor: 'sim', at: at() })
  const sim = createSimulator(
    {
      placeOrder: async (req) => {
        const { order } = await placeOrder(db, req, who())
        return { order_id: order.order_id, status: order.status }
      },
      payOrder: async (id) => void (await actOnOrder(db, id, 'pay', who())),
      shipOrder: async (id) => void (await actOnOrder(db, id, 'ship', who())),
      completeOrder: async (id) => void (await actOnOrder(db, id, 'complete', who())),
      receiveStock: async (r) => void (await receiveStock(db, r, 'sim', at())),
      now: at,
    },
    { seed: 7, ordersPerMinute: 0.4, timeZone: TZ, tickMs: TICK, payDelayMs: [60_000, 40 * 60_000], shipDelayMs: [2 * 3_600_000, 30 * 3_600_000], logger: { debug: () => undefined, warn: () => undefined } },
  )
  for (; clock < START + 3 * 86_400_000; clock += TICK) await sim.tick()
  await ingestAll(db, ch)
}, 600_000)
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

describe('KPIs of simulated channel traffic', () => {
  const q = rangeQuerySchema.parse({ from: '2026-10-06', to: '2026-10-08' })

  it('has real traffic to compare', async () => {
    const all = await expectedFromPostgres(db, q.from, q.to)
    expect(all.orders).toBeGreaterThan(100)
    expect(all.placed_orders).toBeGreaterThan(all.orders)
  })

  it('match the operational records in total, to the cent', async () => {
    expect(await kpiSnapshot(ch, q, TZ)).toMatchObject(await expectedFromPostgres(db, q.from, q.to))
  })

  /** Sales KPIs per member of a line-level dimension, from the order lines (of one place when given); orders count under their first line. */
  async function salesByFromPostgres(column: 'o.region' | 'o.city' | 'l.category' | 'l.sku', place?: { column: 'o.region' | 'o.location_id'; value: string }) {
    const at = place ? `AND ${place.column} = $3` : ''
    const params = place ? [q.from, q.to, place.value] : [q.from, q.to]
    const money = (sign: string, when: string) => `sum(CASE WHEN ${when} THEN ${sign} ELSE 0 END * l.amount_cents)`
    const paid = inRange('o.paid_at')
    const refunded = `o.paid_at IS NOT NULL AND o.status IN ('refunded', 'cancelled') AND ${inRange('o.closed_at')}`
    const rows = await db.query<{ member: string; net: number; gross: number; cost: number; orders: number }>(
      `SELECT ${column} AS member,
              (${money('1', paid)} - ${money('1', refunded)})::int8 AS net,
              (sum(CASE WHEN ${paid} THEN 1 ELSE 0 END * l.list_price_cents * l.quantity) - sum(CASE WHEN ${refunded} THEN 1 ELSE 0 END * l.list_price_cents * l.quantity))::int8 AS gross,
              (sum(CASE WHEN ${paid} THEN 1 ELSE 0 END * l.unit_cost_cents * l.quantity) - sum(CASE WHEN ${refunded} THEN 1 ELSE 0 END * l.unit_cost_cents * l.quantity))::int8 AS cost,
              count(*) FILTER (WHERE ${paid} AND l.line_no = 1)::int8 AS orders
         FROM orders o JOIN order_lines l USING (order_id) WHERE true ${at} GROUP BY 1`,
      params,
    )
    // Customers of a member: with a paid order in the range that has a line in it; repeat ones
    // with two or more such orders; new ones paid for the first time ever in the range.
    const buyers = await db.query<{ member: string; customers: number; fresh: number; repeat: number }>(
      `WITH buyers AS (
         SELECT ${column} AS member, o.customer_id, count(DISTINCT o.order_id) AS n,
                (SELECT min(p.paid_at) FROM orders p WHERE p.customer_id = o.customer_id AND p.paid_at IS NOT NULL) AS first
           FROM orders o JOIN order_lines l USING (order_id)
          WHERE o.customer_id <> '' AND ${paid} ${at} GROUP BY 1, 2)
       SELECT member, count(*)::int8 AS customers,
              count(*) FILTER (WHERE first >= ($1::date::timestamp AT TIME ZONE '${TZ}'))::int8 AS fresh,
              count(*) FILTER (WHERE n >= 2)::int8 AS repeat
         FROM buyers GROUP BY member`,
      params,
    )
    const customers = new Map(buyers.map((b) => [b.member, b]))
    return new Map(
      rows.map((r) => {
        const b = customers.get(r.member) ?? { customers: 0, fresh: 0, repeat: 0 }
        const kpis = { net_revenue: fromCents(r.net), gmv: fromCents(r.gross), cogs: fromCents(r.cost), orders: Number(r.orders) }
        const n = Number(b.customers)
        return [r.member, { ...kpis, customers: n, new_customers: Number(b.fresh), returning_customers: n - Number(b.fresh), repurchase_rate: n ? Math.round((Number(b.repeat) / n) * 1e6) / 1e6 : null }]
      }),
    )
  }

  it.each([['region', 'o.region'], ['city', 'o.city'], ['category', 'l.category'], ['sku', 'l.sku']] as const)(
    'match the order lines for every %s, customers included',
    async (by, column) => {
      const expected = await salesByFromPostgres(column)
      const result = await breakdown(ch, breakdownQuerySchema.parse({ from: q.from, to: q.to, by }), TZ)
      expect(result.rows.length).toBeGreaterThan(3)
      // Repeat customers within a member exist, so the repurchase rate is really compared.
      expect([...expected.values()].some((e) => (e.repurchase_rate ?? 0) > 0)).toBe(true)
      for (const row of result.rows) {
        const member = row[by]!
        const { net_revenue, gmv, cogs, orders, customers, new_customers, returning_customers, repurchase_rate } = row
        expect({ net_revenue, gmv, cogs, orders, customers, new_customers, returning_customers, repurchase_rate }, member).toEqual(expected.get(member))
      }
      // The total's customers are counted over the whole range, not added up from the rows.
      expect(result.total).toMatchObject(await expectedFromPostgres(db, q.from, q.to))
    },
  )

  // A drill from the map into products: customers per category with a place from customer_category_days (clickhouse/0019),
  // per SKU with a place from the lines. (The simulated traffic has repeat customers of a category at one store, none of a SKU in one region.)
  it.each([['category', 'store', 'l.category', 'o.location_id', true], ['sku', 'region', 'l.sku', 'o.region', false]] as const)(
    'match the order lines for every %s of the busiest %s, customers included',
    async (by, place, column, placeColumn, repeats) => {
      const [busiest] = await db.query<{ member: string }>(`SELECT ${placeColumn} AS member FROM orders o WHERE ${inRange('o.paid_at')} GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`, [q.from, q.to])
      const expected = await salesByFromPostgres(column, { column: placeColumn, value: busiest!.member })
      const result = await breakdown(ch, breakdownQuerySchema.parse({ from: q.from, to: q.to, by, [place]: [busiest!.member] }), TZ)
      expect(result.rows.length).toBeGreaterThan(3)
      expect([...expected.values()].some((e) => (e.repurchase_rate ?? 0) > 0)).toBe(repeats)
      expect([...expected.values()].some((e) => e.customers > 1)).toBe(true)
      for (const row of result.rows) {
        const member = row[by]!
        const { net_revenue, gmv, cogs, orders, customers, new_customers, returning_customers, repurchase_rate } = row
        expect({ net_revenue, gmv, cogs, orders, customers, new_customers, returning_customers, repurchase_rate }, member).toEqual(expected.get(member))
      }
      if (place === 'store') expect(result.total).toMatchObject(await expectedFromPostgres(db, q.from, q.to, { store: busiest!.member }))
    },
  )

  it('match the operational records for every day × channel, each row its day alone, and in total', async () => {
    const result = await breakdown(ch, breakdownQuerySchema.parse({ from: q.from, to: q.to, by: 'day', split: 'channel' }), TZ)
    expect(result.rows.length).toBeGreaterThan(7)
    for (const { day, channel, ...kpis } of result.rows) expect(kpis, `${day} ${channel}`).toMatchObject(await expectedFromPostgres(db, day!, day!, { channel: channel! }))
    expect(result.total).toMatchObject(await expectedFromPostgres(db, q.from, q.to))
  })

  it.each(['channel', 'store'] as const)('match the operational records for every %s', async (by) => {
    const result = await breakdown(ch, breakdownQuerySchema.parse({ from: q.from, to: q.to, by }), TZ)
    expect(result.rows.length).toBeGreaterThan(3)
    for (const row of result.rows) {
      const member = row[by]!
      const { comparison: _, ...kpis } = row as typeof row & { comparison?: unknown }
      expect(kpis, member).toMatchObject(await expectedFromPostgres(db, q.from, q.to, { [by]: member }))
    }
  })
})
