import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { listNotifications, notificationsQuerySchema } from '@/lib/ops/notifications'

export const dynamic = 'force-dynamic'

/** Pick, transfer and replenishment notices, newest first; a store user gets their store's. */
export const GET = route({ permission: 'notifications:read', query: notificationsQuerySchema }, async ({ query, principal }) =>
  listNotifications(await db(), principal!, query),
)
