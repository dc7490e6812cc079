import { config } from '@/lib/config'
import { db } from '@/lib/db'
import { partitionKey, topicOf, type AnyEvent } from '@/lib/events'
import { appendToOutbox } from './outbox'
import { idempotentProducer, kafkaClient, ensureTopics } from './kafka'

/**
 * Appends events straight to the event log, for analytics-only sources (history import,
 * demo backfill): the outbox in embedded mode, the Kafka topics otherwise. Never touches
 * operational stock.
 */
export async function publishEvents(events: readonly AnyEvent[]): Promise<void> {
  if (events.length === 0) return
  const cfg = config()
  if (cfg.embedded) {
    const store = await db()
    await store.transaction((tx) => appendToOutbox(tx, events))
    return
  }
  const kafka = kafkaClient('fourflow-publisher')
  await ensureTopics(kafka)
  const producer = idempotentProducer(kafka)
  await producer.connect()
  try {
    const byTopic = new Map<string, { key: string; value: string }[]>()
    for (const e of events) {
      const topic = topicOf(cfg.KAFKA_TOPIC_PREFIX, e.type)
      const list = byTopic.get(topic) ?? []
      list.push({ key: partitionKey(e), value: JSON.stringify(e) })
      byTopic.set(topic, list)
    }
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) })
  } finally {
    await producer.disconnect()
  }
}
