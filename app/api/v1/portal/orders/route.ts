import { NextResponse } from 'next/server'
import { db } from '@/lib/db'
import { getDistributor, portalAccount } from '@/lib/distributors/accounts'
import { actorOf } from '@/lib/distributors/api'
import { creditPosition, creditView, listRequests, portalOrderSchema, requestOrder } from '@/lib/distributors/requests'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** The caller's orders and held requests, newest first, with its credit position. */
export const GET = route({ permission: 'distributor:portal' }, async ({ principal }) => {
  const store = await db()
  const id = portalAccount(principal)
  return { requests: await listRequests(store, { distributor_id: id }), credit: creditView(await creditPosition(store, await getDistributor(store, id))) }
})

/** Orders for the caller's account: 201 placed within the credit limit, 202 held over it. */
export const POST = route({ permission: 'distributor:portal', body: portalOrderSchema }, async ({ principal, body }) => {
  const outcome = await requestOrder(await db(), portalAccount(principal), body, actorOf(principal))
  return NextResponse.json({ ...outcome, credit: creditView(outcome.credit) }, { status: outcome.status === 'placed' ? 201 : 202 })
})
