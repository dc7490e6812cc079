import { z } from 'zod'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { stockBalances } from '@/lib/ops/stock'

export const dynamic = 'force-dynamic'

const query = z.object({ sku: z.string().max(64).optional(), location_id: z.string().max(64).optional() })

export const GET = route({ permission: 'stock:read', query }, async ({ query: q, principal }) => ({
  rows: await stockBalances(await db(), { sku: q.sku, location_id: principal?.location_id ?? q.location_id }),
}))
