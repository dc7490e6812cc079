import { z } from 'zod'
import type { Principal } from '@/lib/auth/permissions'
import type { Sql } from '@/lib/db'
import { DomainError, notFound } from './errors'

/**
 * What a location's people must act on, written in the transaction of the change that
 * causes it: pick a paid order, ship a requested transfer, receive one, replenish a SKU.
 * A store user reads their store's; ops and admins read every location's.
 */
export const NOTIFICATION_KINDS = ['pick', 'transfer_to_ship', 'transfer_received', 'replenishment'] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export async function notify(
  tx: Sql,
  n: { location_id: string; kind: NotificationKind; reference: string; detail?: Record<string, unknown>; at: Date },
): Promise<void> {
  await tx.query('INSERT INTO notifications (location_id, kind, reference, detail, created_at) VALUES ($1, $2, $3, $4, $5)', [
    n.location_id,
    n.kind,
    n.reference,
    JSON.stringify(n.detail ?? {}),
    n.at,
  ])
}

export const notificationsQuerySchema = z.object({
  location_id: z.string().trim().min(1).max(64).optional(),
  unread: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

/** Store users are pinned to their store whatever they ask for. */
function scopeLocation(p: Principal, asked?: string): string | null {
  if (p.role === 'store') return p.location_id ?? '(none)'
  return asked ?? null
}

export async function listNotifications(db: Sql, p: Principal, q: z.infer<typeof notificationsQuerySchema>) {
  const location = scopeLocation(p, q.location_id)
  const rows = await db.query<{
    notification_id: number
    location_id: string
    kind: NotificationKind
    reference: string
    detail: Record<string, unknown>
    created_at: Date
    read_by: string | null
    read_at: Date | null
  }>(
    `SELECT notification_id, location_id, kind, reference, detail, created_at, read_by, read_at FROM notifications
      WHERE ($1::text IS NULL OR location_id = $1) AND (NOT $2 OR read_at IS NULL)
      ORDER BY notification_id DESC LIMIT $3`,
    [location, q.unread, q.limit],
  )
  const [unread] = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM notifications WHERE ($1::text IS NULL OR location_id = $1) AND read_at IS NULL', [location])
  return {
    unread: unread?.n ?? 0,
    notifications: rows.map((r) => ({ ...r, created_at: r.created_at.toISOString(), read_at: r.read_at?.toISOString() ?? null })),
  }
}

/** Marks one notification read; out of the caller's scope reads as not found. */
export async function markNotificationRead(db: Sql, id: number, p: Principal, at = new Date()) {
  const location = scopeLocation(p)
  const [row] = await db.query<{ notification_id: number }>(
    `UPDATE notifications SET read_by = COALESCE(read_by, $2), read_at = COALESCE(read_at, $3)
      WHERE notification_id = $1 AND ($4::text IS NULL OR location_id = $4) RETURNING notification_id`,
    [id, `${p.kind}:${p.name}`, at, location],
  )
  if (!row) throw notFound('notification', String(id))
  return { ok: true }
}

export const notificationIdSchema = z.coerce.number().int().positive()
export function parseNotificationId(raw: string | undefined): number {
  const parsed = notificationIdSchema.safeParse(raw)
  if (!parsed.success) throw new DomainError('invalid_parameter', 'notification id must be a positive integer', 400, 'id')
  return parsed.data
}

/** Notices older than this are dropped by housekeeping: they are prompts to act, not records (the timeline and ledger are). */
export const NOTIFICATION_RETENTION_DAYS = 30

export async function pruneNotifications(db: Sql, now = new Date(), days = NOTIFICATION_RETENTION_DAYS): Promise<number> {
  const rows = await db.query<{ notification_id: number }>('DELETE FROM notifications WHERE created_at < $1 RETURNING notification_id', [
    new Date(now.getTime() - days * 86_400_000),
  ])
  return rows.length
}
