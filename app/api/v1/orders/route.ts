import { NextResponse } from 'next/server'
import { orderListScope, placementRefusal } from '@/lib/auth/scope'
import { config } from '@/lib/config'
import { db } from '@/lib/db'
import { apiError, route } from '@/lib/http/route'
import { listOrders, ordersQuerySchema, placeOrder, placeOrderSchema } from '@/lib/ops/orders'

export const dynamic = 'force-dynamic'

export const POST = route({ permission: 'orders:write', body: placeOrderSchema }, async ({ body, principal }) => {
  const refusal = placementRefusal(principal!, body)
  if (refusal) return apiError(403, 'forbidden', refusal.message, refusal.field)
  const { order, created } = await placeOrder(await db(), body, { actor: `${principal!.kind}:${principal!.name}` })
  return NextResponse.json(order, { status: created ? 201 : 200 })
})

/** The order list: filters, search by order or external id, newest first, within the caller's scope. */
export const GET = route({ permission: 'orders:read', query: ordersQuerySchema }, async ({ query, principal }) =>
  listOrders(await db(), query, orderListScope(principal!), config().TIME_ZONE),
)
