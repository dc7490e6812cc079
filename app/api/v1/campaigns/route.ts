import { NextResponse } from 'next/server'
import { can } from '@/lib/auth/permissions'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { launchCampaign, launchCampaignSchema, listCampaigns } from '@/lib/customers/campaigns'
import { nowContext } from '@/lib/customers/segments/query'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Campaigns, newest first. */
export const GET = route({ permission: 'campaigns:read' }, async ({ principal }) => ({
  campaigns: await listCampaigns(await db()),
  can_launch: can(principal!.role, 'campaigns:write'),
}))

/** Issues a coupon to every member of a segment except the holdout; the coupons go to every channel as events. */
export const POST = route({ permission: 'campaigns:write', body: launchCampaignSchema }, async ({ body, principal }) =>
  NextResponse.json(await launchCampaign(await db(), await clickhouse(), body, principal!.name, nowContext(config().TIME_ZONE)), { status: 201 }),
)
