import { appSecret } from '@/lib/auth/secret'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { customerJson, customerListQuerySchema, emptyRules, segmentCountJson } from '@/lib/customers/api'
import { attributesBuiltAt } from '@/lib/customers/attributes'
import { searchCustomers } from '@/lib/customers/profile'
import { countSegment, listSegment, nowContext } from '@/lib/customers/segments/query'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Merged customers matching a search and/or a rule tree, with their attributes and the matching count. */
export const GET = route({ permission: 'customers:read', query: customerListQuerySchema }, async ({ query }) => {
  const ch = await clickhouse()
  const ctx = nowContext(config().TIME_ZONE)
  const rules = query.rules ?? emptyRules()
  const ids = query.q ? await searchCustomers(await db(), appSecret(), query.q) : undefined
  const [customers, count, built_at] = await Promise.all([
    ids?.length === 0 ? [] : listSegment(ch, { rules, ids, limit: query.limit, offset: query.offset, sort: query.sort }, ctx),
    ids ? null : countSegment(ch, rules, ctx),
    attributesBuiltAt(ch),
  ])
  return { customers: customers.map((c) => customerJson(c)), count: count && segmentCountJson(count), built_at, time_zone: ctx.timeZone }
})
