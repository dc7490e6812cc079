/** The outbox relay as its own process (distributed mode): Postgres outbox → Kafka topics. */
import { closeDb, db } from '@/lib/db'
import { config } from '@/lib/config'
import { ensureTopics, idempotentProducer, kafkaClient } from '@/lib/eventlog/kafka'
import { outboxRelay } from './relay'

async function main() {
  const cfg = config()
  const kafka = kafkaClient(`fourflow-relay-${process.pid}`)
  await ensureTopics(kafka)
  const producer = idempotentProducer(kafka)
  await producer.connect()
  const relay = outboxRelay(await db(), producer, { batchSize: cfg.INGEST_BATCH_SIZE, pollMs: cfg.INGEST_FLUSH_MS })
  console.log(`relay: outbox → ${cfg.KAFKA_BROKERS}`)
  const shutdown = async () => {
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
