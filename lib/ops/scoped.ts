import type { Principal } from '@/lib/auth/permissions'
import { canSeeOrder } from '@/lib/auth/scope'
import type { Sql } from '@/lib/db'
import { notFound } from './errors'
import { getOrder, type OrderView } from './orders'

/** An order as the caller may see it: out of scope is reported as not found. */
export async function getScopedOrder(db: Sql, orderId: string, principal: Principal): Promise<OrderView> {
  const order = await getOrder(db, orderId)
  if (!canSeeOrder(principal, order)) throw notFound('order', orderId)
  return order
}
