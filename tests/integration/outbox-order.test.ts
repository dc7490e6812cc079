import { describe, expect, it } from 'vitest'
import { OutboxSource } from '@/ingest/outbox-source'
import { freshDb } from './stores'

/**
 * The outbox is read in (xid, id) order. The query selects `xid::text AS xid`; an ORDER BY on
 * that name sorts the text ('100' before '51') and skipped every event of a lower xid read later.
 */
describe('outbox read order on PGlite', () => {
  it('reads transactions 51…450 in numeric xid order', async () => {
    const db = await freshDb('pglite')
    await db.exec(`INSERT INTO outbox (xid, family, partition_key, payload)
                   SELECT (50 + g)::text::xid8, 'orders', 'k', g::text FROM generate_series(1, 400) g`)
    const seen: string[] = []
    const source = new OutboxSource(db, 'order-test', { batchSize: 50, pollMs: 5 })
    const run = source.run(async (chunk) => {
      seen.push(...chunk.messages.map((m) => String(m.value)))
    })
    for (let i = 0; i < 300 && seen.length < 400; i++) await new Promise((r) => setTimeout(r, 10))
    await source.stop()
    await run
    expect(seen).toEqual(Array.from({ length: 400 }, (_, i) => String(i + 1)))
    await db.close()
  })
})
