import { can } from '@/lib/auth/permissions'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { segmentCountJson } from '@/lib/customers/api'
import { countSegment, nowContext } from '@/lib/customers/segments/query'
import { getSegment, saveSegmentSchema, segmentSnapshots, segmentVersions, updateSegment } from '@/lib/customers/segments/store'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** A segment with its current count, its versions and snapshots. */
export const GET = route({ permission: 'segments:read' }, async ({ params, principal }) => {
  const store = await db()
  const segment = await getSegment(store, params.id ?? '')
  return {
    segment,
    count: segmentCountJson(await countSegment(await clickhouse(), segment.rules, nowContext(config().TIME_ZONE))),
    versions: await segmentVersions(store, segment.segment_id),
    snapshots: await segmentSnapshots(store, segment.segment_id),
    can_edit: can(principal!.role, 'segments:write'),
    can_launch: can(principal!.role, 'campaigns:write'),
    time_zone: config().TIME_ZONE,
  }
})

/** Saves new rules or name as the next version. */
export const POST = route({ permission: 'segments:write', body: saveSegmentSchema }, async ({ params, body, principal }) =>
  updateSegment(await db(), params.id ?? '', body, principal!.name),
)
