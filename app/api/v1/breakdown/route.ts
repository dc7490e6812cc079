import { z } from 'zod'
import { DIMENSIONS, rangeQuerySchema } from '@/lib/analytics/filters'
import { freshness, salesBreakdown, salesTotals } from '@/lib/analytics/sales'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

const query = rangeQuerySchema.and(z.object({ by: z.enum(DIMENSIONS), split: z.enum(DIMENSIONS).optional() }))

/** A row per member of `by` (and of `split`, when given) with every sales KPI, and the total. */
export const GET = route({ permission: 'analytics:read', query }, async ({ query: q }) => {
  const ch = await clickhouse()
  const timeZone = config().TIME_ZONE
  const dims = q.split && q.split !== q.by ? [q.by, q.split] : [q.by]
  const [rows, total, fresh] = await Promise.all([salesBreakdown(ch, q, timeZone, dims), salesTotals(ch, q, timeZone), freshness(ch)])
  return { range: { from: q.from, to: q.to, time_zone: timeZone }, by: q.by, split: q.split ?? null, rows, total, freshness: fresh }
})
