import { config } from '@/lib/config'
import type { Db } from '@/lib/db'
import { allTopics } from '@/lib/events'
import { consumerLag, kafkaClient } from './kafka'
import { outboxLag } from './outbox'

/** The ingest worker's consumer name on the outbox (embedded mode). */
export const OUTBOX_INGEST_CONSUMER = 'ingest'

/** Events written to the log and not yet committed by the ingest worker. */
export async function ingestLag(db: Db): Promise<{ log: 'outbox' | 'kafka'; lag: number }> {
  const cfg = config()
  if (cfg.embedded) {
    return { log: 'outbox', lag: await outboxLag(db, OUTBOX_INGEST_CONSUMER) }
  }
  const kafka = kafkaClient('fourflow-health')
  return { log: 'kafka', lag: await consumerLag(kafka, cfg.KAFKA_GROUP_ID, allTopics(cfg.KAFKA_TOPIC_PREFIX)) }
}
