import { db } from '@/lib/db'
import type { Channel } from '@/lib/events'
import { route } from '@/lib/http/route'
import { channelAvailability, channelAvailabilityQuerySchema } from '@/lib/ops/channel-availability'
import { getSettings } from '@/lib/ops/settings'

export const dynamic = 'force-dynamic'

/** What each channel may sell per SKU now: pool available less the channel's buffer. A channel token sees its own channel. */
export const GET = route({ permission: 'stock:read', query: channelAvailabilityQuerySchema }, async ({ query, principal }) => {
  const store = await db()
  const channel = (principal?.channel ?? query.channel) as Channel | undefined
  return { rows: await channelAvailability(store, await getSettings(store), { sku: query.sku, channel }) }
})
