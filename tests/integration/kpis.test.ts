import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouseClient } from '@/lib/clickhouse/client'
import type { Db } from '@/lib/db'
import { rangeQuerySchema } from '@/lib/analytics/filters'
import { salesBreakdown } from '@/lib/analytics/sales'
import { kpisWithComparison, kpiSnapshot } from '@/lib/analytics/snapshot'
import { fromCents } from '@/lib/money'
import { expectedFromPostgres as expected, ingestedStores, placeScenario, TZ } from './expected'

/**
 * Every KPI from ClickHouse against an independent recomputation from the operational
 * records in Postgres, over orders spread across days, channels and customers, with
 * refunds, oversells, expiries and shipments at their own times.
 */
const BASE = Date.parse('2026-10-01T02:00:00Z') // 10:00 in Shanghai
let db: Db
let ch: ClickHouseClient

beforeAll(async () => ({ db, ch } = await ingestedStores((db) => placeScenario(db, BASE))))
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

const expectedFromPostgres = (from: string, to: string, channel?: string) => expected(db, from, to, channel ? { channel } : {})

const range = (from: string, to: string, extra: Record<string, string[]> = {}) => rangeQuerySchema.parse({ from, to, ...extra })

describe('KPIs against the operational records', () => {
  it.each([
    ['the whole period', '2026-09-30', '2026-10-10', undefined],
    ['three middle days', '2026-10-02', '2026-10-04', undefined],
    ['one day', '2026-10-03', '2026-10-03', undefined],
    ['one channel', '2026-09-30', '2026-10-10', 'tmall'],
    ['own channel with blocks', '2026-09-30', '2026-10-10', 'web'],
  ])('match to the cent for %s', async (_, from, to, channel) => {
    const got = await kpiSnapshot(ch, range(from, to, channel ? { channel: [channel] } : {}), TZ)
    expect(got).toMatchObject(await expectedFromPostgres(from, to, channel))
  })

  it.each(['tmall', 'web', 'jd', 'store'])('match for a range filtered by channel (%s) and the period before it, read in one statement', async (channel) => {
    const q = range('2026-10-04', '2026-10-07', { channel: [channel] })
    const got = await kpisWithComparison(ch, q, TZ, 'previous')
    expect(got.comparison?.range).toEqual({ from: '2026-09-30', to: '2026-10-03' })
    expect(got.kpis).toMatchObject(await expectedFromPostgres('2026-10-04', '2026-10-07', channel))
    expect(got.comparison!.kpis).toMatchObject(await expectedFromPostgres('2026-09-30', '2026-10-03', channel))
  })

  it('has some of everything in the data, so the comparison means something', async () => {
    const all = await expectedFromPostgres('2026-09-30', '2026-10-10')
    expect(all.orders).toBeGreaterThan(10)
    expect(all.oversold_orders).toBeGreaterThan(0)
    expect(all.repurchase_rate).toBeGreaterThan(0)
    expect(Number(all.net_revenue)).toBeLessThan(Number(all.gmv))
    expect((await expectedFromPostgres('2026-10-03', '2026-10-05')).returning_customers).toBeGreaterThan(0)
  })

  it('adds up: the channels and the days of a range sum to its total', async () => {
    const q = range('2026-09-30', '2026-10-10')
    const [total] = await salesBreakdown(ch, q, TZ)
    for (const by of ['channel', 'day', 'hour', 'region', 'store', 'category', 'sku'] as const) {
      const rows = await salesBreakdown(ch, q, TZ, [by])
      const sum = (k: 'net_revenue' | 'gmv' | 'cogs') => fromCents(rows.reduce((s, r) => s + Math.round(Number(r[k]) * 100), 0))
      expect(sum('net_revenue'), by).toBe(total!.net_revenue)
      expect(sum('gmv'), by).toBe(total!.gmv)
      expect(sum('cogs'), by).toBe(total!.cogs)
    }
  })
})
