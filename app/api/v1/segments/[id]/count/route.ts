import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { segmentCountJson } from '@/lib/customers/api'
import { countSegment, nowContext } from '@/lib/customers/segments/query'
import { getSegment } from '@/lib/customers/segments/store'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** How many customers the segment holds now, their revenue, and the totals. */
export const GET = route({ permission: 'segments:read' }, async ({ params }) => {
  const segment = await getSegment(await db(), params.id ?? '')
  return { segment_id: segment.segment_id, version: segment.version, ...segmentCountJson(await countSegment(await clickhouse(), segment.rules, nowContext(config().TIME_ZONE))) }
})
