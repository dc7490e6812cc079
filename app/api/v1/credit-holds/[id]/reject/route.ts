import { db } from '@/lib/db'
import { actorOf } from '@/lib/distributors/api'
import { decisionSchema, rejectRequest } from '@/lib/distributors/requests'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

export const POST = route({ permission: 'credit:approve', body: decisionSchema }, async ({ params, body, principal }) => ({
  request: await rejectRequest(await db(), params.id ?? '', actorOf(principal), body.note),
}))
