import { kpiAnomalies } from '@/lib/analytics/anomalies'
import { kpisQuerySchema } from '@/lib/analytics/filters'
import { freshness } from '@/lib/analytics/sales'
import { kpisWithComparison } from '@/lib/analytics/snapshot'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Every KPI for the inclusive date range, optionally against the previous period or last year, with the last day's anomalies. */
export const GET = route({ permission: 'analytics:read', query: kpisQuerySchema }, async ({ query: q }) => {
  const ch = await clickhouse()
  const timeZone = config().TIME_ZONE
  const [result, anomalies, fresh] = await Promise.all([kpisWithComparison(ch, q, timeZone, q.compare), kpiAnomalies(ch, q, timeZone), freshness(ch)])
  return { range: { from: q.from, to: q.to, time_zone: timeZone }, ...result, anomalies, freshness: fresh }
})
