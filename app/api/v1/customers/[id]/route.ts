import { can } from '@/lib/auth/permissions'
import { appSecret } from '@/lib/auth/secret'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { customerProfile } from '@/lib/customers/profile'
import { nowContext } from '@/lib/customers/segments/query'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** A merged customer's 360° profile (any of its record ids finds it); phone and e-mail in clear only with customers:pii. */
export const GET = route({ permission: 'customers:read' }, async ({ params, principal }) => ({
  ...(await customerProfile(await db(), await clickhouse(), params.id ?? '', { pii: can(principal!.role, 'customers:pii'), secret: appSecret(), ctx: nowContext(config().TIME_ZONE) })),
  can_merge: can(principal!.role, 'customers:write'),
  time_zone: config().TIME_ZONE,
}))
