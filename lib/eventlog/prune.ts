import type { Db } from '@/lib/db'

/**
 * Deletes outbox rows its consumer has committed and that are older than `keepMinutes`
 * (kept a while for inspection). Without a committed position nothing is deleted.
 */
export async function pruneOutbox(db: Db, consumer: string, keepMinutes = 60): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `DELETE FROM outbox WHERE created_at < now() - make_interval(mins => $2::int)
        AND (xid, id) <= (SELECT xid, id FROM stream_positions WHERE consumer = $1)
      RETURNING id`,
    [consumer, keepMinutes],
  )
  return rows.length
}
