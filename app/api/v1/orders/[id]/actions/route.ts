import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { actOnOrder, orderActionSchema } from '@/lib/ops/orders'
import { getScopedOrder } from '@/lib/ops/scoped'

export const dynamic = 'force-dynamic'

/** Moves an order through its state machine: pay, ship (all or some lines), complete, cancel, return (some lines), refund (all). */
export const POST = route({ permission: 'orders:write', body: orderActionSchema }, async ({ params, body, principal }) => {
  const store = await db()
  const order = await getScopedOrder(store, params.id ?? '', principal!)
  return actOnOrder(store, order.order_id, body.action, { actor: `${principal!.kind}:${principal!.name}` }, body.reason, { lines: body.lines, note: body.note })
})
