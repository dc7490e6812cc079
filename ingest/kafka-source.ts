import type { Consumer, Kafka } from 'kafkajs'
import { consumerLag, ensureTopics } from '@/lib/eventlog/kafka'
import type { Chunk, EventSource } from './types'

/**
 * A kafkajs consumer-group member. Batching by size and time happens at the broker (fetch
 * min bytes / max wait) and by splitting each fetched batch into chunks of at most batchSize.
 * Each chunk is handled, then its offset committed: never before the sink acknowledged it.
 * Several workers in the same group share the partitions.
 */
export class KafkaSource implements EventSource {
  readonly name: string
  private consumer: Consumer | undefined
  private topics: string[] = []
  private finish: (() => void) | undefined

  constructor(
    private readonly kafka: Kafka,
    private readonly opts: { groupId: string; topicPrefix: string; batchSize: number; maxWaitMs: number; sessionTimeoutMs: number },
  ) {
    this.name = `kafka:${opts.groupId}`
  }

  async run(handle: (chunk: Chunk) => Promise<void>): Promise<void> {
    this.topics = await ensureTopics(this.kafka, this.opts.topicPrefix)
    const consumer = this.kafka.consumer({
      groupId: this.opts.groupId,
      maxWaitTimeInMs: this.opts.maxWaitMs,
      minBytes: 1,
      maxBytesPerPartition: 4 * 1024 * 1024,
      sessionTimeout: this.opts.sessionTimeoutMs,
      heartbeatInterval: Math.min(3_000, this.opts.sessionTimeoutMs / 3),
    })
    this.consumer = consumer
    const stopped = new Promise<void>((resolve) => (this.finish = resolve))
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart) this.finish?.()
    })
    await consumer.connect()
    await consumer.subscribe({ topics: this.topics, fromBeginning: true })
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const stream = `kafka:${batch.topic}:${batch.partition}`
        for (let i = 0; i < batch.messages.length; i += this.opts.batchSize) {
          if (!isRunning() || isStale()) return // rebalanced or stopping: leave the rest uncommitted
          const slice = batch.messages.slice(i, i + this.opts.batchSize)
          await handle({
            stream,
            messages: slice.map((m) => ({ position: BigInt(m.offset), value: m.value ?? Buffer.alloc(0) })),
          })
          const last = slice[slice.length - 1]!.offset
          resolveOffset(last)
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }])
          await heartbeat()
        }
      },
    })
    await stopped
  }

  async stop(): Promise<void> {
    // disconnect waits for the batch in hand to finish and be committed.
    await this.consumer?.disconnect()
    this.finish?.()
  }

  lag(): Promise<number> {
    return consumerLag(this.kafka, this.opts.groupId, this.topics)
  }
}
