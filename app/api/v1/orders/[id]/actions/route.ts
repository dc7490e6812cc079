import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { actOnOrder, orderActionSchema } from '@/lib/ops/orders'

export const dynamic = 'force-dynamic'

/** Moves an order through its state machine: pay, ship, complete, cancel, refund. */
export const POST = route({ permission: 'orders:write', body: orderActionSchema }, async ({ params, body, principal }) =>
  actOnOrder(await db(), params.id ?? '', body.action, { actor: `${principal!.kind}:${principal!.name}` }, body.reason),
)
