import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { kpiAnomalies } from './anomalies'
import { breakdown } from './breakdown'
import type { BreakdownQuery, RangeQuery } from './filters'
import type { Comparison } from './compare'
import { freshness } from './sales'
import { kpisWithComparison } from './snapshot'

/**
 * What the dashboard's API calls answer, whole: the routes return these, and bench/query
 * times them (a call's latency is all of its work, anomalies and freshness included).
 */

/** GET /api/v1/kpis: every KPI of the range, the comparison when asked, the last day's anomalies, the data's freshness. */
export async function kpisAnswer(ch: ClickHouseClient, q: RangeQuery & { compare?: Comparison }, timeZone: string) {
  const [result, anomalies, fresh] = await Promise.all([kpisWithComparison(ch, q, timeZone, q.compare), kpiAnomalies(ch, q, timeZone), freshness(ch)])
  return { range: { from: q.from, to: q.to, time_zone: timeZone }, ...result, anomalies, freshness: fresh }
}

/** GET /api/v1/breakdown: a row per member of `by` (and of `split`) with every KPI, and the total; optionally compared. */
export async function breakdownAnswer(ch: ClickHouseClient, q: BreakdownQuery, timeZone: string) {
  const [result, fresh] = await Promise.all([breakdown(ch, q, timeZone), freshness(ch)])
  return { range: { from: q.from, to: q.to, time_zone: timeZone }, by: q.by, split: q.split ?? null, ...result, freshness: fresh }
}
