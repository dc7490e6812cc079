import { Kafka, logLevel, type Producer } from 'kafkajs'
import { config } from '@/lib/config'
import { allTopics } from '@/lib/events'

export const TOPIC_PARTITIONS = 3

export function kafkaClient(clientId: string, brokers = config().KAFKA_BROKERS): Kafka {
  if (!brokers) throw new Error('KAFKA_BROKERS is not set')
  return new Kafka({
    clientId,
    brokers: brokers.split(',').map((b) => b.trim()),
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200 },
  })
}

/** Creates the event topics (and the dead-letter topic) if they do not exist yet. */
export async function ensureTopics(kafka: Kafka, prefix = config().KAFKA_TOPIC_PREFIX): Promise<string[]> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const topics = allTopics(prefix)
    const existing = new Set(await admin.listTopics())
    const missing = topics.filter((t) => !existing.has(t))
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS, replicationFactor: 1 })),
      })
    }
    return topics
  } finally {
    await admin.disconnect()
  }
}

/** An idempotent producer that waits for all in-sync replicas: at-least-once, ordered per key. */
export function idempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false })
}

/** Uncommitted messages of a consumer group over the given topics. */
export async function consumerLag(kafka: Kafka, groupId: string, topics: string[]): Promise<number> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    let lag = 0
    const committed = await admin.fetchOffsets({ groupId, topics })
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic)
      const group = committed.find((c) => c.topic === topic)
      for (const end of ends) {
        const done = group?.partitions.find((p) => p.partition === end.partition)
        const at = done && Number(done.offset) >= 0 ? Number(done.offset) : Number(end.low)
        lag += Math.max(0, Number(end.high) - at)
      }
    }
    return lag
  } finally {
    await admin.disconnect()
  }
}
