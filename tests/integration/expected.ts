import type { ClickHouseClient } from '@/lib/clickhouse/client'
import type { Db } from '@/lib/db'
import { CHANNEL_IDS } from '@/lib/events'
import { fromCents } from '@/lib/money'
import { actOnOrder, expireUnpaidOrders, placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { OutboxSource } from '@/ingest/outbox-source'
import { ClickHouseSink } from '@/ingest/sink'
import { startIngest } from '@/ingest/worker'
import { catalogueDb, freshClickHouse } from './stores'

/**
 * Shared by the KPI and analytics integration tests: a scenario built through the ops core,
 * ingestion into ClickHouse, and an independent recomputation of every KPI from the
 * operational records in Postgres.
 */
export const TZ = 'Asia/Shanghai'
export const HOUR = 3_600_000

/**
 * 29 orders, one every 5 hours from `base`, from 12 customers on every channel — with
 * marketplace discounts, unpaid expiries, oversells of the scarce SKU-C, shipments and refunds
 * at their own times. Needs the test catalogue (seedCatalogue).
 */
export async function placeScenario(db: Db, base: number): Promise<void> {
  for (const [sku, location, qty] of [['SKU-A', 'WH-SH', 400], ['SKU-B', 'WH-SH', 400], ['SKU-C', 'WH-BJ', 6], ['SKU-A', 'ST-SH-01', 50]] as const) {
    await receiveStock(db, { sku, location_id: location, quantity: qty, unit_cost: '11.11' }, 'test', new Date(base - 48 * HOUR))
  }
  for (let i = 0; i < 29; i++) {
    const at = new Date(base + i * 5 * HOUR)
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
  await expireUnpaidOrders(db, new Date(base + 200 * HOUR))
}

/**
 * A test file's stores: a fresh PGlite store with the test catalogue, `prepare`d through the
 * ops core, and a fresh chDB store it is ingested into.
 */
export async function ingestedStores(prepare: (db: Db) => Promise<unknown> = async () => undefined): Promise<{ db: Db; ch: ClickHouseClient }> {
  const db = await catalogueDb('pglite')
  const ch = await freshClickHouse()
  await prepare(db)
  await ingestAll(db, ch)
  return { db, ch }
}

/** Moves everything in the outbox into ClickHouse through the real ingest worker. */
export async function ingestAll(db: Db, ch: ClickHouseClient, timeoutMs = 120_000): Promise<void> {
  const source = new OutboxSource(db, 'ingest', { batchSize: 100, pollMs: 10 })
  const worker = startIngest(source, new ClickHouseSink(ch), () => undefined)
  const deadline = Date.now() + timeoutMs
  while ((await source.lag()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  await worker.stop()
}

/** The range's bounds as Postgres sees them ($1, $2): local midnight in the time zone. */
export const inRange = (column: string) => `${column} >= ($1::date::timestamp AT TIME ZONE '${TZ}') AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE '${TZ}')`

/** Order-level filters of the recomputation ($3 channel, $4 store; null = all). */
const FILTER = `AND ($3::text IS NULL OR o.channel = $3) AND ($4::text IS NULL OR o.location_id = $4)`

export type Filter = { channel?: string; store?: string }

/** Every KPI from the operational records, for an inclusive local range and an optional channel or store. */
export async function expectedFromPostgres(db: Db, from: string, to: string, filter: Filter = {}) {
  const params = [from, to, filter.channel ?? null, filter.store ?? null]
  const one = async <T>(sql: string) => (await db.query<T>(sql, params))[0]!
  const refunded = `o.paid_at IS NOT NULL AND o.status IN ('refunded', 'cancelled') AND ${inRange('o.closed_at')}`
  const money = await one<{ net: number; gross: number; cost: number }>(
    `SELECT COALESCE(sum(CASE WHEN ${inRange('o.paid_at')} THEN 1 ELSE 0 END * l.amount_cents), 0)::int8
            - COALESCE(sum(CASE WHEN ${refunded} THEN 1 ELSE 0 END * l.amount_cents), 0)::int8 AS net,
            COALESCE(sum(CASE WHEN ${inRange('o.paid_at')} THEN 1 ELSE 0 END * l.list_price_cents * l.quantity), 0)::int8
            - COALESCE(sum(CASE WHEN ${refunded} THEN 1 ELSE 0 END * l.list_price_cents * l.quantity), 0)::int8 AS gross,
            COALESCE(sum(CASE WHEN ${inRange('o.paid_at')} THEN 1 ELSE 0 END * l.unit_cost_cents * l.quantity), 0)::int8
            - COALESCE(sum(CASE WHEN ${refunded} THEN 1 ELSE 0 END * l.unit_cost_cents * l.quantity), 0)::int8 AS cost
       FROM orders o JOIN order_lines l USING (order_id) WHERE true ${FILTER}`,
  )
  const buyers = await db.query<{ customer_id: string; orders: number; first: Date }>(
    `SELECT o.customer_id, count(*)::int8 AS orders,
            (SELECT min(p.paid_at) FROM orders p WHERE p.customer_id = o.customer_id AND p.paid_at IS NOT NULL) AS first
       FROM orders o WHERE o.customer_id <> '' AND ${inRange('o.paid_at')} ${FILTER} GROUP BY o.customer_id`,
    params,
  )
  const [start] = await db.query<{ t: Date }>(`SELECT ($1::date::timestamp AT TIME ZONE '${TZ}') AS t`, [from])
  const counts = await one<{ orders: number; placed: number; oversold: number }>(
    `SELECT count(*) FILTER (WHERE ${inRange('o.paid_at')})::int8 AS orders,
            count(*) FILTER (WHERE ${inRange('o.placed_at')})::int8 AS placed,
            count(*) FILTER (WHERE o.cancel_reason = 'out_of_stock' AND ${inRange('o.closed_at')})::int8 AS oversold
       FROM orders o WHERE true ${FILTER}`,
  )
  const shipped = await db.query<{ s: number }>(
    `SELECT extract(epoch FROM o.shipped_at - o.paid_at)::int8 AS s FROM orders o WHERE ${inRange('o.shipped_at')} ${FILTER} ORDER BY 1`,
    params,
  )
  // ClickHouse's quantileExact(level) is the element at floor(level × n) of the sorted values.
  const q = (level: number) => (shipped.length ? Math.round((shipped[Math.floor(level * shipped.length)]!.s / 3600) * 1e4) / 1e4 : null)
  const customers = buyers.length
  const fresh = buyers.filter((b) => b.first >= start!.t).length
  const net = Number(money.net)
  const cost = Number(money.cost)
  return {
    net_revenue: fromCents(net),
    gmv: fromCents(money.gross),
    cogs: fromCents(cost),
    gross_profit: fromCents(net - cost),
    gross_margin: net > 0 ? Math.round(((net - cost) / net) * 1e6) / 1e6 : null,
    orders: Number(counts.orders),
    aov: Number(counts.orders) > 0 ? fromCents(Math.round(net / Number(counts.orders))) : null,
    customers,
    new_customers: fresh,
    returning_customers: customers - fresh,
    repurchase_rate: customers ? Math.round((buyers.filter((b) => b.orders >= 2).length / customers) * 1e6) / 1e6 : null,
    placed_orders: Number(counts.placed),
    oversold_orders: Number(counts.oversold),
    oversell_rate: Number(counts.placed) > 0 ? Math.round((Number(counts.oversold) / Number(counts.placed)) * 1e6) / 1e6 : null,
    processing_time_p50_hours: q(0.5),
    processing_time_p90_hours: q(0.9),
  }
}

/** Oversold orders in the range from Postgres, newest first, with the SKUs of their lines. */
export async function oversoldFromPostgres(db: Db, from: string, to: string, filter: Filter & { sku?: string } = {}) {
  const rows = await db.query<{ order_id: string; external_id: string; channel: string; closed_at: Date; location_id: string; region: string; city: string; skus: string[] }>(
    `SELECT o.order_id, o.external_id, o.channel, o.closed_at, o.location_id, o.region, o.city,
            (SELECT array_agg(l.sku ORDER BY l.line_no) FROM order_lines l WHERE l.order_id = o.order_id) AS skus
       FROM orders o
      WHERE o.cancel_reason = 'out_of_stock' AND ${inRange('o.closed_at')} ${FILTER}
        AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id AND l.sku = $5))
      ORDER BY o.closed_at DESC, o.order_id DESC`,
    [from, to, filter.channel ?? null, filter.store ?? null, filter.sku ?? null],
  )
  return rows.map(({ closed_at, ...r }) => ({ ...r, occurred_at: closed_at.toISOString() }))
}

/**
 * A customer rollup per period (a column or expression of it), and per slice if given (a
 * column, e.g. channel): Σ paid orders and distinct customers, as strings, to compare a coarser
 * rollup with customer_days grouped the same way.
 */
export const customersPerPeriod = (table: string, period: string, slice?: string) => {
  const keys = slice ? 'p, s' : 'p'
  return `SELECT toString(${period}) AS p, ${slice ? `toString(${slice}) AS s, ` : ''}toString(sum(paid_orders)) AS n, toString(uniqExact(customer_key)) AS c
            FROM ${table} GROUP BY ${keys} ORDER BY ${keys}`
}
