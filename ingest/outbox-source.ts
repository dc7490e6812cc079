import type { Db } from '@/lib/db'
import { outboxLag } from '@/lib/eventlog/outbox'
import type { Chunk, EventSource } from './types'

type Position = { xid: string; id: number }
const START: Position = { xid: '0', id: 0 }

/** One number per outbox row that sorts like (xid, id): the stream position stored in ClickHouse. */
export function outboxPosition(p: Position): bigint {
  return (BigInt(p.xid) << 64n) | BigInt(p.id)
}

/**
 * Tails the Postgres outbox (the embedded event log, and the relay's input in Kafka mode).
 * Rows are read in (xid, id) order and only below the oldest running transaction, so a
 * transaction that commits late is never skipped. The position is stored per consumer
 * after the handler succeeded.
 */
export class OutboxSource implements EventSource {
  private running = false
  private stopped: Promise<void> | undefined
  private wake: (() => void) | undefined

  constructor(
    private readonly db: Db,
    readonly name: string,
    private readonly opts: { batchSize: number; pollMs: number; stream?: string },
  ) {}

  async run(handle: (chunk: Chunk) => Promise<void>): Promise<void> {
    this.running = true
    let done!: () => void
    this.stopped = new Promise((r) => (done = r))
    try {
      let position = await this.position()
      while (this.running) {
        // The xid comes back as text under another name: ORDER BY prefers an output column of
        // the same name, and text order ('1000' < '999') made the position jump past rows.
        const rows = await this.db.query<{ id: number; xid_text: string; family: string; partition_key: string; payload: string }>(
          `SELECT id, xid::text AS xid_text, family, partition_key, payload FROM outbox
            WHERE (xid, id) > ($1::xid8, $2::int8) AND xid < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY outbox.xid, outbox.id LIMIT $3`,
          [position.xid, position.id, this.opts.batchSize],
        )
        if (rows.length === 0) {
          await this.sleep(this.opts.pollMs)
          continue
        }
        await handle({
          stream: this.opts.stream ?? 'outbox',
          messages: rows.map((r) => ({ position: outboxPosition({ xid: r.xid_text, id: r.id }), value: r.payload, key: r.partition_key, family: r.family })),
        })
        const last = rows[rows.length - 1]!
        position = { xid: last.xid_text, id: last.id }
        await this.db.query(
          `INSERT INTO stream_positions (consumer, xid, id, updated_at) VALUES ($1, $2::xid8, $3, now())
           ON CONFLICT (consumer) DO UPDATE SET xid = EXCLUDED.xid, id = EXCLUDED.id, updated_at = now()`,
          [this.name, position.xid, position.id],
        )
      }
    } finally {
      done()
    }
  }

  async stop(): Promise<void> {
    this.running = false
    this.wake?.()
    await this.stopped
  }

  /** Lets writers in the same process cut the poll short. */
  notify(): void {
    this.wake?.()
  }

  lag(): Promise<number> {
    return outboxLag(this.db, this.name)
  }

  private async position(): Promise<Position> {
    const [row] = await this.db.query<Position>('SELECT xid::text AS xid, id FROM stream_positions WHERE consumer = $1', [this.name])
    return row ?? START
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wake = done
    })
  }
}
