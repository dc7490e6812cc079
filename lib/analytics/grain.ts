import { addDays } from '@/lib/i18n/time-range'
import { isTimeDimension, PLACE_DIMENSIONS, type Dimension, type RangeQuery } from './filters'

/**
 * Which stored table a query reads: the smallest one that can answer its dimensions and
 * filters exactly. The daily tables (clickhouse/0008, 0009) are bucketed by the local day of
 * the zone recorded when they were built; `daily` says whether that is still the configured
 * zone. Without it, or for hours, only UTC-hourly rollups and the facts are exact.
 */
export type SalesGrain = 'daily_channel' | 'daily_category' | 'daily' | 'daily_sku' | 'hourly_place' | 'hourly'
export type CustomerGrain = 'daily' | 'daily_category' | 'daily_sku' | 'lines'
export type OrderFlowGrain = 'daily' | 'hourly'

const has = (q: RangeQuery, dims: readonly Dimension[], d: Dimension & keyof RangeQuery) => dims.includes(d) || q[d].length > 0
/** Whether hours matter: rows by hour, or only some hours of each day. */
const byHours = (q: RangeQuery, dims: readonly Dimension[]) => dims.includes('hour') || q.before_hour !== undefined

/**
 * Sales sums: by day and channel when nothing else is asked for; by day, channel and category
 * for a category without place or SKU; by day without SKU (channel × geography × category) for
 * a place; by day × channel × category × SKU when a SKU is asked for and no place; else hourly
 * (UTC): without the product when no category or SKU is asked for, else with every dimension.
 */
export function salesGrain(q: RangeQuery, dims: readonly Dimension[], daily: boolean): SalesGrain {
  if (!daily || byHours(q, dims)) return has(q, dims, 'category') || has(q, dims, 'sku') ? 'hourly' : 'hourly_place'
  if (!has(q, dims, 'sku')) return PLACE_DIMENSIONS.some((p) => has(q, dims, p)) ? 'daily' : has(q, dims, 'category') ? 'daily_category' : 'daily_channel'
  return PLACE_DIMENSIONS.some((p) => has(q, dims, p)) ? 'hourly' : 'daily_sku'
}

/**
 * Customers (distinct, new, repeat) merge exactly from each customer's paid orders per day and
 * order-level member; an order's lines may span categories and SKUs, so those read each
 * customer's orders per day, channel, place and category (clickhouse/0019), or per day,
 * channel and SKU — or the lines, for a SKU with a place.
 */
export function customerGrain(q: RangeQuery, dims: readonly Dimension[], daily: boolean): CustomerGrain {
  if (!daily || byHours(q, dims)) return 'lines'
  if (!has(q, dims, 'sku')) return has(q, dims, 'category') ? 'daily_category' : 'daily'
  return PLACE_DIMENSIONS.some((p) => has(q, dims, p)) ? 'lines' : 'daily_sku'
}

/**
 * Whether customers per day and channel are read from customer_channel_days (clickhouse/0017,
 * ordered by customer within each day and channel): rows by day and channel, on the daily
 * customer grain, no place filter.
 */
export function customersByChannelDay(q: RangeQuery, dims: readonly Dimension[], daily: boolean): boolean {
  return customerGrain(q, dims, daily) === 'daily' && dims.length === 2 && dims.includes('day') && dims.includes('channel') && PLACE_DIMENSIONS.every((p) => q[p].length === 0)
}

/** Placed and oversold orders: per local day, or per UTC hour for hours (and days in another zone). */
export function orderFlowGrain(q: RangeQuery, dims: readonly Dimension[], daily: boolean): OrderFlowGrain {
  return daily && !byHours(q, dims) ? 'daily' : 'hourly'
}

/**
 * The calendar years an unfiltered customer count reads whole from customer_years
 * (clickhouse/0012) instead of day by day: those whose 1 January lies in the range. `full` end
 * within it; `last` runs past its end, so it is read whole only while nothing is stored after
 * the range's last day (the query checks, and reads its days otherwise); `daysBefore` is the
 * part of the range before the first of them. Null when the range holds no 1 January.
 */
export type CustomerYears = { full: number[]; last: number | null; daysBefore: { from: string; to: string } | null }

export function customerYears(from: string, to: string): CustomerYears | null {
  const first = Number(from.slice(0, 4)) + (from.slice(5) === '01-01' ? 0 : 1)
  const years: number[] = []
  for (let y = first; `${y}-01-01` <= to; y++) years.push(y)
  if (years.length === 0) return null
  const lastYear = years.at(-1)!
  const partial = `${lastYear}-12-31` > to
  return {
    full: partial ? years.slice(0, -1) : years,
    last: partial ? lastYear : null,
    daysBefore: from < `${first}-01-01` ? { from, to: `${first - 1}-12-31` } : null,
  }
}

/** At most this many pieces: each is a GROUP BY of its own in the statement. */
const MAX_MEMBER_PIECES = 12

/**
 * The range cut at the boundaries of its year, quarter or month members, when customers are
 * counted per such member (one of those the only time dimension, at most 12 members): each
 * member's buyers are then grouped on their own — a hash table the size of one member's
 * customers instead of all members' at once (measured: 95 against 205 ms for the months of a
 * year). Null otherwise, or when there are more than `most`.
 */
export function memberPieces(from: string, to: string, dims: readonly Dimension[], most = MAX_MEMBER_PIECES): { from: string; to: string }[] | null {
  const times = dims.filter(isTimeDimension)
  const months = times.length === 1 ? ({ year: 12, quarter: 3, month: 1 } as Record<string, number>)[times[0]!] : undefined
  if (!months) return null
  const pieces: { from: string; to: string }[] = []
  let start = from
  while (start <= to) {
    const [y, m] = start.split('-').map(Number) as [number, number]
    const first = Math.floor((m - 1) / months) * months // the member's first month, 0-based
    const next = new Date(Date.UTC(y, first + months, 1)).toISOString().slice(0, 10)
    const end = new Date(Date.parse(next) - 86_400_000).toISOString().slice(0, 10)
    pieces.push({ from: start, to: end < to ? end : to })
    if (pieces.length > most) return null
    start = next
  }
  return pieces
}

/** The last day of the month of a day `YYYY-MM-DD`. */
export function monthEnd(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

/**
 * The whole calendar months inside a range, as their first and last day — the part a monthly
 * rollup can read; the days before and after are read by day. Null when no month is whole.
 */
export function wholeMonths(from: string, to: string): { from: string; to: string } | null {
  const first = from.endsWith('-01') ? from : addDays(monthEnd(from), 1)
  const last = monthEnd(to) === to ? to : addDays(`${to.slice(0, 8)}01`, -1)
  return first <= last ? { from: first, to: last } : null
}

/**
 * How the buyers of a month piece (memberPieces) of an unfiltered range are read: the whole
 * month from customer_months; the month the range ends in before its last day, whole only when
 * nothing is stored after the range's end (the query checks, and reads its days otherwise); a
 * piece starting after the 1st, by its days.
 */
export function monthRead(piece: { from: string; to: string }): 'whole' | 'running' | 'days' {
  if (!piece.from.endsWith('-01')) return 'days'
  return piece.to === monthEnd(piece.from) ? 'whole' : 'running'
}
