import { db } from '@/lib/db'
import { actorOf } from '@/lib/distributors/api'
import { route } from '@/lib/http/route'
import { listTiers, saveTier, tierSchema, tierView } from '@/lib/pricing/store'

export const dynamic = 'force-dynamic'

export const GET = route({ permission: 'pricing:read' }, async () => ({ tiers: (await listTiers(await db())).map(tierView) }))

/** Creates or replaces a tier with its whole price list; conflicting rules are refused (409). */
export const POST = route({ permission: 'pricing:write', body: tierSchema }, async ({ body, principal }) => tierView(await saveTier(await db(), body, actorOf(principal))))
