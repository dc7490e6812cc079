import { oversellsQuerySchema } from '@/lib/analytics/filters'
import { oversells } from '@/lib/analytics/oversells'
import { freshness } from '@/lib/analytics/sales'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Oversell rate per day and channel, and the oversold orders with their SKUs, newest first. */
export const GET = route({ permission: 'analytics:read', query: oversellsQuerySchema }, async ({ query: q }) => {
  const ch = await clickhouse()
  const timeZone = config().TIME_ZONE
  const [result, fresh] = await Promise.all([oversells(ch, q, timeZone, q.compare), freshness(ch)])
  return { range: { from: q.from, to: q.to, time_zone: timeZone }, ...result, freshness: fresh }
})
