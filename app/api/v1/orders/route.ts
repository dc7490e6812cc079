import { NextResponse } from 'next/server'
import { placementRefusal } from '@/lib/auth/scope'
import { db } from '@/lib/db'
import { apiError, route } from '@/lib/http/route'
import { placeOrder, placeOrderSchema } from '@/lib/ops/orders'

export const dynamic = 'force-dynamic'

export const POST = route({ permission: 'orders:write', body: placeOrderSchema }, async ({ body, principal }) => {
  const refusal = placementRefusal(principal!, body)
  if (refusal) return apiError(403, 'forbidden', refusal.message, refusal.field)
  const { order, created } = await placeOrder(await db(), body, { actor: `${principal!.kind}:${principal!.name}` })
  return NextResponse.json(order, { status: created ? 201 : 200 })
})
