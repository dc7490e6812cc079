import { db } from '@/lib/db'
import { actorOf } from '@/lib/distributors/api'
import { approveRequest, decisionSchema } from '@/lib/distributors/requests'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Approves a held order: it is placed through the order intake. */
export const POST = route({ permission: 'credit:approve', body: decisionSchema }, async ({ params, body, principal }) =>
  approveRequest(await db(), params.id ?? '', actorOf(principal), body.note),
)
