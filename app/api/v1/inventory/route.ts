import { rangeQuerySchema } from '@/lib/analytics/filters'
import { inventoryOverview } from '@/lib/analytics/inventory'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/**
 * Stock value now (at the end of `to`, or now when `to` is today or later), turnover days over
 * the range and days of cover — in total, by category and by location — and the stock-out,
 * low-stock and slow-moving lists. The channel filter does not apply: stock is shared by every
 * channel. Store users see only their store.
 */
export const GET = route({ permission: 'stock:read', query: rangeQuerySchema }, async ({ query: q, principal }) => {
  const timeZone = config().TIME_ZONE
  const scoped = principal?.location_id ? { ...q, store: [principal.location_id] } : q
  const { as_of, days, ...overview } = await inventoryOverview(await clickhouse(), scoped, timeZone)
  return { range: { from: q.from, to: q.to, time_zone: timeZone, as_of, days }, ...overview }
})
