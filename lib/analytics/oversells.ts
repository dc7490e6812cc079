import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import { comparisonRange, type Comparison } from './compare'
import type { RangeQuery } from './filters'
import { orderFlowKpis, ZERO_ORDER_FLOW } from './kpis'
import { ORDER_FILTERS, orderFlowTotalsBy } from './order-flow'
import { rangeWhere } from './where'

export const OVERSOLD_ORDERS_LIMIT = 500

export type OversellPoint = { day: string; channel: string; placed_orders: number; oversold_orders: number; oversell_rate: number | null }
export type OversoldOrder = {
  order_id: string
  external_id: string
  channel: string
  occurred_at: string
  location_id: string
  region: string
  city: string
  skus: string[]
}
type Rate = { placed_orders: number; oversold_orders: number; oversell_rate: number | null }

/**
 * Placed and oversold orders per local day and channel, and their total. Order-level, like
 * the oversell KPI: category and SKU filters do not apply to the rates.
 */
export async function oversellSeries(ch: ClickHouseClient, q: RangeQuery, timeZone: string): Promise<{ series: OversellPoint[]; total: Rate }> {
  const [byDay, total] = await Promise.all([
    orderFlowTotalsBy(ch, q, timeZone, ['day', 'channel'], undefined, { processing: false }),
    orderFlowTotalsBy(ch, q, timeZone, [], undefined, { processing: false }),
  ])
  const rate = (t: typeof ZERO_ORDER_FLOW): Rate => {
    const k = orderFlowKpis(t)
    return { placed_orders: k.placed_orders, oversold_orders: k.oversold_orders, oversell_rate: k.oversell_rate }
  }
  const series = [...byDay.values()]
    .map(({ members, totals }) => ({ day: members.day ?? '', channel: members.channel ?? '', ...rate(totals) }))
    .sort((a, b) => (a.day === b.day ? (a.channel < b.channel ? -1 : 1) : a.day < b.day ? -1 : 1))
  return { series, total: rate([...total.values()][0]?.totals ?? ZERO_ORDER_FLOW) }
}

/**
 * Oversold orders (cancelled out_of_stock) in the range, newest first, with the SKUs they
 * asked for (from their order.placed lines). Category and SKU filters keep the orders that
 * asked for such a line.
 */
export async function oversoldOrders(ch: ClickHouseClient, q: RangeQuery, timeZone: string, limit = OVERSOLD_ORDERS_LIMIT): Promise<OversoldOrder[]> {
  const where = rangeWhere(q, 'occurred_at', ORDER_FILTERS)
  // Not bound to the range: the lines are those the order was placed with, whenever that was.
  const lineFilter = [q.category.length ? 'category IN {l_category:Array(String)}' : '', q.sku.length ? 'sku IN {l_sku:Array(String)}' : ''].filter(Boolean)
  const rows = await queryRows<Omit<OversoldOrder, 'occurred_at' | 'skus' | 'external_id'> & { at_ms: string }>(
    ch,
    `SELECT order_id, channel, location_id, region, city, toString(toUnixTimestamp64Milli(occurred_at)) AS at_ms
       FROM ${TABLES.orderEvents}
      WHERE type = 'order.cancelled' AND reason = 'out_of_stock' AND ${where.sql}
        ${lineFilter.length ? `AND order_id IN (SELECT order_id FROM ${TABLES.orderPlacedLines} WHERE ${lineFilter.join(' AND ')})` : ''}
      ORDER BY occurred_at DESC, order_id DESC
      LIMIT {limit:UInt32}`,
    { ...where.params, tz: timeZone, limit, l_category: q.category, l_sku: q.sku },
  )
  if (rows.length === 0) return []
  const lines = await queryRows<{ order_id: string; ext_id: string; skus: string[] }>(
    ch,
    `SELECT order_id, any(external_id) AS ext_id, arrayMap(x -> x.2, arraySort(groupArray((line_no, sku)))) AS skus
       FROM ${TABLES.orderPlacedLines} WHERE order_id IN {ids:Array(String)} GROUP BY order_id`,
    { ids: rows.map((r) => r.order_id) },
  )
  const byOrder = new Map(lines.map((l) => [l.order_id, l]))
  return rows.map((r) => ({
    order_id: r.order_id,
    external_id: byOrder.get(r.order_id)?.ext_id ?? '',
    channel: r.channel,
    occurred_at: new Date(Number(r.at_ms)).toISOString(),
    location_id: r.location_id,
    region: r.region,
    city: r.city,
    skus: byOrder.get(r.order_id)?.skus ?? [],
  }))
}

/** The oversell series and orders of a range, optionally with the comparison period's series. */
export async function oversells(ch: ClickHouseClient, q: RangeQuery, timeZone: string, compare?: Comparison) {
  const [current, orders] = await Promise.all([oversellSeries(ch, q, timeZone), oversoldOrders(ch, q, timeZone)])
  let comparison = null
  if (compare) {
    const range = comparisonRange(q.from, q.to, compare)
    comparison = { mode: compare, range, ...(await oversellSeries(ch, { ...q, ...range }, timeZone)) }
  }
  return { ...current, orders, comparison }
}
