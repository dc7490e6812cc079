import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { movementsQuerySchema, stockMovements } from '@/lib/ops/ledger'

export const dynamic = 'force-dynamic'

/** The ledger: movements of a SKU, a location or a reference, newest first. Store users see their store's. */
export const GET = route({ permission: 'stock:read', query: movementsQuerySchema }, async ({ query, principal }) => ({
  movements: await stockMovements(await db(), { ...query, location_id: principal?.role === 'store' ? (principal.location_id ?? '(none)') : query.location_id }),
}))
