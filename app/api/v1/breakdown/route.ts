import { breakdown } from '@/lib/analytics/breakdown'
import { breakdownQuerySchema } from '@/lib/analytics/filters'
import { freshness } from '@/lib/analytics/sales'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** A row per member of `by` (and of `split`, when given) with every KPI, and the total; optionally compared. */
export const GET = route({ permission: 'analytics:read', query: breakdownQuerySchema }, async ({ query: q }) => {
  const ch = await clickhouse()
  const timeZone = config().TIME_ZONE
  const [result, fresh] = await Promise.all([breakdown(ch, q, timeZone), freshness(ch)])
  return { range: { from: q.from, to: q.to, time_zone: timeZone }, by: q.by, split: q.split ?? null, ...result, freshness: fresh }
})
