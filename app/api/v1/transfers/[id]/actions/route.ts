import { db } from '@/lib/db'
import { apiError, route } from '@/lib/http/route'
import { notFound } from '@/lib/ops/errors'
import { actOnTransfer } from '@/lib/ops/transfer-actions'
import { canActOnTransfer, canSeeTransfer, getTransfer, transferActionSchema } from '@/lib/ops/transfers'

export const dynamic = 'force-dynamic'

/** ship (leaves the source), receive (on hand at the destination; waiting pickup orders reserve), cancel (a requested transfer). */
export const POST = route({ permission: 'stock:write', body: transferActionSchema }, async ({ params, body, principal }) => {
  const store = await db()
  const transfer = await getTransfer(store, params.id ?? '')
  if (!canSeeTransfer(principal!, transfer)) throw notFound('transfer', params.id ?? '')
  if (!canActOnTransfer(principal!, transfer, body.action)) {
    return apiError(403, 'forbidden', `store users ${body.action === 'receive' ? 'receive transfers to' : 'ship and cancel transfers from'} their own store`, 'action')
  }
  return actOnTransfer(store, transfer.transfer_id, body.action, `${principal!.kind}:${principal!.name}`)
})
