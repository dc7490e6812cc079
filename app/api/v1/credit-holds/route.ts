import { db } from '@/lib/db'
import { creditHoldsQuerySchema, listRequests } from '@/lib/distributors/requests'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Distributor order requests, by default those held over the credit limit. */
export const GET = route({ permission: 'distributors:read', query: creditHoldsQuerySchema }, async ({ query }) => ({
  requests: await listRequests(await db(), { status: query.status, distributor_id: query.distributor_id }),
}))
