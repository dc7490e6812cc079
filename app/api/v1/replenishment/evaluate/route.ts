import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { evaluateReplenishment } from '@/lib/ops/replenishment'

export const dynamic = 'force-dynamic'

/** Checks every rule now (the server also does every 30 s); answers how many suggestions were made. */
export const POST = route({ permission: 'stock:write' }, async () => ({ created: await evaluateReplenishment(await db()) }))
