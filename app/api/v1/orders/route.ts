import { NextResponse } from 'next/server'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { DomainError } from '@/lib/ops/errors'
import { placeOrder, placeOrderSchema } from '@/lib/ops/orders'

export const dynamic = 'force-dynamic'

export const POST = route({ permission: 'orders:write', body: placeOrderSchema }, async ({ body, principal }) => {
  if (principal?.channel && principal.channel !== body.channel) {
    throw new DomainError('forbidden', `this token may only place orders for channel ${principal.channel}`, 403, 'channel')
  }
  const { order, created } = await placeOrder(await db(), body, { actor: `${principal!.kind}:${principal!.name}` })
  return NextResponse.json(order, { status: created ? 201 : 200 })
})
