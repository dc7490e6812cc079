import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import { groupingSql, memberKey, membersOf, NO_SHIFT, shiftParams, type Shift } from './dimensions'
import { isLineDimension, type Dimension, type RangeQuery } from './filters'
import { ZERO_ORDER_FLOW, type OrderFlowTotals } from './kpis'
import type { Grouped } from './sales'
import { rangeWhere } from './where'

/** Order-level filters: lifecycle events have no category or SKU. */
export const ORDER_FILTERS = ['channel', 'region', 'city', 'store'] as const

/**
 * Per row of `dims` (order-level dimensions only): orders placed and oversold in the row's
 * slice, and payment → shipment time of the orders shipped in it. Each lifecycle event counts
 * in the member of its own time and of the order's channel and location.
 */
export async function orderFlowTotalsBy(
  ch: ClickHouseClient,
  q: RangeQuery,
  timeZone: string,
  dims: readonly Dimension[] = [],
  shift: Shift = NO_SHIFT,
  { processing = true }: { processing?: boolean } = {},
): Promise<Grouped<OrderFlowTotals>> {
  if (dims.some(isLineDimension)) throw new Error(`order-level KPIs cannot be grouped by ${dims.join(', ')}`)
  const where = rangeWhere(q, 'occurred_at', ORDER_FILTERS)
  const g = groupingSql(dims, 'occurred_at')
  const aliases = dims.map((d) => `dim_${d}`)
  const params = { ...where.params, ...shiftParams(shift), tz: timeZone }
  const [counts, times] = await Promise.all([
    queryRows<Record<string, string>>(
      ch,
      `SELECT ${[...g.select, ''].join(', ')}
              toString(countIf(type = 'order.placed')) AS n_placed,
              toString(countIf(type = 'order.cancelled' AND reason = 'out_of_stock')) AS n_oversold
         FROM ${TABLES.orderEvents} WHERE type IN ('order.placed', 'order.cancelled') AND ${where.sql} ${g.groupBy}`,
      params,
    ),
    processing
      ? queryRows<Record<string, string | number | null>>(
          ch,
          `SELECT ${[...aliases, ''].join(', ')}
                  if(count() = 0, NULL, quantileExact(0.5)(seconds)) AS p50, if(count() = 0, NULL, quantileExact(0.9)(seconds)) AS p90
             FROM (SELECT ${[...g.select, ''].join(', ')} dateDiff('second', p.paid_at, occurred_at) AS seconds
                     FROM ${TABLES.orderEvents}
                    INNER JOIN (SELECT order_id, min(occurred_at) AS paid_at FROM ${TABLES.orderEvents}
                                 WHERE type = 'order.paid'
                                   AND order_id IN (SELECT order_id FROM ${TABLES.orderEvents} WHERE type = 'order.shipped' AND ${where.sql})
                                 GROUP BY order_id) AS p USING order_id
                    WHERE type = 'order.shipped' AND ${where.sql})
           ${aliases.length ? `GROUP BY ${aliases.join(', ')}` : ''}`,
          params,
        )
      : Promise.resolve([]),
  ])
  const out: Grouped<OrderFlowTotals> = new Map()
  const at = (r: Record<string, unknown>) => {
    const members = membersOf(dims, r)
    const key = memberKey(dims, members)
    let entry = out.get(key)
    if (!entry) out.set(key, (entry = { members, totals: { ...ZERO_ORDER_FLOW } }))
    return entry.totals
  }
  for (const r of counts) Object.assign(at(r), { placed_orders: Number(r.n_placed ?? 0), oversold_orders: Number(r.n_oversold ?? 0) })
  for (const r of times) {
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
    Object.assign(at(r), { processing_p50_seconds: num(r.p50), processing_p90_seconds: num(r.p90) })
  }
  // The totals row always exists, even when the range holds no lifecycle events.
  if (dims.length === 0 && out.size === 0) at({})
  return out
}

/** Orders placed and oversold in the range, and payment → shipment time of orders shipped in it. */
export async function orderFlowTotals(ch: ClickHouseClient, q: RangeQuery, timeZone: string): Promise<OrderFlowTotals> {
  const [row] = (await orderFlowTotalsBy(ch, q, timeZone)).values()
  return row?.totals ?? ZERO_ORDER_FLOW
}
