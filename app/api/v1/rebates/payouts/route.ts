import { NextResponse } from 'next/server'
import { db } from '@/lib/db'
import { actorOf } from '@/lib/distributors/api'
import { payoutSchema, recordPayout, settlementView } from '@/lib/distributors/finance'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Records a rebate payout; more than is due for the period is refused (409). */
export const POST = route({ permission: 'finance:write', body: payoutSchema }, async ({ body, principal }) =>
  NextResponse.json(settlementView(await recordPayout(await db(), body, actorOf(principal))), { status: 201 }),
)
