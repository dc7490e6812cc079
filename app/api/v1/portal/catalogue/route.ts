import { db } from '@/lib/db'
import { portalAccount } from '@/lib/distributors/accounts'
import { portalCatalogue } from '@/lib/distributors/catalogue'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** The caller's catalogue: tier prices, quantity breaks, warehouse availability. */
export const GET = route({ permission: 'distributor:portal' }, async ({ principal }) => portalCatalogue(await db(), portalAccount(principal)))
