import { NextResponse } from 'next/server'
import { db } from '@/lib/db'
import { apiError, route } from '@/lib/http/route'
import { canSeeTransfer, listTransfers, requestTransfer, requestTransferSchema, transfersQuerySchema } from '@/lib/ops/transfers'

export const dynamic = 'force-dynamic'

/** Transfers, newest first; store users see those from or to their store. */
export const GET = route({ permission: 'stock:read', query: transfersQuerySchema }, async ({ query, principal }) => ({
  transfers: await listTransfers(await db(), query, principal!),
}))

/** Requests a transfer: the units are committed at the source (in transit) and expected at the destination (incoming). */
export const POST = route({ permission: 'stock:write', body: requestTransferSchema }, async ({ body, principal }) => {
  if (!canSeeTransfer(principal!, body)) return apiError(403, 'forbidden', `store users request transfers from or to their own store (${principal!.location_id ?? 'none assigned'})`, 'to_location_id')
  return NextResponse.json(await requestTransfer(await db(), body, `${principal!.kind}:${principal!.name}`), { status: 201 })
})
