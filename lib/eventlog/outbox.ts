import type { Sql } from '@/lib/db'
import { partitionKey, topicOf, type AnyEvent } from '@/lib/events'
import { config } from '@/lib/config'

/** Writes events into the outbox inside the caller's transaction: they exist iff the change does. */
export async function appendToOutbox(tx: Sql, events: readonly AnyEvent[]): Promise<void> {
  if (events.length === 0) return
  const prefix = config().KAFKA_TOPIC_PREFIX
  const params: unknown[] = []
  const rows = events.map((e, i) => {
    params.push(topicOf(prefix, e.type), partitionKey(e), JSON.stringify(e))
    return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`
  })
  await tx.query(`INSERT INTO outbox (topic, partition_key, payload) VALUES ${rows.join(', ')}`, params)
}
