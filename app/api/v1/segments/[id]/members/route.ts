import { can } from '@/lib/auth/permissions'
import { appSecret } from '@/lib/auth/secret'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { customerJson, membersQuerySchema } from '@/lib/customers/api'
import { segmentCsv } from '@/lib/customers/export'
import { listSegment, nowContext } from '@/lib/customers/segments/query'
import { getSegment } from '@/lib/customers/segments/store'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** The segment's members: a page as JSON, or a CSV file (phone and e-mail in clear only with customers:pii). */
export const GET = route({ permission: 'segments:read', query: membersQuerySchema }, async ({ params, query, principal }) => {
  const store = await db()
  const segment = await getSegment(store, params.id ?? '')
  const ctx = nowContext(config().TIME_ZONE)
  if (query.format === 'csv') {
    const csv = await segmentCsv(store, await clickhouse(), segment.rules, { pii: can(principal!.role, 'customers:pii'), secret: appSecret(), ctx, limit: query.limit })
    return new Response(csv, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="segment-${segment.segment_id}-v${segment.version}.csv"` },
    })
  }
  const members = await listSegment(await clickhouse(), { rules: segment.rules, limit: query.limit, offset: query.offset, sort: 'customer_id' }, ctx)
  return { segment_id: segment.segment_id, version: segment.version, members: members.map(customerJson) }
})
