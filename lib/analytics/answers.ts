import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { readRowSets } from '@/lib/clickhouse/one-statement'
import { kpiAnomaliesRead } from './anomalies'
import { breakdown, type BreakdownResult } from './breakdown'
import type { Comparison } from './compare'
import type { BreakdownQuery, RangeQuery } from './filters'
import { KPI_KEYS, sourcesOf, type KpiKey } from './kpis'
import { freshness, freshnessRead } from './sales'
import { kpisWithComparisonRead } from './snapshot'

/**
 * What the dashboard's API calls answer, whole: the routes return these, and bench/query
 * times them (a call's latency is all of its work, anomalies and freshness included).
 */

/**
 * GET /api/v1/kpis: every KPI of the range, the comparison when asked, the last day's
 * anomalies and the data's freshness — all in one statement (embedded chDB runs statements
 * one at a time; reads in one run side by side). A period that ended before today — the
 * comparison, mostly — is read once and remembered until an event by its end is written (settled.ts).
 */
export async function kpisAnswer(ch: ClickHouseClient, q: RangeQuery & { compare?: Comparison }, timeZone: string) {
  const now = new Date()
  const { read: kpis, daily } = await kpisWithComparisonRead(ch, q, timeZone, q.compare, now)
  const anomalies = kpiAnomaliesRead(q, timeZone, daily, now)
  const [kpiRows, freshRows, ...anomalyRows] = await readRowSets(ch, [kpis, freshnessRead, ...(anomalies?.reads ?? [])])
  return {
    range: { from: q.from, to: q.to, time_zone: timeZone },
    ...kpis.parse(kpiRows![0]!),
    anomalies: anomalies ? anomalies.assemble(anomalyRows) : null,
    freshness: freshnessRead.parse(freshRows![0]!),
  }
}

/**
 * GET /api/v1/breakdown: a row per member of `by` (and of `split`) with every KPI — or the
 * `fields` asked for, reading only their sources — and the total; optionally compared.
 */
export async function breakdownAnswer(ch: ClickHouseClient, q: BreakdownQuery, timeZone: string) {
  const fields = q.fields ?? KPI_KEYS
  // The KPI rows are sorted by is computed too, and left out when not asked for.
  const sorted = q.sort ?? (q.limit ? 'net_revenue' : null)
  const [result, fresh] = await Promise.all([breakdown(ch, q, timeZone, sourcesOf(sorted ? [...fields, sorted] : fields)), freshness(ch)])
  const answer = q.fields ? onlyFields(result, q.fields) : result
  return { range: { from: q.from, to: q.to, time_zone: timeZone }, by: q.by, split: q.split ?? null, ...answer, freshness: fresh }
}

/** A breakdown with only the KPIs `fields` in its rows, its total and their comparisons (members kept). */
export function onlyFields(result: BreakdownResult, fields: readonly KpiKey[]) {
  const drop = KPI_KEYS.filter((k) => !fields.includes(k))
  const pick = <T extends object>(o: T): Partial<T> => {
    const out = { ...o } as Record<string, unknown>
    for (const k of drop) delete out[k]
    return out as Partial<T>
  }
  const compared = <T extends { comparison?: { kpis: object; change: object } }>(o: T) => ({ ...pick(o), ...(o.comparison ? { comparison: { kpis: pick(o.comparison.kpis), change: pick(o.comparison.change) } } : {}) })
  return { ...result, rows: result.rows.map(compared), total: compared(result.total) }
}
