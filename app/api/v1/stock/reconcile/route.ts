import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { reconcileStock } from '@/lib/ops/ledger'

export const dynamic = 'force-dynamic'

/** Balances against the sum of the ledger: `mismatches` is empty when every position reconciles. */
export const GET = route({ permission: 'system:read' }, async () => reconcileStock(await db()))
