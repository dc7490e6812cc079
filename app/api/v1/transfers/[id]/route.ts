import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { notFound } from '@/lib/ops/errors'
import { canSeeTransfer, getTransfer } from '@/lib/ops/transfers'

export const dynamic = 'force-dynamic'

export const GET = route({ permission: 'stock:read' }, async ({ params, principal }) => {
  const transfer = await getTransfer(await db(), params.id ?? '')
  if (!canSeeTransfer(principal!, transfer)) throw notFound('transfer', params.id ?? '')
  return transfer
})
