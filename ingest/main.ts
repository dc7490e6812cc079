/**
 * The ingest worker as its own process (distributed mode): Kafka consumer group → ClickHouse.
 * Run several: they share the partitions. SIGTERM finishes the chunk in hand, then exits.
 */
import { clickhouse, closeClickHouse } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { config } from '@/lib/config'
import { kafkaClient } from '@/lib/eventlog/kafka'
import { KafkaSource } from './kafka-source'
import { ClickHouseSink } from './sink'
import { startIngest } from './worker'

async function main() {
  const cfg = config()
  const ch = await clickhouse()
  await migrateClickHouse(ch)
  const source = new KafkaSource(kafkaClient(`fourflow-ingest-${process.pid}`), {
    groupId: cfg.KAFKA_GROUP_ID,
    topicPrefix: cfg.KAFKA_TOPIC_PREFIX,
    batchSize: cfg.INGEST_BATCH_SIZE,
    maxWaitMs: cfg.INGEST_FLUSH_MS,
    sessionTimeoutMs: cfg.KAFKA_SESSION_TIMEOUT_MS,
  })
  const worker = startIngest(source, new ClickHouseSink(ch))
  console.log(`ingest: consuming ${cfg.KAFKA_TOPIC_PREFIX}.* as group ${cfg.KAFKA_GROUP_ID} (pid ${process.pid})`)
  const shutdown = async (signal: string) => {
    console.log(`ingest: ${signal}, finishing the batch in hand`)
    await worker.stop()
    await closeClickHouse()
    console.log(`ingest: stopped; ${worker.stats.inserted} events ingested, ${worker.stats.deadLettered} dead-lettered`)
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
  await worker.running
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
