import { z } from 'zod'
import { COMPARISONS } from '@/lib/analytics/compare'
import { rangeQuerySchema } from '@/lib/analytics/filters'
import { freshness } from '@/lib/analytics/sales'
import { kpisWithComparison } from '@/lib/analytics/snapshot'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

const query = rangeQuerySchema.and(z.object({ compare: z.enum(COMPARISONS).optional() }))

/** Every KPI for the inclusive date range, optionally against the previous period or last year. */
export const GET = route({ permission: 'analytics:read', query }, async ({ query: q }) => {
  const ch = await clickhouse()
  const timeZone = config().TIME_ZONE
  const [result, fresh] = await Promise.all([kpisWithComparison(ch, q, timeZone, q.compare), freshness(ch)])
  return { range: { from: q.from, to: q.to, time_zone: timeZone }, ...result, freshness: fresh }
})
