import { detectAnomalies } from '@/lib/analytics/anomalies'
import { anomaliesQuerySchema } from '@/lib/analytics/filters'
import { freshness } from '@/lib/analytics/sales'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** The KPIs of a day that left their normal range (same weekday of the previous weeks), in total and per channel. */
export const GET = route({ permission: 'analytics:read', query: anomaliesQuerySchema }, async ({ query: q }) => {
  const ch = await clickhouse()
  const [result, fresh] = await Promise.all([detectAnomalies(ch, q, config().TIME_ZONE), freshness(ch)])
  return { ...result, freshness: fresh }
})
