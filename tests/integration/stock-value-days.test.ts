import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rangeQuerySchema } from '@/lib/analytics/filters'
import { buildBuyerVisits, stockValues } from '@/lib/analytics/buyer-visits'
import { inventoryPairs, inventoryWindow, stockValueDaysRead, windowsValueDaysRead } from '@/lib/analytics/inventory'
import { dailyRollupsFit } from '@/lib/analytics/rollups'
import { openChdb, type ClickHouseClient } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { readSingleRow } from '@/lib/clickhouse/one-statement'
import { TABLES } from '@/lib/clickhouse/tables'
import { addDays } from '@/lib/i18n/time-range'
import { tempDir } from './stores'

/**
 * Σ over a period's days of the closing inventory value (turnover's numerator) from the daily
 * stock rollups (clickhouse/0013) and from the hourly one, against a recomputation straight from
 * a handcrafted ledger written into stock_movements: for every day and (sku, location), the
 * balance of its last movement before the local midnight ending the day × the SKU's cost of its
 * last movement at any location before then. The ledger has balances set long before the
 * period, days without movements, two movements in a day, a movement at local midnight and one
 * on a local day that is still the previous UTC day, cost changes by movements at other
 * locations, a same-millisecond tie between locations (broken by movement_id, where one id is a
 * prefix of the other), a SKU that changes category during a day (between two locations, and
 * within an hour at one), and movements after the period.
 */
const TZ = 'Asia/Shanghai'
const LOCATIONS: Record<string, { region: string; city: string }> = {
  L1: { region: 'east', city: 'shanghai' },
  L2: { region: 'north', city: 'beijing' },
  L3: { region: 'east', city: 'hangzhou' },
}
const CATEGORY: Record<string, string> = { A: 'c1', B: 'c2', C: 'c4', D: 'c6' }

/** `category`: the SKU's at that movement, when not yet CATEGORY's. */
type Movement = { id: string; at: string; sku: string; location: string; delta: number; cost: number; category?: string }
/** Local (UTC+8) times; each movement carries the SKU's moving-average cost after it. */
const MOVES: Movement[] = [
  { id: 'M01', at: '2026-08-01T10:00:00.000', sku: 'A', location: 'L1', delta: 10, cost: 100 },
  { id: 'M02', at: '2026-09-15T11:00:00.000', sku: 'A', location: 'L2', delta: 5, cost: 120 },
  { id: 'M03', at: '2026-09-20T12:00:00.000', sku: 'B', location: 'L3', delta: 7, cost: 50 },
  { id: 'M04', at: '2026-10-03T09:00:00.000', sku: 'A', location: 'L1', delta: -2, cost: 120 },
  { id: 'M05', at: '2026-10-03T21:00:00.000', sku: 'A', location: 'L1', delta: -1, cost: 120 },
  { id: 'M06', at: '2026-10-04T00:00:00.000', sku: 'B', location: 'L3', delta: 3, cost: 54 }, // at local midnight: day 10-04
  { id: 'M07', at: '2026-10-06T00:30:00.000', sku: 'A', location: 'L2', delta: 10, cost: 110 }, // still 10-05 in UTC
  { id: 'T1', at: '2026-10-07T15:00:00.000', sku: 'A', location: 'L2', delta: -1, cost: 111 },
  { id: 'T10', at: '2026-10-07T15:00:00.000', sku: 'A', location: 'L1', delta: -1, cost: 112 }, // same ms: T10 is the later
  { id: 'M08', at: '2026-10-08T18:00:00.000', sku: 'B', location: 'L3', delta: -10, cost: 54 },
  { id: 'M09', at: '2026-10-08T19:00:00.000', sku: 'B', location: 'L1', delta: 4, cost: 60 },
  // C moves to category c4 during 10-10: the day ends at the later movement's cost (75), not the larger (80).
  { id: 'M13', at: '2026-10-10T08:00:00.000', sku: 'C', location: 'L2', delta: 3, cost: 80, category: 'c3' },
  { id: 'M14', at: '2026-10-10T20:00:00.000', sku: 'C', location: 'L3', delta: 2, cost: 75 },
  // D moves to category c6 within an hour at one store: the pair is labelled by the later movement.
  { id: 'M15', at: '2026-10-11T09:10:00.000', sku: 'D', location: 'L1', delta: 4, cost: 30, category: 'c5' },
  { id: 'M16', at: '2026-10-11T09:40:00.000', sku: 'D', location: 'L1', delta: 2, cost: 32 },
  { id: 'M10', at: '2026-10-12T10:00:00.000', sku: 'A', location: 'L1', delta: 50, cost: 150 }, // after the period
]
const utc = (local: string) => Date.parse(`${local}+08:00`)

/** Each movement with its balance after it: the previous balance of the (sku, location) plus the delta. */
function ledger() {
  const held = new Map<string, number>()
  return MOVES.map((m) => {
    const onHand = (held.get(`${m.sku}@${m.location}`) ?? 0) + m.delta
    held.set(`${m.sku}@${m.location}`, onHand)
    return { ...m, onHand, ms: utc(m.at) }
  })
}

type Filter = { region?: string[]; city?: string[]; store?: string[]; category?: string[]; sku?: string[] }

/** Σ over the days from..to of Σ over filtered pairs of balance × SKU cost at the day's end, replaying the ledger. */
function expectedValueDays(from: string, to: string, f: Filter): number {
  const rows = ledger().sort((a, b) => a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const inPlace = (sku: string, location: string) =>
    (!f.region?.length || f.region.includes(LOCATIONS[location]!.region)) &&
    (!f.city?.length || f.city.includes(LOCATIONS[location]!.city)) &&
    (!f.store?.length || f.store.includes(location)) &&
    (!f.category?.length || f.category.includes(CATEGORY[sku]!)) &&
    (!f.sku?.length || f.sku.includes(sku))
  let sum = 0
  for (let day = from; day <= to; day = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10)) {
    const end = utc(`${day}T00:00:00.000`) + 86_400_000
    const balance = new Map<string, number>()
    const cost = new Map<string, number>()
    for (const r of rows.filter((r) => r.ms < end)) {
      cost.set(r.sku, r.cost)
      if (inPlace(r.sku, r.location)) balance.set(`${r.sku}@${r.location}`, r.onHand)
    }
    for (const [key, onHand] of balance) sum += onHand * cost.get(key.split('@')[0]!)!
  }
  return sum
}

let ch: ClickHouseClient

const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '')
const movementRows = (moves: ReturnType<typeof ledger>) =>
  moves.map((m) => ({
    occurred_at: iso(m.ms),
    event_id: crypto.randomUUID(),
    movement_id: m.id,
    sku: m.sku,
    location_id: m.location,
    category: m.category ?? CATEGORY[m.sku],
    region: LOCATIONS[m.location]!.region,
    city: LOCATIONS[m.location]!.city,
    kind: m.delta > 0 ? 'receipt' : 'sale',
    on_hand_delta: m.delta,
    reserved_delta: 0,
    in_transit_delta: 0,
    incoming_delta: 0,
    unit_cost_cents: m.delta > 0 ? m.cost : 0,
    avg_unit_cost_cents: m.cost,
    on_hand: m.onHand,
    reserved: 0,
    in_transit: 0,
    incoming: 0,
  }))

beforeAll(async () => {
  ch = await openChdb(path.join(tempDir(), 'clickhouse'))
  await migrateClickHouse(ch, undefined, TZ)
  const rows = movementRows(ledger())
  // Two inserts, so the rollups hold unmerged rows of the same day until a merge.
  for (const part of [rows.filter((_, i) => i % 2 === 0), rows.filter((_, i) => i % 2 === 1)]) {
    await ch.insert({ table: TABLES.stockMovements, values: part, format: 'JSONEachRow' })
  }
})
afterAll(async () => {
  await ch?.close()
})

describe('Σ of daily closing inventory value', () => {
  it('reads the daily rollups: they are in the configured zone', async () => {
    expect(await dailyRollupsFit(ch, TZ)).toBe(true)
  })

  it.each<[string, string, string, Filter]>([
    ['the whole period', '2026-10-01', '2026-10-10', {}],
    ['a range with balances and costs carried in', '2026-10-04', '2026-10-09', {}],
    ['a day without movements', '2026-10-02', '2026-10-02', {}],
    ['the day of the same-millisecond tie', '2026-10-07', '2026-10-07', {}],
    ['the day after a movement at local 00:30', '2026-10-06', '2026-10-06', {}],
    ['a region', '2026-10-01', '2026-10-10', { region: ['east'] }],
    ['a store valued at costs moved elsewhere', '2026-10-01', '2026-10-10', { store: ['L1'] }],
    ['a city', '2026-10-01', '2026-10-10', { city: ['beijing'] }],
    ['a category', '2026-10-01', '2026-10-10', { category: ['c2'] }],
    ['a SKU at a store', '2026-10-01', '2026-10-10', { sku: ['A'], store: ['L2'] }],
    ['a long range up to after the last movement', '2026-07-01', '2026-10-20', {}],
    ['the days after a change of category', '2026-10-10', '2026-10-13', { city: ['beijing'] }],
  ])('matches the ledger to the cent for %s, from either rollup', async (_, from, to, f) => {
    const want = expectedValueDays(from, to, f)
    const q = rangeQuerySchema.parse({ from, to, ...f })
    const w = inventoryWindow(from, to, '2026-11-27')
    expect(await readSingleRow(ch, stockValueDaysRead(q, w, TZ, true))).toBe(want)
    expect(await readSingleRow(ch, stockValueDaysRead(q, w, TZ, false))).toBe(want)
    // the inventory page's per-pair figures add up to the same, and both rollups give the same pairs
    const [fromDaily, fromHourly] = [await inventoryPairs(ch, q, w, TZ, true), await inventoryPairs(ch, q, w, TZ, false)]
    expect(fromDaily.reduce((s, p) => s + p.value_days_cents, 0)).toBe(want)
    expect(fromDaily).toEqual(fromHourly)
  })

  it('gives each pair its closing balance and value-days', async () => {
    const q = rangeQuerySchema.parse({ from: '2026-10-04', to: '2026-10-09' })
    const pairs = await inventoryPairs(ch, q, inventoryWindow(q.from, q.to, '2026-11-27'), TZ, true)
    const at = (sku: string, location: string) => pairs.find((p) => p.sku === sku && p.location_id === location)
    // A@L1: 7 carried in, 6 after the tie on 10-07 (cost 120 to 10-05, 110 on 10-06, 112 from 10-07)
    expect(at('A', 'L1')).toMatchObject({ on_hand: 6, unit_cost_cents: 112, value_days_cents: 7 * 120 * 2 + 7 * 110 + 6 * 112 * 3 })
    expect(at('B', 'L1')).toMatchObject({ on_hand: 4, unit_cost_cents: 60, value_days_cents: 4 * 60 * 2, region: 'east', city: 'shanghai', category: 'c2' })
    expect(pairs).toHaveLength(4)
  })

  it('labels each pair with the category of its SKU\'s latest movement, the same from either rollup', async () => {
    const pairs = async (f: Filter) => {
      const q = rangeQuerySchema.parse({ from: '2026-10-01', to: '2026-10-11', ...f })
      const w = inventoryWindow(q.from, q.to, '2026-11-27')
      const [fromDaily, fromHourly] = [await inventoryPairs(ch, q, w, TZ, true), await inventoryPairs(ch, q, w, TZ, false)]
      expect(fromDaily).toEqual(fromHourly)
      return (sku: string) => fromDaily.filter((p) => p.sku === sku).map((p) => `${p.location_id}:${p.category}`)
    }
    const all = await pairs({})
    // D changed category within an hour at L1: the later movement's (M16), not whichever row comes first
    expect(all('D')).toEqual(['L1:c6'])
    // a category is the SKU's, not the position's: C's last movement (at L3) was in c4, so its units at L2 are too
    expect(all('C')).toEqual(['L2:c4', 'L3:c4'])
    // under a category filter, the SKU's latest movement in it
    expect((await pairs({ category: ['c5'] }))('D')).toEqual(['L1:c5'])
  })

  it('has something to compare: value on every day, several costs per SKU', () => {
    expect(expectedValueDays('2026-10-01', '2026-10-10', {})).toBeGreaterThan(0)
    expect(expectedValueDays('2026-10-02', '2026-10-02', {})).toBeGreaterThan(0)
    // the tie decides the day's cost: T10 (112), not T1 (111)
    expect(expectedValueDays('2026-10-07', '2026-10-07', { sku: ['A'] })).toBe((6 + 14) * 112) // A@L1 10 − 2 − 1 − 1, A@L2 5 + 10 − 1
  })

  it('stops at today: a period that has not begun has no days', async () => {
    const q = rangeQuerySchema.parse({ from: '2026-12-01', to: '2026-12-31' })
    const w = inventoryWindow(q.from, q.to, '2026-11-27')
    expect(w.days).toBe(0)
    expect(await readSingleRow(ch, stockValueDaysRead(q, w, TZ, true))).toBe(0)
    expect(await readSingleRow(ch, stockValueDaysRead(q, w, TZ, false))).toBe(0)
  })
})

describe('Σ of daily closing inventory value from the stock values built up to a horizon', () => {
  const CASES: [string, string, Filter][] = [
    ['2026-10-01', '2026-10-10', {}],
    ['2026-10-04', '2026-10-09', {}],
    ['2026-10-07', '2026-10-07', {}],
    ['2026-07-01', '2026-10-20', {}],
    ['2026-10-01', '2026-10-10', { region: ['east'] }],
    ['2026-10-01', '2026-10-10', { store: ['L1'] }],
    ['2026-10-10', '2026-10-13', { city: ['beijing'] }],
    ['2026-10-01', '2026-10-10', { category: ['c2'] }], // the ledger's: the values do not serve product filters
    ['2026-10-01', '2026-10-10', { sku: ['A'], store: ['L2'] }],
  ]
  // Before every movement, on days with several, on the tie, on the category change, after the last.
  it.each(['2026-07-15', '2026-10-03', '2026-10-07', '2026-10-10', '2026-10-30'])('matches the ledger to the cent with the horizon on %s, for a range and its comparison together', async (horizon) => {
    expect(await buildBuyerVisits(ch, horizon, { marginSeconds: 0, graceMs: 0 })).toBe(true)
    const values = await stockValues(ch)
    expect(values?.horizon).toBe(horizon)
    // Ranges ending the day after the horizon read that one day past it (today, in the dashboard's to-date ranges).
    const next = addDays(horizon, 1)
    const oneDay: [string, string, Filter][] = [[next, next, {}], ...[{}, { region: ['east'] }, { store: ['L1'] }, { sku: ['A'], store: ['L2'] }].map((f): [string, string, Filter] => [addDays(horizon, -3), next, f])]
    for (const [from, to, f] of [...CASES, ...oneDay]) {
      const q = rangeQuerySchema.parse({ from, to, ...f })
      const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1
      const before = { from: new Date(Date.parse(from) - days * 86_400_000).toISOString().slice(0, 10), to: new Date(Date.parse(from) - 86_400_000).toISOString().slice(0, 10) }
      const windows = [inventoryWindow(from, to, '2026-11-27'), inventoryWindow(before.from, before.to, '2026-11-27')]
      const got = await readSingleRow(ch, windowsValueDaysRead(q, windows, values))
      expect(got, `${from}..${to} ${JSON.stringify(f)}`).toEqual([expectedValueDays(from, to, f), expectedValueDays(before.from, before.to, f)])
    }
  })

  it('are stale once a movement for a day up to the horizon is written after the build, until the next build', async () => {
    const horizon = '2026-10-10'
    await buildBuyerVisits(ch, horizon, { marginSeconds: 0, graceMs: 0 })
    expect((await stockValues(ch))?.horizon).toBe(horizon)
    // A movement after the horizon leaves them whole…
    const after: Movement = { id: 'M20', at: '2026-10-15T10:00:00.000', sku: 'B', location: 'L2', delta: 6, cost: 61 }
    MOVES.push(after)
    await ch.insert({ table: TABLES.stockMovements, values: movementRows(ledger().slice(-1)), format: 'JSONEachRow' })
    expect((await stockValues(ch))?.horizon).toBe(horizon)
    // …one for a day before it, written late, does not.
    const late: Movement = { id: 'M21', at: '2026-10-05T10:00:00.000', sku: 'A', location: 'L3', delta: 4, cost: 125 }
    MOVES.push(late)
    await ch.insert({ table: TABLES.stockMovements, values: movementRows(ledger().filter((m) => m.id === late.id)), format: 'JSONEachRow' })
    expect(await stockValues(ch)).toBeNull()
    await buildBuyerVisits(ch, horizon, { marginSeconds: 0, graceMs: 0 })
    const values = await stockValues(ch)
    const q = rangeQuerySchema.parse({ from: '2026-10-01', to: '2026-10-20' })
    expect(await readSingleRow(ch, windowsValueDaysRead(q, [inventoryWindow(q.from, q.to, '2026-11-27')], values))).toEqual([expectedValueDays(q.from, q.to, {})])
    expect(await readSingleRow(ch, windowsValueDaysRead(q, [inventoryWindow(q.from, q.to, '2026-11-27')], null))).toEqual([expectedValueDays(q.from, q.to, {})])
  })
})
