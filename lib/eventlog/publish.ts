import type { Producer } from 'kafkajs'
import { config } from '@/lib/config'
import { db } from '@/lib/db'
import { partitionKey, topicOf, type AnyEvent } from '@/lib/events'
import { ensureTopics, idempotentProducer, kafkaClient } from './kafka'
import { appendToOutbox } from './outbox'

const holder = ((globalThis as Record<string, unknown>).__fourflowPublisher ??= {}) as { producer?: Promise<Producer> }

async function producer(): Promise<Producer> {
  holder.producer ??= (async () => {
    const kafka = kafkaClient('fourflow-publisher')
    await ensureTopics(kafka)
    const p = idempotentProducer(kafka)
    await p.connect()
    return p
  })().catch((e) => {
    holder.producer = undefined
    throw e
  })
  return holder.producer
}

/**
 * Appends events straight to the event log, for analytics-only sources (history import,
 * demo backfill): the outbox in embedded mode, the Kafka topics otherwise. Never touches
 * operational stock.
 */
export async function publishEvents(events: readonly AnyEvent[]): Promise<void> {
  if (events.length === 0) return
  const cfg = config()
  if (cfg.embedded) {
    await (await db()).transaction((tx) => appendToOutbox(tx, events))
    return
  }
  const byTopic = new Map<string, { key: string; value: string }[]>()
  for (const e of events) {
    const topic = topicOf(cfg.KAFKA_TOPIC_PREFIX, e.type)
    const list = byTopic.get(topic) ?? []
    list.push({ key: partitionKey(e), value: JSON.stringify(e) })
    byTopic.set(topic, list)
  }
  await (await producer()).sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) })
}
