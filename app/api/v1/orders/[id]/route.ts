import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { getScopedOrder } from '@/lib/ops/scoped'

export const dynamic = 'force-dynamic'

export const GET = route({ permission: 'orders:read' }, async ({ params, principal }) => getScopedOrder(await db(), params.id ?? '', principal!))
