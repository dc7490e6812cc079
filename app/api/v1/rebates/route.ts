import { db } from '@/lib/db'
import { rebatesQuerySchema, rebateSettlement, settlementView } from '@/lib/distributors/finance'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** The quarter's rebate settlement per distributor, net of payouts already made. */
export const GET = route({ permission: 'distributors:read', query: rebatesQuerySchema }, async ({ query }) => ({
  period: query.period,
  settlements: (await rebateSettlement(await db(), query.period, query.distributor_id)).map(settlementView),
}))
