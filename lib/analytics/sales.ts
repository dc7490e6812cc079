import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { readSingleRow, type SingleRowRead } from '@/lib/clickhouse/one-statement'
import { TABLES } from '@/lib/clickhouse/tables'
import { groupingSql, keyedGroupingSql, memberKey, membersOf, NO_SHIFT, shiftParams, type Members, type Shift } from './dimensions'
import type { Dimension, RangeQuery } from './filters'
import { customerGrain, salesGrain, type SalesGrain } from './grain'
import { salesKpis, ZERO_SALES, type SalesKpis, type SalesTotals } from './kpis'
import { ORDER_FILTERS } from './order-flow'
import { dailyRollupsFit } from './rollups'
import { DAY_TIME, dayRangeWhere, hourRangeWhere } from './where'

/** Totals per row of a grouping, keyed by `memberKey`. */
export type Grouped<T> = Map<string, { members: Members; totals: T }>
/** Rows of a grouping and, when asked, the total over the whole range from the same pass. */
export type WithTotal<T> = { rows: Grouped<T>; total: T | null }

type Row = Record<string, string> & { gross: string; net: string; cost: string; orders: string; customers?: string }

/** The SUMS columns of a row as numbers. */
const sumsOf = (r: Record<string, unknown>) => ({ gross_cents: Number(r.gross), net_cents: Number(r.net), cost_cents: Number(r.cost), paid_orders: Number(r.orders) })

const SUMS = `toString(sum(gross_cents)) AS gross, toString(sum(net_cents)) AS net, toString(sum(cost_cents)) AS cost, toString(sum(paid_orders)) AS orders`
const HOURLY_CUSTOMERS = `toString(uniqExactMergeIf(customers, kind = 'payment')) AS customers`

/** Where each grain's sums are read: its table, time expression and range condition; the hourly ones keep each row's customer set. */
const SOURCES: Record<SalesGrain, { table: string; time: string; where: (q: RangeQuery, timeZone: string) => { sql: string; params: Record<string, unknown> }; hourly?: true }> = {
  daily_channel: { table: TABLES.salesChannelDaily, time: DAY_TIME, where: (q) => dayRangeWhere(q) },
  daily_category: { table: TABLES.salesCategoryDaily, time: DAY_TIME, where: (q) => dayRangeWhere(q) },
  daily: { table: TABLES.salesDaily, time: DAY_TIME, where: (q) => dayRangeWhere(q) },
  daily_sku: { table: TABLES.salesDailySku, time: DAY_TIME, where: (q) => dayRangeWhere(q) },
  hourly_place: { table: TABLES.salesHourlyByPlace, time: 'hour', where: (q, timeZone) => hourRangeWhere(q, timeZone), hourly: true },
  hourly: { table: TABLES.salesHourly, time: 'hour', where: (q, timeZone) => hourRangeWhere(q, timeZone), hourly: true },
}

/**
 * Sales totals for a range, grouped by `dims` (none = one total row), from the smallest rollup
 * that holds the dimensions and filters (grain.ts). `shift` relabels a comparison range's time
 * members (see dimensions.ts). `customers: false` leaves the distinct customer count at 0, for
 * callers that count customers themselves (customerTotalsBy) or not at all.
 */
export async function salesTotalsBy(
  ch: ClickHouseClient,
  q: RangeQuery,
  timeZone: string,
  dims: readonly Dimension[] = [],
  shift: Shift = NO_SHIFT,
  { customers = true }: { customers?: boolean } = {},
): Promise<Grouped<SalesTotals>> {
  const daily = await dailyRollupsFit(ch, timeZone)
  const grain = salesGrain(q, dims, daily)
  // The hourly rollup keeps each row's customer set; the daily ones leave customers to customer_days.
  const inline = customers && SOURCES[grain].hourly === true
  const separate = customers && !inline
  const [rows, distinct] = await Promise.all([
    sums(ch, q, timeZone, dims, shift, grain, inline),
    separate ? distinctCustomersBy(ch, q, timeZone, dims, shift, daily) : Promise.resolve(null),
  ])
  return salesRowsOf(rows, dims, (key, r) => (inline ? Number(r.customers) : (distinct?.get(key) ?? 0)))
}

function salesRowsOf(rows: Record<string, unknown>[], dims: readonly Dimension[], customersOf: (key: string, r: Record<string, unknown>) => number): Grouped<SalesTotals> {
  const out: Grouped<SalesTotals> = new Map()
  for (const r of rows) {
    const members = membersOf(dims, r)
    const key = memberKey(dims, members)
    out.set(key, { members, totals: { ...sumsOf(r), customers: customersOf(key, r) } })
  }
  return out
}

/** salesTotalsBy without customers, as a statement and how its rows become totals, to share a statement with other reads. */
export function salesRowsRead(q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, daily: boolean) {
  return { ...sumsSql(q, timeZone, dims, shift, salesGrain(q, dims, daily), false), parse: (rows: Record<string, unknown>[]) => salesRowsOf(rows, dims, () => 0) }
}

function sumsSql(q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, grain: SalesGrain, withCustomers: boolean) {
  const source = SOURCES[grain]
  const where = source.where(q, timeZone)
  const g = keyedGroupingSql(dims, !source.hourly, source.time)
  return {
    sql: g.labelled(`SELECT ${[...g.select, SUMS, ...(withCustomers ? [HOURLY_CUSTOMERS] : [])].join(', ')} FROM ${source.table} WHERE ${where.sql} ${g.groupBy}`),
    params: { ...where.params, ...shiftParams(shift), tz: timeZone },
  }
}

async function sums(ch: ClickHouseClient, q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, grain: SalesGrain, withCustomers: boolean) {
  const { sql, params } = sumsSql(q, timeZone, dims, shift, grain, withCustomers)
  return queryRows<Row>(ch, sql, params)
}

/** The range's sales sums (customers left at 0) as a single-row read, to share a statement with other reads. */
export function salesSumsRead(q: RangeQuery, timeZone: string, daily: boolean): SingleRowRead<SalesTotals> {
  return {
    ...sumsSql(q, timeZone, [], NO_SHIFT, salesGrain(q, [], daily), false),
    parse: (r) => ({ ...sumsOf(r), customers: 0 }),
  }
}

/**
 * The same for a range filtered by channel, with its COGS over every channel too (what
 * inventory turnover divides by: stock serves all channels) — from one pass over the rows of
 * the other filters, instead of a second read.
 */
export function channelSalesSumsRead(q: RangeQuery, timeZone: string, daily: boolean): SingleRowRead<SalesTotals & { all_channels_cost_cents: number }> {
  const source = SOURCES[salesGrain(q, [], daily)]
  const where = source.where({ ...q, channel: [] }, timeZone)
  const inChannel = `channel IN {channels:Array(String)}`
  return {
    sql: `SELECT toString(sumIf(gross_cents, ${inChannel})) AS gross, toString(sumIf(net_cents, ${inChannel})) AS net,
                 toString(sumIf(cost_cents, ${inChannel})) AS cost, toString(sumIf(paid_orders, ${inChannel})) AS orders,
                 toString(sum(cost_cents)) AS all_cost
            FROM ${source.table} WHERE ${where.sql}`,
    params: { ...where.params, channels: q.channel, tz: timeZone },
    parse: (r) => ({ ...sumsOf(r), customers: 0, all_channels_cost_cents: Number(r.all_cost) }),
  }
}

/**
 * Distinct paying customers per row: from customer_days when the dimensions and filters are
 * order-level, else merged from the hourly rollup's customer sets.
 */
async function distinctCustomersBy(ch: ClickHouseClient, q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, daily: boolean): Promise<Map<string, number>> {
  const fromDays = customerGrain(q, dims, daily) === 'daily'
  const where = fromDays ? dayRangeWhere(q, ORDER_FILTERS) : hourRangeWhere(q, timeZone)
  const g = groupingSql(dims, fromDays ? DAY_TIME : 'hour')
  const count = fromDays ? `toString(uniqExact(customer_key)) AS customers` : HOURLY_CUSTOMERS
  const rows = await queryRows<Record<string, string>>(ch, `SELECT ${[...g.select, count].join(', ')} FROM ${fromDays ? TABLES.customerDays : TABLES.salesHourly} WHERE ${where.sql} ${g.groupBy}`, {
    ...where.params,
    ...shiftParams(shift),
    tz: timeZone,
  })
  return new Map(rows.map((r) => [memberKey(dims, membersOf(dims, r)), Number(r.customers)]))
}

export type SalesRow = Members & SalesKpis

/** Sales KPIs grouped by up to two dimensions, ordered by member (none = the total). */
export async function salesBreakdown(ch: ClickHouseClient, q: RangeQuery, timeZone: string, dims: Dimension[] = []): Promise<SalesRow[]> {
  const grouped = [...(await salesTotalsBy(ch, q, timeZone, dims)).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return grouped.map(([, { members, totals }]) => ({ ...members, ...salesKpis(totals) }))
}

/** The range's sales sums (customers left at 0 unless `customers`). */
export async function salesSums(ch: ClickHouseClient, q: RangeQuery, timeZone: string, { customers = false }: { customers?: boolean } = {}): Promise<SalesTotals> {
  const [row] = (await salesTotalsBy(ch, q, timeZone, [], NO_SHIFT, { customers })).values()
  return row?.totals ?? ZERO_SALES
}

export async function salesTotals(ch: ClickHouseClient, q: RangeQuery, timeZone: string): Promise<SalesKpis> {
  return salesKpis(await salesSums(ch, q, timeZone, { customers: true }))
}

/** How current the analytics store is: the newest event time it holds. */
export async function freshness(ch: ClickHouseClient): Promise<Freshness> {
  return readSingleRow(ch, freshnessRead)
}

export type Freshness = { newest_event_at: string | null; as_of: string }

/** freshness as a single-row read, to share a statement with other reads. */
export const freshnessRead: SingleRowRead<Freshness> = {
  sql: `SELECT if(count() = 0, NULL, formatDateTime(max(occurred_at), '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC')) AS newest
          FROM ${TABLES.events} WHERE dead_letter_reason = '' AND ingested_at > now64(3) - INTERVAL 1 DAY`,
  params: {},
  parse: (row) => {
    const newest = row.newest as string | null
    return { newest_event_at: newest ? newest.replace(/(\.\d{3})\d*Z$/, '$1Z') : null, as_of: new Date().toISOString() }
  },
}
