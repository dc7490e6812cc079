import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { getOrder } from '@/lib/ops/orders'

export const dynamic = 'force-dynamic'

export const GET = route({ permission: 'orders:read' }, async ({ params }) => getOrder(await db(), params.id ?? ''))
