import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { detectAnomalies } from '@/lib/analytics/anomalies'
import { anomaliesQuerySchema } from '@/lib/analytics/filters'
import type { ClickHouseClient } from '@/lib/clickhouse/client'
import type { Db } from '@/lib/db'
import { addDays } from '@/lib/i18n/time-range'
import { placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { ingestedStores, TZ } from './expected'

/**
 * The anomaly watch end to end: orders placed and paid through the ops core, ingested, then
 * one Wednesday read against the six before it. Two orders on each past Wednesday, ten on the
 * watched one (one of them at 00:30 local time, the day before in UTC), and a burst of forty on the Sunday before it: the burst is on no watched day,
 * so it must change nothing (the watch reads only the same weekday of past weeks).
 */
const DAY = '2026-10-14' // a Wednesday
const BURST = addDays(DAY, -3)
let db: Db
let ch: ClickHouseClient

/** `n` paid web orders of one SKU-A each, from 10:00 Shanghai time on `day`, a minute apart. */
async function orders(db: Db, day: string, n: number, tag: string) {
  const start = Date.parse(`${day}T02:00:00Z`)
  for (let i = 0; i < n; i++) {
    await placeOrder(db, { channel: 'web', external_id: `${tag}-${i}`, lines: [{ sku: 'SKU-A', quantity: 1 }], pay: true }, { actor: 'test', at: new Date(start + i * 60_000) })
  }
}

beforeAll(async () => {
  ;({ db, ch } = await ingestedStores(async (db) => {
    await receiveStock(db, { sku: 'SKU-A', location_id: 'WH-SH', quantity: 500, unit_cost: '11.11' }, 'test', new Date(Date.parse(`${addDays(DAY, -60)}T00:00:00Z`)))
    for (let week = 1; week <= 6; week++) await orders(db, addDays(DAY, -7 * week), 2, `W${week}`)
    await orders(db, BURST, 40, 'BURST')
    await orders(db, DAY, 9, 'NOW')
    // 00:30 in Shanghai is still the day before in UTC: the watched days are local days.
    await placeOrder(db, { channel: 'web', external_id: 'NOW-early', lines: [{ sku: 'SKU-A', quantity: 1 }], pay: true }, { actor: 'test', at: new Date(Date.parse(`${DAY}T00:30:00+08:00`)) })
  }))
}, 300_000)
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

const watch = (extra: Record<string, unknown> = {}) => anomaliesQuerySchema.parse({ date: DAY, ...extra })

describe('the anomaly watch', () => {
  it('marks a day far above its own weekday, with what was expected, and ignores other weekdays', async () => {
    const result = await detectAnomalies(ch, watch(), TZ, new Date(Date.parse(`${addDays(DAY, 1)}T04:00:00Z`)))
    expect(result.through_hour).toBeNull()
    const orders = result.anomalies.filter((a) => a.kpi === 'orders')
    // The total and the web channel, both: ten orders where two were expected (the Sunday burst not among them).
    expect(orders.map((a) => [a.scope?.member ?? null, a.value, a.expected, a.direction])).toEqual([
      [null, 10, 2, 'above'],
      ['web', 10, 2, 'above'],
    ])
    expect(orders[0]!.explanation_en).toMatch(/10/)
  })

  it('on the day itself, compares the hours so far with the same hours of past weeks', async () => {
    // 10:05 in Shanghai: hours 0–9 are complete, and hold only the 00:30 order (none on past Wednesdays): not far enough off.
    const result = await detectAnomalies(ch, watch(), TZ, new Date(Date.parse(`${DAY}T02:05:00Z`)))
    expect(result.through_hour).toBe(10)
    expect(result.anomalies).toEqual([])
    const later = await detectAnomalies(ch, watch(), TZ, new Date(Date.parse(`${DAY}T04:00:00Z`)))
    expect(later.through_hour).toBe(12)
    expect(later.anomalies.filter((a) => a.kpi === 'orders').map((a) => [a.scope?.member ?? null, a.value, a.expected])).toEqual([
      [null, 10, 2],
      ['web', 10, 2],
    ])
  })

  it('applies the drill filters', async () => {
    const result = await detectAnomalies(ch, watch({ channel: 'tmall' }), TZ, new Date(Date.parse(`${addDays(DAY, 1)}T04:00:00Z`)))
    expect(result.anomalies).toEqual([])
  })
})
