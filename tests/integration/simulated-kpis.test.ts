import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouseClient } from '@/lib/clickhouse/client'
import type { Db } from '@/lib/db'
import { breakdown } from '@/lib/analytics/breakdown'
import { breakdownQuerySchema, rangeQuerySchema } from '@/lib/analytics/filters'
import { kpiSnapshot } from '@/lib/analytics/snapshot'
import { CATALOGUE, createSimulator, initialStock, LOCATIONS } from '@/lib/demo'
import { upsertLocations, upsertSkus } from '@/lib/ops/catalogue'
import { actOnOrder, placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { expectedFromPostgres, ingestAll, TZ } from './expected'
import { freshClickHouse, freshDb, tempDir } from './stores'

/**
 * Three days of the channel simulator driving the real ops core on a simulated clock
 * (orders, payments, shipments, expiries, oversells, restocking), ingested into ClickHouse;
 * then every KPI, in total and per channel and per store, against Postgres to the cent.
 */
const START = Date.parse('2026-10-05T16:00:00Z') // 00:00 in Shanghai
const TICK = 10 * 60_000
let db: Db
let ch: ClickHouseClient
let clock = START

beforeAll(async () => {
  process.env.DATA_DIR = tempDir()
  db = await freshDb('pglite')
  ch = await freshClickHouse()
  await upsertSkus(db, CATALOGUE)
  await upsertLocations(db, LOCATIONS)
  const at = () => new Date(clock)
  for (const r of initialStock(7)) await receiveStock(db, r, 'sim', at())
  const who = () => ({ actor: 'sim', at: at() })
  const sim = createSimulator(
    {
      placeOrder: async (req) => {
        const { order } = await placeOrder(db, req, who())
        return { order_id: order.order_id, status: order.status }
      },
      payOrder: async (id) => void (await actOnOrder(db, id, 'pay', who())),
      shipOrder: async (id) => void (await actOnOrder(db, id, 'ship', who())),
      completeOrder: async (id) => void (await actOnOrder(db, id, 'complete', who())),
      receiveStock: async (r) => void (await receiveStock(db, r, 'sim', at())),
      now: at,
    },
    { seed: 7, ordersPerMinute: 0.4, timeZone: TZ, tickMs: TICK, payDelayMs: [60_000, 40 * 60_000], shipDelayMs: [2 * 3_600_000, 30 * 3_600_000], logger: { debug: () => undefined, warn: () => undefined } },
  )
  for (; clock < START + 3 * 86_400_000; clock += TICK) await sim.tick()
  await ingestAll(db, ch)
}, 600_000)
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

describe('KPIs of simulated channel traffic', () => {
  const q = rangeQuerySchema.parse({ from: '2026-10-06', to: '2026-10-08' })

  it('has real traffic to compare', async () => {
    const all = await expectedFromPostgres(db, q.from, q.to)
    expect(all.orders).toBeGreaterThan(100)
    expect(all.placed_orders).toBeGreaterThan(all.orders)
  })

  it('match the operational records in total, to the cent', async () => {
    expect(await kpiSnapshot(ch, q, TZ)).toMatchObject(await expectedFromPostgres(db, q.from, q.to))
  })

  it.each(['channel', 'store'] as const)('match the operational records for every %s', async (by) => {
    const result = await breakdown(ch, breakdownQuerySchema.parse({ from: q.from, to: q.to, by }), TZ)
    expect(result.rows.length).toBeGreaterThan(3)
    for (const row of result.rows) {
      const member = row[by]!
      const { comparison: _, ...kpis } = row as typeof row & { comparison?: unknown }
      expect(kpis, member).toMatchObject(await expectedFromPostgres(db, q.from, q.to, { [by]: member }))
    }
  })
})
