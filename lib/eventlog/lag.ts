import { config } from '@/lib/config'
import type { Db } from '@/lib/db'
import { allTopics } from '@/lib/events'
import { consumerLag, kafkaClient } from './kafka'

/** The ingest worker's consumer name on the outbox (embedded mode). */
export const OUTBOX_INGEST_CONSUMER = 'ingest'

/** Events written to the log and not yet committed by the ingest worker. */
export async function ingestLag(db: Db): Promise<{ log: 'outbox' | 'kafka'; lag: number }> {
  const cfg = config()
  if (cfg.embedded) {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int8 AS n FROM outbox
        WHERE (xid, id) > COALESCE((SELECT (xid, id) FROM stream_positions WHERE consumer = $1), ('0'::xid8, 0::int8))`,
      [OUTBOX_INGEST_CONSUMER],
    )
    return { log: 'outbox', lag: row?.n ?? 0 }
  }
  const kafka = kafkaClient('fourflow-health')
  return { log: 'kafka', lag: await consumerLag(kafka, cfg.KAFKA_GROUP_ID, allTopics(cfg.KAFKA_TOPIC_PREFIX)) }
}
