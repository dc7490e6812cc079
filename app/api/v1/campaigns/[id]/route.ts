import { config } from '@/lib/config'
import { campaignReport } from '@/lib/customers/campaigns'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Issued, redeemed, redemption rate, redeemer revenue, and incremental revenue against the holdout with its 95 % interval. */
export const GET = route({ permission: 'campaigns:read' }, async ({ params }) => ({ ...(await campaignReport(await db(), params.id ?? '')), time_zone: config().TIME_ZONE }))
