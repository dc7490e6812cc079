import { freshness, salesTotals } from '@/lib/analytics/sales'
import { rangeQuerySchema } from '@/lib/analytics/filters'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

export const GET = route({ permission: 'analytics:read', query: rangeQuerySchema }, async ({ query }) => {
  const ch = await clickhouse()
  const timeZone = config().TIME_ZONE
  const [kpis, fresh] = await Promise.all([salesTotals(ch, query, timeZone), freshness(ch)])
  return { range: { from: query.from, to: query.to, time_zone: timeZone }, kpis, freshness: fresh }
})
