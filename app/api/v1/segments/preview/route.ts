import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { customerJson, previewBodySchema, segmentCountJson } from '@/lib/customers/api'
import { attributesBuiltAt } from '@/lib/customers/attributes'
import { countSegment, listSegment, nowContext } from '@/lib/customers/segments/query'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** The builder's live answer for unsaved rules: count, revenue, their shares of all customers, and a sample. */
export const POST = route({ permission: 'segments:read', body: previewBodySchema }, async ({ body }) => {
  const ch = await clickhouse()
  const ctx = nowContext(config().TIME_ZONE)
  const [count, sample, built_at] = await Promise.all([
    countSegment(ch, body.rules, ctx),
    body.sample ? listSegment(ch, { rules: body.rules, limit: body.sample }, ctx) : [],
    attributesBuiltAt(ch),
  ])
  return { count: segmentCountJson(count), sample: sample.map((c) => customerJson(c)), built_at, time_zone: ctx.timeZone }
})
