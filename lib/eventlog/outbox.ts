import type { Sql } from '@/lib/db'
import { familyOf, partitionKey, type AnyEvent } from '@/lib/events'

/** Writes events into the outbox inside the caller's transaction: they exist iff the change does. */
export async function appendToOutbox(tx: Sql, events: readonly AnyEvent[]): Promise<void> {
  if (events.length === 0) return
  // One statement text for any number of events (prepared once per connection), rows in event order.
  await tx.query(
    `INSERT INTO outbox (family, partition_key, payload)
     SELECT family, partition_key, payload FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS e(family, partition_key, payload, n) ORDER BY n`,
    [events.map((e) => familyOf(e.type)), events.map((e) => partitionKey(e)), events.map((e) => JSON.stringify(e))],
  )
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
