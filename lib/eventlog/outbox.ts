import type { Sql } from '@/lib/db'
import { familyOf, partitionKey, type AnyEvent } from '@/lib/events'

/** Writes events into the outbox inside the caller's transaction: they exist iff the change does. */
export async function appendToOutbox(tx: Sql, events: readonly AnyEvent[]): Promise<void> {
  if (events.length === 0) return
  const params: unknown[] = []
  const rows = events.map((e, i) => {
    params.push(familyOf(e.type), partitionKey(e), JSON.stringify(e))
    return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`
  })
  await tx.query(`INSERT INTO outbox (family, partition_key, payload) VALUES ${rows.join(', ')}`, params)
}

/** Outbox rows a consumer (the embedded ingest loop, the relay) has not committed yet. */
export async function outboxLag(db: Sql, consumer: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int8 AS n FROM outbox
      WHERE (xid, id) > COALESCE((SELECT (xid, id) FROM stream_positions WHERE consumer = $1), ('0'::xid8, 0::int8))`,
    [consumer],
  )
  return row?.n ?? 0
}
