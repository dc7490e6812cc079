import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import type { RangeQuery } from './filters'
import type { OrderFlowTotals } from './kpis'
import { rangeWhere } from './where'

/** Order-level filters: lifecycle events have no category or SKU. */
const ORDER_FILTERS = ['channel', 'region', 'city', 'store'] as const

/** Orders placed and oversold in the range, and payment → shipment time of orders shipped in it. */
export async function orderFlowTotals(ch: ClickHouseClient, q: RangeQuery, timeZone: string): Promise<OrderFlowTotals> {
  const where = rangeWhere(q, 'occurred_at', ORDER_FILTERS)
  const params = { ...where.params, tz: timeZone }
  const [counts] = await queryRows<{ placed: string; oversold: string }>(
    ch,
    `SELECT toString(countIf(type = 'order.placed')) AS placed,
            toString(countIf(type = 'order.cancelled' AND reason = 'out_of_stock')) AS oversold
       FROM ${TABLES.orderEvents} WHERE ${where.sql}`,
    params,
  )
  const [times] = await queryRows<{ p50: number | null; p90: number | null }>(
    ch,
    `SELECT if(count() = 0, NULL, quantileExact(0.5)(seconds)) AS p50, if(count() = 0, NULL, quantileExact(0.9)(seconds)) AS p90
       FROM (SELECT order_id, dateDiff('second', minIf(occurred_at, type = 'order.paid'), minIf(occurred_at, type = 'order.shipped')) AS seconds
               FROM ${TABLES.orderEvents}
              WHERE type IN ('order.paid', 'order.shipped')
                AND order_id IN (SELECT order_id FROM ${TABLES.orderEvents} WHERE type = 'order.shipped' AND ${where.sql})
              GROUP BY order_id
             HAVING countIf(type = 'order.paid') > 0)`,
    params,
  )
  return {
    placed_orders: Number(counts?.placed ?? 0),
    oversold_orders: Number(counts?.oversold ?? 0),
    processing_p50_seconds: times?.p50 === null || times?.p50 === undefined ? null : Number(times.p50),
    processing_p90_seconds: times?.p90 === null || times?.p90 === undefined ? null : Number(times.p90),
  }
}
