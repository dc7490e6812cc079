import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { markNotificationRead, parseNotificationId } from '@/lib/ops/notifications'

export const dynamic = 'force-dynamic'

export const POST = route({ permission: 'notifications:read' }, async ({ params, principal }) =>
  markNotificationRead(await db(), parseNotificationId(params.id), principal!),
)
