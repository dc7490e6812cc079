import { db } from '@/lib/db'
import { actorOf } from '@/lib/distributors/api'
import { route } from '@/lib/http/route'
import { promotionSchema } from '@/lib/pricing/promotions'
import { listPromotions, promotionView, savePromotion } from '@/lib/pricing/store'

export const dynamic = 'force-dynamic'

export const GET = route({ permission: 'pricing:read' }, async () => ({ promotions: (await listPromotions(await db())).map(promotionView) }))

export const POST = route({ permission: 'pricing:write', body: promotionSchema }, async ({ body, principal }) => savePromotion(await db(), body, actorOf(principal)))
