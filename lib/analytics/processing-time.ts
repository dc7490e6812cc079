import { TABLES } from '@/lib/clickhouse/tables'
import { groupingSql } from './dimensions'
import { isPlaceDimension, type Dimension, type RangeQuery } from './filters'
import { DAY_TIME, dayRangeWhere } from './where'

/** The processing-time levels the dashboards show: median and p90. */
export const PROCESSING_LEVELS = [0.5, 0.9] as const

type Filters = readonly (keyof RangeQuery)[]

/**
 * When two passes beat sorting the range's shipments (measured on the 10M-line bench,
 * docs/benchmarks.md). The two passes cost two pipelines, ~10 ms whatever the range, while
 * sorting grows with it: over one row they tie at 30 days and win 1.4× at 90, 2.6× at a year.
 * Per row the second pass reads every bucket some row picked and joins each shipment to its
 * row's picks, and the total is a pass of its own (sorting gets it almost free from GROUPING
 * SETS): with one dimension over half a year or more they win 1.1–1.9× (month, week,
 * channel, store, day); over 90 days, or with two dimensions (day × channel: hundreds of rows,
 * most buckets picked), sorting wins.
 */
export const TWO_PASS_AFTER_DAYS = { total: 31, perRow: 183 } as const

/** Whether processing time is read in two passes (processingTimeSql, processingTimeRowsSql) rather than by sorting each row's shipments. */
export function processingTimeInTwoPasses(q: RangeQuery, dims: readonly Dimension[] = []): boolean {
  const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1
  if (dims.length === 0) return days > TWO_PASS_AFTER_DAYS.total
  return dims.length === 1 && days > TWO_PASS_AFTER_DAYS.perRow
}

/**
 * Which per-bucket count table the first pass reads, and the filters it applies: per channel
 * only (a tenth of the rows) unless another of `filters` (a place) is set or the rows are
 * places, which only the per-place counts can answer.
 */
export function shipmentBucketCounts(q: RangeQuery, filters: Filters, dims: readonly Dimension[] = []): { table: string; filters: Filters } {
  const place = filters.some((f) => f !== 'channel' && (q[f] as string[]).length > 0) || dims.some(isPlaceDimension)
  return place ? { table: TABLES.orderShipmentBuckets, filters } : { table: TABLES.orderShipmentBucketsByChannel, filters: ['channel'] }
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
 * single-row statement and two passes (clickhouse/0014):
 * 1. the range's per-bucket counts give, per level, the bucket holding that position and the
 *    rank inside it (picksSql). A scalar subquery: evaluated once, its buckets are constants
 *    for the second pass's index.
 * 2. only those two buckets' shipments of the range (order_shipment_times is ordered by
 *    bucket, then day) are read; the value at that rank among each bucket's sorted seconds is
 *    the k-th overall, since every value of an earlier bucket is smaller and of a later one larger.
 * Both passes apply the same days and filters, so they count the same shipments. No shipment:
 * NULL, as the per-row path's `if(count() = 0, NULL, …)`.
 */
export function processingTimeSql(q: RangeQuery, filters: Filters): { sql: string; params: Record<string, unknown> } {
  const counts = shipmentBucketCounts(q, filters)
  const w = dayRangeWhere(q, counts.filters)
  const shipments = dayRangeWhere(q, filters)
  return {
    sql: `WITH (${picksSql([], `SELECT bucket, sum(shipments) AS h_count FROM ${counts.table} WHERE ${w.sql} GROUP BY bucket`)}) AS pick
          SELECT if(pick.1 = 0, NULL, arraySort(groupArrayIf(seconds, bucket = pick.2))[pick.3 + 1]) AS p50,
                 if(pick.1 = 0, NULL, arraySort(groupArrayIf(seconds, bucket = pick.4))[pick.5 + 1]) AS p90
            FROM ${TABLES.orderShipmentTimes} WHERE bucket IN (pick.2, pick.4) AND ${shipments.sql}`,
    params: { ...w.params, ...shipments.params },
  }
}

/**
 * The same per row of `dims` (order-level, days or coarser: time members from the local day),
 * `dim_…` columns as groupingSql names them: the first pass per row and bucket gives each
 * row's picks; the second reads the shipments of every bucket some row picked (an index range
 * each) and keeps, per row, those of its own two buckets (joined by row). Only rows with
 * shipments come back. With `total`, the single-row read is added as a row with is_total = 1.
 */
export function processingTimeRowsSql(q: RangeQuery, filters: Filters, dims: readonly Dimension[], total: boolean): { sql: string; params: Record<string, unknown> } {
  const counts = shipmentBucketCounts(q, filters, dims)
  const w = dayRangeWhere(q, counts.filters)
  const shipments = dayRangeWhere(q, filters)
  const { select } = groupingSql(dims, DAY_TIME)
  const keys = dims.map((d) => `dim_${d}`)
  const overRange = total ? processingTimeSql(q, filters) : null
  return {
    sql: `WITH picks AS (${picksSql(keys, `SELECT ${select.join(', ')}, bucket, sum(shipments) AS h_count FROM ${counts.table} WHERE ${w.sql} GROUP BY ${keys.join(', ')}, bucket`)})
          SELECT ${keys.join(', ')}, 0 AS is_total,
                 arraySort(groupArrayIf(s.seconds, s.bucket = p.pick.2))[any(p.pick).3 + 1] AS p50,
                 arraySort(groupArrayIf(s.seconds, s.bucket = p.pick.4))[any(p.pick).5 + 1] AS p90
            FROM (SELECT ${select.join(', ')}, bucket, seconds FROM ${TABLES.orderShipmentTimes}
                   WHERE bucket IN (SELECT arrayJoin([pick.2, pick.4]) FROM picks) AND ${shipments.sql}) AS s
           INNER JOIN picks AS p USING (${keys.join(', ')})
           GROUP BY ${keys.join(', ')}
          ${overRange ? `UNION ALL SELECT ${keys.map((k) => `'' AS ${k}`).join(', ')}, 1 AS is_total, p50, p90 FROM (${overRange.sql})` : ''}`,
    params: { ...w.params, ...shipments.params, ...(overRange?.params ?? {}) },
  }
}
