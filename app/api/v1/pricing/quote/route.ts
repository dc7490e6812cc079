import { db } from '@/lib/db'
import { quoteView } from '@/lib/distributors/requests'
import { route } from '@/lib/http/route'
import { quoteCart, quoteRequestSchema } from '@/lib/pricing/store'

export const dynamic = 'force-dynamic'

/** What a cart costs on a channel: list price → tier price list (optional) → promotions. */
export const POST = route({ permission: 'pricing:read', body: quoteRequestSchema }, async ({ body }) =>
  quoteView(await quoteCart(await db(), { lines: body.lines, tier_id: body.tier_id, channel: body.channel, at: body.at ? new Date(body.at) : new Date() })),
)
