import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { readSingleRow, readsInOne, type SingleRowRead } from '@/lib/clickhouse/one-statement'
import { TABLES } from '@/lib/clickhouse/tables'
import { groupingSql, keyedGroupingSql, memberKey, membersOf, NO_SHIFT, shiftParams, type Shift } from './dimensions'
import { isLineDimension, type Dimension, type RangeQuery } from './filters'
import { ZERO_ORDER_FLOW, type OrderFlowTotals } from './kpis'
import type { Grouped, WithTotal } from './sales'
import { orderFlowGrain } from './grain'
import { periodsOverlap, PROCESSING_LEVELS, processingTimeInTwoPasses, processingTimeRowsSql, processingTimeSql } from './processing-time'
import { dailyRollupsFit } from './rollups'
import { DAY_TIME, dayRangeWhere, hourRangeWhere, rangeWhere } from './where'

/** Order-level filters: lifecycle events have no category or SKU. */
export const ORDER_FILTERS = ['channel', 'region', 'city', 'store'] as const

/**
 * Per row of `dims` (order-level dimensions only): orders placed and oversold in the row's
 * slice (per local day from order_flow_daily, per UTC hour from order_flow_hourly), and
 * payment → shipment time of the orders shipped in it (order_shipments). Each lifecycle event counts
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
  return (await orderFlowWithTotal(ch, q, timeZone, dims, shift, { processing })).rows
}

/**
 * orderFlowTotalsBy's rows and, with `total`, the totals over the whole range: placed and
 * oversold orders add up across the rows; the processing-time quantiles do not, so the
 * shipments are grouped per row and over the range in one pass (GROUPING SETS).
 */
export async function orderFlowWithTotal(
  ch: ClickHouseClient,
  q: RangeQuery,
  timeZone: string,
  dims: readonly Dimension[] = [],
  shift: Shift = NO_SHIFT,
  { processing = true, total = false }: { processing?: boolean; total?: boolean } = {},
): Promise<WithTotal<OrderFlowTotals>> {
  if (dims.some(isLineDimension)) throw new Error(`order-level KPIs cannot be grouped by ${dims.join(', ')}`)
  const read = orderFlowRowsRead(q, timeZone, dims, shift, await dailyRollupsFit(ch, timeZone), total)
  const [placed, times] = await Promise.all([
    queryRows<Record<string, unknown>>(ch, read.placed.sql, read.placed.params),
    processing ? queryRows<Record<string, unknown>>(ch, read.times.sql, read.times.params) : Promise.resolve([]),
  ])
  return read.parse(placed, times)
}

/**
 * orderFlowWithTotal's two statements and how their rows become totals, to share a statement
 * with other reads.
 */
export function orderFlowRowsRead(q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, daily: boolean, total: boolean) {
  const both = total && dims.length > 0
  const sql = orderFlowSql(q, timeZone, dims, shift, orderFlowGrain(q, dims, daily) === 'daily', both)
  return {
    placed: sql.placed,
    times: sql.times,
    /** What the processing time per row is read as, when in two passes (pairedTimesRead). */
    timesInTwoPasses: sql.rowsInTwoPasses ? { period: { q, shift }, timeZone, dims, both } : null,
    parse: (placed: Record<string, unknown>[], times: Record<string, unknown>[]) => orderFlowRowsOf(placed, times, dims, both, total),
  }
}

/**
 * The processing time per row of a range and of its comparison (orderFlowRowsRead) in ONE
 * read, one pair of passes for both, when each reads it per row in two passes and they share
 * no day; else null. Its rows carry `period`: 0 `now`'s, 1 `then`'s.
 */
export function pairedTimesRead(now: ReturnType<typeof orderFlowRowsRead>, then: ReturnType<typeof orderFlowRowsRead>) {
  const [a, b] = [now.timesInTwoPasses, then.timesInTwoPasses]
  return a && b && !periodsOverlap([a.period, b.period]) ? processingTimeRowsSql([a.period, b.period], a.timeZone, ORDER_FILTERS, a.dims, a.both) : null
}

function orderFlowRowsOf(placed: Record<string, unknown>[], times: Record<string, unknown>[], dims: readonly Dimension[], both: boolean, total: boolean): WithTotal<OrderFlowTotals> {
  const out: Grouped<OrderFlowTotals> = new Map()
  const all: OrderFlowTotals = { ...ZERO_ORDER_FLOW }
  const at = (r: Record<string, unknown>) => {
    const members = membersOf(dims, r)
    const key = memberKey(dims, members)
    let entry = out.get(key)
    if (!entry) out.set(key, (entry = { members, totals: { ...ZERO_ORDER_FLOW } }))
    return entry.totals
  }
  for (const r of placed) {
    const n = placedOf(r)
    Object.assign(at(r), n)
    all.placed_orders += n.placed_orders
    all.oversold_orders += n.oversold_orders
  }
  for (const r of times) {
    const p = processingOf(r)
    if (both && Number(r.is_total) === 1) Object.assign(all, p)
    else Object.assign(at(r), p)
  }
  // The totals row always exists, even when the range holds no lifecycle events.
  if (dims.length === 0 && out.size === 0) at({})
  if (!total) return { rows: out, total: null }
  return { rows: out, total: dims.length === 0 ? [...out.values()][0]!.totals : all }
}

/**
 * The statements of orderFlowWithTotal: orders placed and oversold per row (per local day from
 * order_flow_daily, else per UTC hour from order_flow_hourly), and the processing-time quantiles per row
 * (and over the range too with `both`, GROUPING SETS).
 */
function orderFlowSql(q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, daily: boolean, both: boolean) {
  const counts = daily ? dayRangeWhere(q, ORDER_FILTERS) : hourRangeWhere(q, timeZone, ORDER_FILTERS)
  const shipped = rangeWhere(q, 'shipped_at', ORDER_FILTERS)
  const c = keyedGroupingSql(dims, daily, daily ? DAY_TIME : 'hour')
  const s = groupingSql(dims, 'shipped_at')
  const first = `dim_${dims[0]}`
  const params = { ...shiftParams(shift), tz: timeZone }
  const twoPasses = daily && processingTimeInTwoPasses(q, dims) ? (dims.length === 0 ? processingTimeSql(q, ORDER_FILTERS) : processingTimeRowsSql([{ q, shift }], timeZone, ORDER_FILTERS, dims, both)) : null
  return {
    rowsInTwoPasses: twoPasses !== null && dims.length > 0,
    placed: {
      sql: c.labelled(
        `SELECT ${[...c.select, ''].join(', ')} toString(sum(placed_orders)) AS n_placed, toString(sum(oversold_orders)) AS n_oversold
           FROM ${daily ? TABLES.orderFlowDaily : TABLES.orderFlowHourly} WHERE ${counts.sql} ${c.groupBy}`,
      ),
      params: { ...counts.params, ...params },
    },
    // Each shipment carries its payment → shipment seconds since ingest (clickhouse/0009). Over
    // long ranges of local days: two passes over per-bucket counts (0014, 0028), the same values
    // from a fraction of the reading; they bind their own parameters.
    times: twoPasses ?? {
      // quantilesExact: both levels from one pass, each the value at ⌊level × n⌋ as quantileExact's.
      sql: `SELECT ${[...s.select, ...(both ? [`grouping(${first}) AS is_total`] : []), ''].join(', ')}
                  if(count() = 0, NULL, q[1]) AS p50, if(count() = 0, NULL, q[2]) AS p90, quantilesExact(${PROCESSING_LEVELS.join(', ')})(seconds) AS q
             FROM ${TABLES.orderShipments} WHERE ${shipped.sql}
             ${both ? `GROUP BY GROUPING SETS ((${dims.map((d) => `dim_${d}`).join(', ')}), ())` : s.groupBy}`,
      params: { ...shipped.params, ...params },
    },
  }
}

const placedOf = (r: Record<string, unknown>) => ({ placed_orders: Number(r.n_placed ?? 0), oversold_orders: Number(r.n_oversold ?? 0) })
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
const processingOf = (r: Record<string, unknown>) => ({ processing_p50_seconds: num(r.p50), processing_p90_seconds: num(r.p90) })

/** The range's order flow (placed, oversold, processing time) as a single-row read, to share a statement with other reads. */
export function orderFlowRead(q: RangeQuery, timeZone: string, daily: boolean): SingleRowRead<OrderFlowTotals> {
  const { placed, times } = orderFlowSql(q, timeZone, [], NO_SHIFT, orderFlowGrain(q, [], daily) === 'daily', false)
  const read = readsInOne([
    { ...placed, parse: placedOf },
    { ...times, parse: processingOf },
  ])
  return { ...read, parse: (r) => { const [p, t] = read.parse(r); return { ...p, ...t } } }
}

/** Orders placed and oversold in the range, and payment → shipment time of orders shipped in it. */
export async function orderFlowTotals(ch: ClickHouseClient, q: RangeQuery, timeZone: string): Promise<OrderFlowTotals> {
  return readSingleRow(ch, orderFlowRead(q, timeZone, await dailyRollupsFit(ch, timeZone)))
}
