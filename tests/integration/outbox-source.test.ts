import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import { OutboxSource } from '@/ingest/outbox-source'
import type { StreamMessage } from '@/ingest/types'
import { freshDb } from './stores'

/**
 * The outbox tail must hand over every row exactly once, in (xid, id) order, whatever the
 * xids look like. Regression: the reader sorted by the xid's text, so when a backlog spanned a
 * power of ten (999 → 1000) the rows of 1000… came first, the stored position jumped past
 * 997–999, and those rows were never read (a 400k-row import lost 60 % of its orders).
 */
let db: Db

beforeAll(async () => {
  db = await freshDb('pglite')
})
afterAll(async () => {
  await db?.close()
})

const nextXid = async () => Number((await db.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x'))[0]!.x) + 1

/** Writes `transactions` outbox transactions of `rows` rows each; answers their payloads in commit order. */
async function writeTransactions(transactions: number, rows: number): Promise<string[]> {
  const written: string[] = []
  for (let t = 0; t < transactions; t++) {
    await db.transaction(async (tx) => {
      for (let r = 0; r < rows; r++) {
        const payload = `t${t}-r${r}`
        await tx.query(`INSERT INTO outbox (family, partition_key, payload) VALUES ('orders', 'k', $1)`, [payload])
        written.push(payload)
      }
    })
  }
  return written
}

/** Runs the source until it has handed over `expected` messages (or stalls for a second). */
async function readAll(source: OutboxSource, expected: number): Promise<StreamMessage[]> {
  const got: StreamMessage[] = []
  let lastProgress = Date.now()
  const running = source.run(async (chunk) => {
    got.push(...chunk.messages)
    lastProgress = Date.now()
  })
  while (got.length < expected && Date.now() - lastProgress < 1000) await new Promise((r) => setTimeout(r, 10))
  // A little longer, so a duplicate delivery would show too.
  await new Promise((r) => setTimeout(r, 100))
  await source.stop()
  await running
  return got
}

describe('OutboxSource', () => {
  it('reads a backlog whose xids cross a power of ten (999 → 1000) completely, in order, once', async () => {
    // Each autocommit statement that asks for its xid takes a new one: spend them up to 996.
    let next = await nextXid()
    const boundary = 10 ** Math.ceil(Math.log10(next + 4))
    expect(boundary - next).toBeLessThan(5000) // a fresh PGlite starts below 1000
    while (next < boundary - 4) {
      await db.query('SELECT pg_current_xact_id()')
      next++
    }
    expect(await nextXid()).toBe(boundary - 3)
    // Transactions with xids boundary-3 … boundary+2, all committed before the reader starts.
    const written = await writeTransactions(6, 3)
    const xids = await db.query<{ x: string }>('SELECT DISTINCT xid::text AS x FROM outbox ORDER BY 1')
    expect(xids.map((r) => Number(r.x)).sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2].map((d) => boundary + d))

    // Small batches, so one batch ends inside the backlog.
    const source = new OutboxSource(db, 'test', { batchSize: 4, pollMs: 10 })
    const got = await readAll(source, written.length)
    expect(got.map((m) => m.value)).toEqual(written)
    const positions = got.map((m) => m.position)
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(await source.lag()).toBe(0)

    // Later rows continue from the stored position.
    const more = await writeTransactions(2, 2)
    expect((await readAll(new OutboxSource(db, 'test', { batchSize: 4, pollMs: 10 }), more.length)).map((m) => m.value)).toEqual(more)
  })
})
