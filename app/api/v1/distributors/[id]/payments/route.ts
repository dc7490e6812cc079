import { NextResponse } from 'next/server'
import { db } from '@/lib/db'
import { actorOf } from '@/lib/distributors/api'
import { paymentSchema, recordPayment } from '@/lib/distributors/finance'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Finance records money received from a distributor. */
export const POST = route({ permission: 'finance:write', body: paymentSchema }, async ({ params, body, principal }) =>
  NextResponse.json(await recordPayment(await db(), params.id ?? '', body, actorOf(principal)), { status: 201 }),
)
