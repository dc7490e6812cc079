import type { Producer } from 'kafkajs'
import type { Db } from '@/lib/db'
import { OutboxSource } from './outbox-source'
import type { Chunk } from './types'

/**
 * Moves outbox rows to their Kafka topics in outbox order, keyed by partition key. The
 * position advances only after Kafka acknowledged the send, so a crash re-sends (at least
 * once); the ingest sink drops an event id it already stored. Run one relay.
 */
export function outboxRelay(db: Db, producer: Producer, opts: { batchSize: number; pollMs: number }): OutboxSource {
  const source = new OutboxSource(db, 'relay', opts)
  void source.run((chunk) => sendChunk(producer, chunk))
  return source
}

export async function sendChunk(producer: Producer, chunk: Chunk): Promise<void> {
  const byTopic = new Map<string, { key?: string; value: Buffer | string; headers: Record<string, string> }[]>()
  for (const m of chunk.messages) {
    if (!m.topic) throw new Error(`outbox row at ${m.position} has no topic`)
    const list = byTopic.get(m.topic) ?? []
    list.push({ key: m.key, value: m.value, headers: { 'outbox-position': m.position.toString() } })
    byTopic.set(m.topic, list)
  }
  await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) })
}
