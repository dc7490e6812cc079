import type { Producer } from 'kafkajs'
import { FAMILIES, topicFor, type Family } from '@/lib/events'
import type { Chunk } from './types'

/**
 * The relay's sink: outbox rows to their Kafka topics, in outbox order, keyed by partition
 * key. Run by the same loop as ingest (ingest/worker.ts): the outbox position advances only
 * after Kafka acknowledged, so a crash re-sends (at least once) and the ingest sink drops an
 * event id it already stored. Run one relay.
 */
export class KafkaRelaySink {
  constructor(
    private readonly producer: Producer,
    private readonly topicPrefix: string,
  ) {}

  async write(chunk: Chunk): Promise<{ inserted: number }> {
    const byTopic = new Map<string, { key?: string; value: Buffer | string; headers: Record<string, string> }[]>()
    for (const m of chunk.messages) {
      if (!FAMILIES.includes(m.family as Family)) throw new Error(`outbox row at ${m.position} has no known family (${m.family})`)
      const topic = topicFor(this.topicPrefix, m.family as Family)
      const list = byTopic.get(topic) ?? []
      list.push({ key: m.key, value: m.value, headers: { 'outbox-position': m.position.toString() } })
      byTopic.set(topic, list)
    }
    await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) })
    return { inserted: chunk.messages.length }
  }
}
