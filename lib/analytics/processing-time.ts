import { TABLES } from '@/lib/clickhouse/tables'
import { prefixedParams, withParamPrefix } from '@/lib/clickhouse/one-statement'
import { keyedGroupingSql, keyOf, memberKeySql, NO_SHIFT, shiftParams, type Shift } from './dimensions'
import { isPlaceDimension, isTimeDimension, type Dimension, type RangeQuery } from './filters'
import { wholeMonths } from './grain'
import { DAY_TIME, dayRangeWhere, filterConditions } from './where'

/** The processing-time levels the dashboards show: median and p90. */
export const PROCESSING_LEVELS = [0.5, 0.9] as const

type Filters = readonly (keyof RangeQuery)[]

/**
 * When two passes beat sorting the range's shipments (measured on the 10M-line bench,
 * docs/benchmarks.md). The two passes cost two pipelines, ~10 ms whatever the range, while
 * sorting grows with it: over one row they tie at 30 days and win 1.4× at 90, 2.6× at a year.
 * Per row (processingTimeRowsSql, two reads with the total's): over half a year or more by
 * one dimension they win; over 90 days they win by month and week (21 vs 31 ms) but lose by
 * channel and store (24–29 vs 20–22); over 30 days, and with two dimensions (day × channel:
 * hundreds of rows, most buckets picked), sorting wins. Still so with 0028's finer buckets: a
 * total over 30 days 8.5 against 8.9 ms, over 90 days 10.5 against 16.3; by channel over 90
 * days 22.6 against 19.7.
 */
export const TWO_PASS_AFTER_DAYS = { total: 31, perRow: 183 } as const

/** Whether processing time is read in two passes (processingTimeSql, processingTimeRowsSql) rather than by sorting each row's shipments. */
export function processingTimeInTwoPasses(q: RangeQuery, dims: readonly Dimension[] = []): boolean {
  const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1
  if (dims.length === 0) return days > TWO_PASS_AFTER_DAYS.total
  return dims.length === 1 && days > TWO_PASS_AFTER_DAYS.perRow
}

/**
 * Where the two passes read under `filters` and by `dims`: with a place (a region, city or
 * store filter, or rows by place), the coarse buckets per place (clickhouse/0014), filtered
 * alike by every filter; without, the four times finer buckets by channel (0028) — filtered by
 * channel alone, the only filter then set.
 */
export type ShipmentSource = { place: boolean; times: string; filters: Filters }

export function shipmentSource(q: RangeQuery, filters: Filters, dims: readonly Dimension[] = []): ShipmentSource {
  const place = filters.some((f) => f !== 'channel' && (q[f] as string[]).length > 0) || dims.some(isPlaceDimension)
  return place ? { place, times: TABLES.orderShipmentTimes, filters } : { place, times: TABLES.orderShipmentTimesByChannel, filters: ['channel'] }
}

/**
 * Rows by month, quarter or year keep their members when a month's days are read as one row
 * on its first day — unless a comparison labels them some days on (`shift`).
 */
const MONTH_WHOLE_DIMENSIONS: readonly Dimension[] = ['year', 'quarter', 'month']
const monthsKeepMembers = (q: RangeQuery, dims: readonly Dimension[], shift: Shift) =>
  !q.days && dims.every((d) => !isTimeDimension(d) || (MONTH_WHOLE_DIMENSIONS.includes(d) && shift.days === 0))

/** A range whose processing time is read, and how its time members are labelled (a comparison's shift). */
export type Period = { q: RangeQuery; shift: Shift }

/** Whether two of the periods share a day (a comparison a year back over more than a year). */
export const periodsOverlap = (periods: readonly Period[]) => periods.some((a, i) => periods.slice(i + 1).some((b) => a.q.from <= b.q.to && b.q.from <= a.q.to))

/**
 * What each of `periods` reads from `source` (they share it: the same filters and rows), with
 * its parameters under a prefix of its own (`p<i>_`): its days; the days its counts read by
 * day and the whole months (wholeMonths) they read by month, on the fine counts where the
 * rows' members allow; and `own`, an expression with its parameters (the zone and its shift
 * label members).
 */
function periodSpans(periods: readonly Period[], source: ShipmentSource, dims: readonly Dimension[], timeZone: string) {
  const params: Record<string, unknown> = {}
  const spans = periods.map(({ q, shift }, i) => {
    const own = (sql: string) => prefixedParams(sql, `p${i}_`)
    const w = dayRangeWhere(q, source.filters)
    const f = filterConditions(q, source.filters)
    const months = !source.place && monthsKeepMembers(q, dims, shift) ? wholeMonths(q.from, q.to) : null
    const spanParams = { ...w.params, ...(months ? { months_from: months.from, months_to: months.to } : {}), ...shiftParams(shift), tz: timeZone }
    Object.assign(params, withParamPrefix({ sql: '', params: spanParams }, `p${i}_`).params)
    return {
      days: own(w.sql),
      countDays: own(months ? `${w.sql} AND (day < toDate({months_from:String}) OR day > toDate({months_to:String}))` : w.sql),
      countMonths: months ? own(['day >= toDate({months_from:String})', 'day <= toDate({months_to:String})', ...f.conditions].join(' AND ')) : null,
      own,
    }
  })
  return { spans, params }
}

/**
 * The rows of `from` under `where` that some period's condition holds, with the period
 * (`period`; the periods do not overlap: one scan however many), as `period`, the member keys
 * of `dims` (labelled as the row's period labels them), then `columns`.
 */
function periodRowsSql(from: string, where: string, conditions: readonly (string | null)[], spans: ReturnType<typeof periodSpans>['spans'], dims: readonly Dimension[], columns: string) {
  const held = conditions.flatMap((c, i) => (c ? [{ c, i }] : []))
  // The last period that reads here holds whatever the others do not (an arrayJoin per row, for overlaps, cost ~5 ms a year).
  const period = held.length === 1 ? String(held[0]!.i) : `multiIf(${held.map(({ c, i }, k) => (k < held.length - 1 ? `${c}, ${i}` : String(i))).join(', ')})`
  // An expression without parameters (a channel, a place) is every period's: a multiIf would lose its LowCardinality.
  const byPeriod = (expr: string) =>
    spans.length === 1 || spans.every((s) => s.own(expr) === expr) ? spans[0]!.own(expr) : `multiIf(${spans.map((s, i) => (i < spans.length - 1 ? `period = ${i}, ${s.own(expr)}` : s.own(expr))).join(', ')})`
  const members = dims.map((d) => `${byPeriod(memberKeySql(d, true, DAY_TIME, 'day'))} AS ${keyOf(d)}, `).join('')
  const any = conditions.flatMap((c) => (c ? [`(${c})`] : [])).join(' OR ')
  return `SELECT period, ${members}${columns} FROM (SELECT ${period} AS period, * FROM ${from} WHERE ${where}(${any}))`
}

/**
 * The first pass's input: each period's per-bucket counts under the source's filters
 * (periodRowsSql rows with `bucket`, `shipments`): the place counts by day, or the fine ones
 * by day and, for whole months, by month (a month's row dated its first day).
 */
function bucketCountsSql(source: ShipmentSource, spans: ReturnType<typeof periodSpans>['spans'], dims: readonly Dimension[]) {
  const columns = 'bucket, shipments'
  const days = periodRowsSql(source.place ? TABLES.orderShipmentBuckets : TABLES.orderShipmentFineBuckets, '', spans.map((s) => s.countDays), spans, dims, columns)
  const months = spans.map((s) => s.countMonths)
  if (months.every((m) => m === null)) return days
  const monthly = `(SELECT month AS day, channel, bucket, shipments FROM ${TABLES.orderShipmentFineBucketsMonthly})`
  return `${days} UNION ALL ${periodRowsSql(monthly, '', months, spans, dims, columns)}`
}

/**
 * The first pass, per row of `groups` (none: one row): from `counts` (bucket, h_count rows,
 * with the groups' columns), n and for each level the bucket where the running count in
 * bucket order first exceeds k = ⌊level × n⌋ (`level × n` in Float64, truncated, as
 * ClickHouse's quantileExact) and the rank of the k-th value inside it — k minus the count of
 * the buckets before — as `pick` = (n, bucket₁, rank₁, bucket₂, rank₂).
 */
function picksSql(groups: readonly string[], counts: string): string {
  const [lo, hi] = PROCESSING_LEVELS
  const g = groups.map((c) => `${c}, `).join('')
  return `SELECT ${g}tuple(h_n, h_buckets[h_i1], h_k1 - (h_cum[h_i1] - h_counts[h_i1]), h_buckets[h_i2], h_k2 - (h_cum[h_i2] - h_counts[h_i2])) AS pick
            FROM (SELECT ${g}arraySort(groupArray((bucket, h_count))) AS h_sorted,
                         arrayMap(b -> b.1, h_sorted) AS h_buckets, arrayMap(b -> b.2, h_sorted) AS h_counts,
                         arrayCumSum(h_counts) AS h_cum, arraySum(h_counts) AS h_n,
                         toUInt64(${lo} * h_n) AS h_k1, toUInt64(${hi} * h_n) AS h_k2,
                         arrayFirstIndex(c -> c > h_k1, h_cum) AS h_i1, arrayFirstIndex(c -> c > h_k2, h_cum) AS h_i2
                    FROM (${counts})${groups.length ? ` GROUP BY ${groups.join(', ')}` : ''})`
}

/**
 * Payment → shipment p50 and p90 of the shipments of the range's local days (the zone of the
 * daily rollups) under the order-level `filters`, EXACTLY as quantilesExact(0.5, 0.9) gives
 * them — the value at position ⌊level × n⌋ (0-based) of the sorted seconds — in one
 * single-row statement and two passes (clickhouse/0014, 0028):
 * 1. the range's per-bucket counts give, per level, the bucket holding that position and the
 *    rank inside it (picksSql). A scalar subquery: evaluated once, its buckets are constants
 *    for the second pass's index.
 * 2. only those two buckets' shipments of the range (the shipment times are ordered by
 *    bucket, then day) are read; the value at that rank among each bucket's sorted seconds is
 *    the k-th overall, since every value of an earlier bucket is smaller and of a later one larger.
 * Both passes apply the same days and filters, so they count the same shipments. No shipment:
 * NULL, as the per-row path's `if(count() = 0, NULL, …)`.
 */
export function processingTimeSql(q: RangeQuery, filters: Filters): { sql: string; params: Record<string, unknown> } {
  const source = shipmentSource(q, filters)
  const { spans, params } = periodSpans([{ q, shift: NO_SHIFT }], source, [], '')
  return {
    sql: `WITH (${picksSql([], `SELECT bucket, sum(shipments) AS h_count FROM (${bucketCountsSql(source, spans, [])}) GROUP BY bucket`)}) AS pick
          SELECT if(pick.1 = 0, NULL, arrayPartialSort(pick.3 + 1, groupArrayIf(seconds, bucket = pick.2))[pick.3 + 1]) AS p50,
                 if(pick.1 = 0, NULL, arrayPartialSort(pick.5 + 1, groupArrayIf(seconds, bucket = pick.4))[pick.5 + 1]) AS p90
            FROM ${source.times} WHERE bucket IN (pick.2, pick.4) AND ${spans[0]!.days}`,
    params,
  }
}

/**
 * The same per row of `dims` (order-level, days or coarser) for each of `periods` (`period`:
 * its index), `dim_…` columns as groupingSql names them, and with `total` each period's row
 * (is_total = 1), all from two reads:
 * 1. one scalar holds every row's picks (and the totals': GROUPING SETS over the same
 *    per-bucket counts), time members keyed by their first local day (memberKeySql);
 * 2. the shipments of every bucket some row picked (an index range each) are gathered per
 *    row and bucket (and per bucket for the total); each row keeps its own two buckets and
 *    takes the value at its rank from a partial sort.
 * A scalar is evaluated once, where a CTE read twice (once for the buckets, once to join the
 * picks) is computed twice. The periods, which must not overlap, share each scan
 * (periodRowsSql): a range and its comparison cost a third less than apart (a year to date by
 * channel: 26.6 + 26.1 → 35.6 ms). Only rows with shipments come back.
 */
export function processingTimeRowsSql(
  periods: readonly Period[],
  timeZone: string,
  filters: Filters,
  dims: readonly Dimension[],
  total: boolean,
): { sql: string; params: Record<string, unknown> } {
  if (periodsOverlap(periods)) throw new Error('processing time is read for periods that do not overlap')
  // The periods share the source: the same filters and dimensions.
  const source = shipmentSource(periods[0]!.q, filters, dims)
  const { spans, params } = periodSpans(periods, source, dims, timeZone)
  const { keys, labels } = keyedGroupingSql(dims, true, DAY_TIME)
  const sets = (...extra: string[]) =>
    `GROUP BY ${total ? `GROUPING SETS ((${['period', ...keys, ...extra].join(', ')}), (${['period', ...extra].join(', ')}))` : ['period', ...keys, ...extra].join(', ')}`
  const isTotal = total ? `grouping(${keys[0]})` : '0'
  const rowKey = `tuple(${['period', 'is_total', ...keys].join(', ')})`
  const picked = 'bucket IN (SELECT arrayJoin(arrayFlatten(arrayMap(x -> [x.2.2, x.2.4], all_picks)))) AND '
  // p = (n, bucket₁, rank₁, bucket₂, rank₂) of the row (picksSql); the value at rank r is the
  // (r + 1)-th smallest. Each (row, bucket) is sorted once, as far as the larger rank it holds.
  const at = (bucket: string, rank: string) => `anyIf(sorted[${rank} + 1], bucket = ${bucket})`
  return {
    sql: `WITH (SELECT groupArray((${rowKey}, pick))
                  FROM (${picksSql(['period', 'is_total', ...keys], `SELECT period, ${isTotal} AS is_total, ${[...keys, ''].join(', ')}bucket, sum(shipments) AS h_count FROM (${bucketCountsSql(source, spans, dims)}) ${sets('bucket')}`)})) AS all_picks
          SELECT ${['period', ...labels, 'is_total', ''].join(', ')}${at('p.2', 'p.3')} AS p50, ${at('p.4', 'p.5')} AS p90
            FROM (SELECT *, arrayFirst(x -> x.1 = ${rowKey}, all_picks).2 AS p, arrayPartialSort(greatest(if(bucket = p.2, p.3, 0), if(bucket = p.4, p.5, 0)) + 1, secs) AS sorted
                    FROM (SELECT period, ${isTotal} AS is_total, ${[...keys, ''].join(', ')}bucket, groupArray(seconds) AS secs
                            FROM (${periodRowsSql(source.times, picked, spans.map((s) => s.days), spans, dims, 'bucket, seconds')})
                           ${sets('bucket')})
                   WHERE bucket IN (p.2, p.4))
           GROUP BY ${['period', 'is_total', ...keys].join(', ')}`,
    params,
  }
}
