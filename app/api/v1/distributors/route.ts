import { db } from '@/lib/db'
import { distributorSchema, distributorView, listDistributors, saveDistributor } from '@/lib/distributors/accounts'
import { actorOf } from '@/lib/distributors/api'
import { creditPosition, creditView } from '@/lib/distributors/requests'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Every distributor account with its credit position. */
export const GET = route({ permission: 'distributors:read' }, async () => {
  const store = await db()
  const accounts = await listDistributors(store)
  return { distributors: await Promise.all(accounts.map(async (d) => ({ ...distributorView(d), credit: creditView(await creditPosition(store, d)) }))) }
})

/** Creates or updates an account: name, tier, credit limit. */
export const POST = route({ permission: 'finance:write', body: distributorSchema }, async ({ body, principal }) => distributorView(await saveDistributor(await db(), body, actorOf(principal))))
