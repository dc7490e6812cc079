import { breakdownAnswer } from '@/lib/analytics/answers'
import { breakdownQuerySchema } from '@/lib/analytics/filters'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** A row per member of `by` (and of `split`, when given) with every KPI, and the total; optionally compared. */
export const GET = route({ permission: 'analytics:read', query: breakdownQuerySchema }, async ({ query: q }) => breakdownAnswer(await clickhouse(), q, config().TIME_ZONE))
