import { kpisAnswer } from '@/lib/analytics/answers'
import { kpisQuerySchema } from '@/lib/analytics/filters'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Every KPI for the inclusive date range, optionally against the previous period or last year, with the last day's anomalies. */
export const GET = route({ permission: 'analytics:read', query: kpisQuerySchema }, async ({ query: q }) => kpisAnswer(await clickhouse(), q, config().TIME_ZONE))
