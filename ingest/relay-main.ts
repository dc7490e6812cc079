/** The outbox relay as its own process (distributed mode): Postgres outbox → Kafka topics. */
import { closeDb, db } from '@/lib/db'
import { config } from '@/lib/config'
import { ensureTopics, idempotentProducer, kafkaClient } from '@/lib/eventlog/kafka'
import { pruneOutbox } from '@/lib/eventlog/prune'
import { outboxRelay } from './relay'

async function main() {
  const cfg = config()
  const kafka = kafkaClient(`fourflow-relay-${process.pid}`)
  await ensureTopics(kafka)
  const producer = idempotentProducer(kafka)
  await producer.connect()
  const store = await db()
  const relay = outboxRelay(store, producer, { batchSize: cfg.INGEST_BATCH_SIZE, pollMs: cfg.INGEST_FLUSH_MS })
  const pruning = setInterval(() => void pruneOutbox(store, relay.name).catch((e) => console.warn('relay: pruning failed', e)), 60_000)
  console.log(`relay: outbox → ${cfg.KAFKA_BROKERS}`)
  const shutdown = async () => {
    clearInterval(pruning)
    await relay.stop()
    await producer.disconnect()
    await closeDb()
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown())
  process.once('SIGINT', () => void shutdown())
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
