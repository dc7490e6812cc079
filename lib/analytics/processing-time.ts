import { TABLES } from '@/lib/clickhouse/tables'
import type { RangeQuery } from './filters'
import { dayRangeWhere } from './where'

/** The processing-time levels the dashboards show: median and p90. */
export const PROCESSING_LEVELS = [0.5, 0.9] as const

type Filters = readonly (keyof RangeQuery)[]

/**
 * The two passes cost two pipelines (~10 ms on the 10M-line bench whatever the range), sorting
 * a range's shipments grows with it: the same for 30 days, the two passes 1.4× faster at 90 and
 * 2.6× at a year (docs/benchmarks.md). So ranges of up to a month sort their shipments.
 */
export const TWO_PASS_AFTER_DAYS = 31

/** Whether a range's processing time is read in two passes (processingTimeSql) rather than by sorting its shipments. */
export function processingTimeInTwoPasses(q: RangeQuery): boolean {
  return (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 > TWO_PASS_AFTER_DAYS
}

/**
 * Which per-bucket count table the first pass reads, and the filters it applies: per channel
 * only (a tenth of the rows) unless another of `filters` (a place) is set, which only the
 * per-place counts can answer.
 */
export function shipmentBucketCounts(q: RangeQuery, filters: Filters): { table: string; filters: Filters } {
  const place = filters.some((f) => f !== 'channel' && (q[f] as string[]).length > 0)
  return place ? { table: TABLES.orderShipmentBuckets, filters } : { table: TABLES.orderShipmentBucketsByChannel, filters: ['channel'] }
}

/**
 * Payment → shipment p50 and p90 of the shipments of the range's local days (the zone of the
 * daily rollups) under the order-level `filters`, EXACTLY as quantilesExact(0.5, 0.9) gives them — the value at position
 * ⌊level × n⌋ (0-based, `level × n` in Float64 and truncated, as ClickHouse does) of the sorted
 * seconds — in one single-row statement and two passes (clickhouse/0014):
 * 1. the range's per-bucket counts, summed per bucket and put in bucket order, give n, and for
 *    each level the bucket where the running count first exceeds k = ⌊level × n⌋ and the rank
 *    of the k-th value inside it (k minus the count of the buckets before it). A scalar
 *    subquery: evaluated once, its buckets are constants for the second pass's index.
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
  const [lo, hi] = PROCESSING_LEVELS
  return {
    sql: `WITH (
            SELECT tuple(h_n, h_buckets[h_i1], h_k1 - (h_cum[h_i1] - h_counts[h_i1]), h_buckets[h_i2], h_k2 - (h_cum[h_i2] - h_counts[h_i2]))
              FROM (SELECT arraySort(groupArray((bucket, h_count))) AS h_sorted,
                           arrayMap(b -> b.1, h_sorted) AS h_buckets, arrayMap(b -> b.2, h_sorted) AS h_counts,
                           arrayCumSum(h_counts) AS h_cum, arraySum(h_counts) AS h_n,
                           toUInt64(${lo} * h_n) AS h_k1, toUInt64(${hi} * h_n) AS h_k2,
                           arrayFirstIndex(c -> c > h_k1, h_cum) AS h_i1, arrayFirstIndex(c -> c > h_k2, h_cum) AS h_i2
                      FROM (SELECT bucket, sum(shipments) AS h_count FROM ${counts.table} WHERE ${w.sql} GROUP BY bucket))
          ) AS pick
          SELECT if(pick.1 = 0, NULL, arraySort(groupArrayIf(seconds, bucket = pick.2))[pick.3 + 1]) AS p50,
                 if(pick.1 = 0, NULL, arraySort(groupArrayIf(seconds, bucket = pick.4))[pick.5 + 1]) AS p90
            FROM ${TABLES.orderShipmentTimes} WHERE bucket IN (pick.2, pick.4) AND ${shipments.sql}`,
    params: { ...w.params, ...shipments.params },
  }
}
