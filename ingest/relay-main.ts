/** The outbox relay as its own process (distributed mode): Postgres outbox → Kafka topics. */
import { closeDb, db } from '@/lib/db'
import { config } from '@/lib/config'
import { ensureTopics, idempotentProducer, kafkaClient } from '@/lib/eventlog/kafka'
import { pruneOutbox } from '@/lib/eventlog/prune'
import { OutboxSource } from './outbox-source'
import { KafkaRelaySink } from './relay'
import { startIngest } from './worker'

const RELAY_CONSUMER = 'relay'
/**
 * A chunk goes to Kafka in one sendBatch; kafkajs does not split a partition's records to fit
 * the broker's message.max.bytes (1 MiB by default; kafkajs issue #1227), so the relay keeps
 * to the batch size it was measured with rather than the larger ClickHouse insert size.
 */
const RELAY_BATCH_SIZE = 5_000

async function main() {
  const cfg = config()
  const kafka = kafkaClient(`fourflow-relay-${process.pid}`)
  await ensureTopics(kafka)
  const producer = idempotentProducer(kafka)
  await producer.connect()
  const store = await db()
  const source = new OutboxSource(store, RELAY_CONSUMER, { batchSize: Math.min(cfg.INGEST_BATCH_SIZE, RELAY_BATCH_SIZE), pollMs: cfg.INGEST_FLUSH_MS })
  const relay = startIngest(source, new KafkaRelaySink(producer, cfg.KAFKA_TOPIC_PREFIX))
  const pruning = setInterval(() => void pruneOutbox(store, RELAY_CONSUMER).catch((e) => console.warn('relay: pruning failed', e)), 60_000)
  console.log(`relay: outbox → ${cfg.KAFKA_BROKERS} (${cfg.KAFKA_TOPIC_PREFIX}.*)`)
  const shutdown = async () => {
    clearInterval(pruning)
    await relay.stop()
    await producer.disconnect()
    await closeDb()
    console.log(`relay: stopped; ${relay.stats.inserted} events relayed`)
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown())
  process.once('SIGINT', () => void shutdown())
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
