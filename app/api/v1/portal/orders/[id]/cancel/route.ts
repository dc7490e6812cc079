import { db } from '@/lib/db'
import { portalAccount } from '@/lib/distributors/accounts'
import { actorOf } from '@/lib/distributors/api'
import { cancelRequest } from '@/lib/distributors/requests'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** The caller withdraws one of its own held requests. */
export const POST = route({ permission: 'distributor:portal' }, async ({ principal, params }) => ({
  request: await cancelRequest(await db(), portalAccount(principal), params.id ?? '', actorOf(principal)),
}))
