import { undoMerge } from '@/lib/customers/merge'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { DomainError } from '@/lib/ops/errors'

export const dynamic = 'force-dynamic'

/** Undoes a merge: the records it joined split along the merges still active. */
export const POST = route({ permission: 'customers:write' }, async ({ params, principal }) => {
  const id = Number(params.id)
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError('invalid_parameter', 'merge id must be a positive integer', 400, 'id')
  return undoMerge(await db(), id, principal!.name)
})
