import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { readRowSets } from '@/lib/clickhouse/one-statement'
import { kpiAnomaliesRead } from './anomalies'
import { breakdown } from './breakdown'
import type { Comparison } from './compare'
import type { BreakdownQuery, RangeQuery } from './filters'
import { dailyRollupsFit } from './rollups'
import { freshness, freshnessRead } from './sales'
import { kpisWithComparisonRead } from './snapshot'

/**
 * What the dashboard's API calls answer, whole: the routes return these, and bench/query
 * times them (a call's latency is all of its work, anomalies and freshness included).
 */

/**
 * GET /api/v1/kpis: every KPI of the range, the comparison when asked, the last day's
 * anomalies and the data's freshness — all in one statement (embedded chDB runs statements
 * one at a time; reads in one run side by side).
 */
export async function kpisAnswer(ch: ClickHouseClient, q: RangeQuery & { compare?: Comparison }, timeZone: string) {
  const daily = await dailyRollupsFit(ch, timeZone)
  const now = new Date()
  const kpis = kpisWithComparisonRead(q, timeZone, daily, q.compare, now)
  const anomalies = kpiAnomaliesRead(q, timeZone, daily, now)
  const [kpiRows, freshRows, ...anomalyRows] = await readRowSets(ch, [kpis, freshnessRead, ...(anomalies?.reads ?? [])])
  return {
    range: { from: q.from, to: q.to, time_zone: timeZone },
    ...kpis.parse(kpiRows![0]!),
    anomalies: anomalies ? anomalies.assemble(anomalyRows) : null,
    freshness: freshnessRead.parse(freshRows![0]!),
  }
}

/** GET /api/v1/breakdown: a row per member of `by` (and of `split`) with every KPI, and the total; optionally compared. */
export async function breakdownAnswer(ch: ClickHouseClient, q: BreakdownQuery, timeZone: string) {
  const [result, fresh] = await Promise.all([breakdown(ch, q, timeZone), freshness(ch)])
  return { range: { from: q.from, to: q.to, time_zone: timeZone }, by: q.by, split: q.split ?? null, ...result, freshness: fresh }
}
