import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueToken } from '@/lib/auth/tokens'
import { clickhouse, closeClickHouse, queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import type { Db } from '@/lib/db'
import { rangeQuerySchema } from '@/lib/analytics/filters'
import { inventoryOverview, inventoryTurnover, type PairView } from '@/lib/analytics/inventory'
import { comparisonRange } from '@/lib/analytics/compare'
import { kpisWithComparison, kpiSnapshot } from '@/lib/analytics/snapshot'
import { fromCents } from '@/lib/money'
import { upsertLocations, upsertSkus } from '@/lib/ops/catalogue'
import { actOnOrder, placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { OutboxSource } from '@/ingest/outbox-source'
import { ClickHouseSink } from '@/ingest/sink'
import { startIngest } from '@/ingest/worker'
import { freshDb, seedCatalogue, useEmbeddedConfig } from './stores'

/**
 * Inventory KPIs from ClickHouse against an independent recomputation from the operational
 * stock ledger in Postgres: receipts at different costs (re-weighting the moving average),
 * orders shipped on different days, a cancellation after payment, a refund after delivery
 * (goods back on hand), an order left reserved. Turnover days, average inventory value and
 * stock value must match to the cent (turnover to 1e-6); the lists are checked on a
 * handcrafted store.
 */
const TZ = 'Asia/Shanghai'
const HOUR = 3_600_000
const DAY = 24 * HOUR
/** A local (Shanghai, UTC+8 all year) time as a Date. */
const local = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`)
/** Well after every movement of the data: ranges are clipped to this "today" only where said. */
const NOW = local('2026-11-27', '12:00')

let db: Db
let ch: ClickHouseClient

/**
 * Everything happens through the ops core in time order, as it would live: the moving-average
 * cost depends on what is held when a receipt arrives, so out-of-order writes would not be a
 * history that can happen.
 */
const schedule: { at: Date; seq: number; run: () => Promise<void> }[] = []
const later = (at: Date, run: () => Promise<void>) => void schedule.push({ at, seq: schedule.length, run })
async function runSchedule() {
  schedule.sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq)
  for (const s of schedule.splice(0)) await s.run()
}

function receive(sku: string, location: string, quantity: number, cost: string, at: Date) {
  later(at, async () => void (await receiveStock(db, { sku, location_id: location, quantity, unit_cost: cost }, 'test', at)))
}

type Step = { at: Date; action: 'pay' | 'ship' | 'refund' | 'cancel' }
function order(key: string, channel: 'store' | 'tmall' | 'web' | 'distributor', location: string, lines: { sku: string; quantity: number }[], at: Date, steps: Step[]) {
  let id = ''
  later(at, async () => {
    id = (await placeOrder(db, { channel, external_id: key, location_id: location, lines, pay: false }, { actor: 'test', at })).order.order_id
  })
  for (const s of steps) later(s.at, async () => void (await actOnOrder(db, id, s.action, { actor: 'test', at: s.at })))
}

const SECRET = 'inventory-test-secret-0123456789'

beforeAll(async () => {
  // The process's own ClickHouse (chDB: one engine per process), so the route can be called too.
  useEmbeddedConfig(SECRET)
  db = await freshDb('pglite')
  ch = await clickhouse()
  await migrateClickHouse(ch)
  await seedCatalogue(db) // SKU-A skincare, SKU-B makeup, SKU-C snacks; WH-SH, ST-SH-01 (east/shanghai), WH-BJ (north/beijing)

  // Opening stock at different costs, three days before the orders start.
  receive('SKU-A', 'WH-SH', 100, '80.00', local('2026-09-28', '09:00'))
  receive('SKU-B', 'WH-SH', 50, '40.00', local('2026-09-28', '09:05'))
  receive('SKU-A', 'ST-SH-01', 20, '82.00', local('2026-09-28', '09:10'))
  receive('SKU-C', 'WH-BJ', 30, '10.00', local('2026-09-28', '09:15'))
  receive('SKU-A', 'WH-BJ', 10, '78.00', local('2026-09-28', '09:20'))

  // Orders over a week, shipped on later days; with replenishment at new costs in between.
  const days = ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']
  let n = 0
  for (const [i, day] of days.entries()) {
    const next = days[i + 1] ?? '2026-10-08'
    order(`A${n++}`, 'store', 'ST-SH-01', [{ sku: 'SKU-A', quantity: 1 + (i % 2) }], local(day, '11:00'), [
      { at: local(day, '11:01'), action: 'pay' },
      { at: local(day, '11:03'), action: 'ship' },
    ])
    order(`A${n++}`, 'tmall', 'WH-SH', [{ sku: 'SKU-A', quantity: 3 }, { sku: 'SKU-B', quantity: 2 + (i % 3) }], local(day, '20:30'), [
      { at: local(day, '20:35'), action: 'pay' },
      { at: local(next, '09:30'), action: 'ship' }, // shipped the next morning
    ])
    if (i % 2 === 0) {
      order(`A${n++}`, 'distributor', 'WH-BJ', [{ sku: 'SKU-C', quantity: 4 }, { sku: 'SKU-A', quantity: 1 }], local(day, '14:00'), [
        { at: local(day, '15:00'), action: 'pay' },
        { at: local(next, '16:00'), action: 'ship' },
      ])
    }
    if (i === 1) receive('SKU-A', 'WH-SH', 60, '95.50', local(day, '15:00')) // re-weights SKU-A everywhere
    // (Not at 09:30, when the previous evening's order ships: movements of one SKU in the same
    // millisecond have no defined order, in the ledger or in ClickHouse.)
    if (i === 3) receive('SKU-B', 'WH-SH', 20, '45.33', local(day, '09:45'))
    if (i === 4) receive('SKU-C', 'WH-BJ', 40, '11.07', local(day, '08:00'))
  }
  // Paid, then cancelled before shipping: the reservation is released, the money refunded.
  order('X1', 'web', 'WH-SH', [{ sku: 'SKU-B', quantity: 5 }], local('2026-10-02', '12:00'), [
    { at: local('2026-10-02', '12:05'), action: 'pay' },
    { at: local('2026-10-03', '10:00'), action: 'cancel' },
  ])
  // Delivered, then refunded: the goods come back on hand and the cost is reversed.
  order('X2', 'web', 'WH-SH', [{ sku: 'SKU-A', quantity: 4 }], local('2026-10-02', '13:00'), [
    { at: local('2026-10-02', '13:05'), action: 'pay' },
    { at: local('2026-10-03', '09:00'), action: 'ship' },
    { at: local('2026-10-06', '17:00'), action: 'refund' },
  ])
  // Placed and never paid: it stays reserved (available is lower, on hand is not).
  order('X3', 'web', 'WH-SH', [{ sku: 'SKU-B', quantity: 3 }], local('2026-10-05', '18:00'), [])

  await seedListsCase()
  await runSchedule()

  const source = new OutboxSource(db, 'ingest', { batchSize: 100, pollMs: 10 })
  const worker = startIngest(source, new ClickHouseSink(ch), () => undefined)
  while ((await source.lag()) > 0) await new Promise((r) => setTimeout(r, 20))
  await worker.stop()
})
afterAll(async () => {
  await db?.close()
  await closeClickHouse()
})

// -----------------------------------------------------------------------------------------
// The independent recomputation: replay the Postgres ledger.
// -----------------------------------------------------------------------------------------

type Ledger = { sku: string; location_id: string; kind: string; on_hand_delta: number; reserved_delta: number; in_transit_delta: number; unit_cost_cents: number; occurred_at: Date }
type Master = { skus: Map<string, string>; locations: Map<string, { region: string; city: string }> }
type Filter = { store?: string[]; region?: string[]; city?: string[]; category?: string[]; sku?: string[] }

async function master(): Promise<Master> {
  const skus = await db.query<{ sku: string; category: string }>('SELECT sku, category FROM skus')
  const locations = await db.query<{ location_id: string; region: string; city: string }>('SELECT location_id, region, city FROM locations')
  return { skus: new Map(skus.map((s) => [s.sku, s.category])), locations: new Map(locations.map((l) => [l.location_id, l])) }
}

function matches(m: Master, sku: string, location: string, f: Filter): boolean {
  const loc = m.locations.get(location)!
  return (
    (!f.store?.length || f.store.includes(location)) &&
    (!f.region?.length || f.region.includes(loc.region)) &&
    (!f.city?.length || f.city.includes(loc.city)) &&
    (!f.category?.length || f.category.includes(m.skus.get(sku)!)) &&
    (!f.sku?.length || f.sku.includes(sku))
  )
}

type State = { pairs: Map<string, { on_hand: number; reserved: number; in_transit: number }>; cost: Map<string, number> }

/**
 * The balances of every (sku, location) and every SKU's moving-average cost after the ledger
 * rows before `until`. The cost is rebuilt from the receipts: held everywhere × old cost plus
 * received × purchase cost, over the new quantity, rounded to the cent.
 */
function replay(ledger: readonly Ledger[], until: number): State {
  const pairs = new Map<string, { on_hand: number; reserved: number; in_transit: number }>()
  const cost = new Map<string, number>()
  const held = new Map<string, number>()
  for (const r of ledger) {
    if (r.occurred_at.getTime() >= until) break
    const key = `${r.sku}@${r.location_id}`
    const p = pairs.get(key) ?? { on_hand: 0, reserved: 0, in_transit: 0 }
    if (r.kind === 'receipt') {
      const h = Math.max(held.get(r.sku) ?? 0, 0)
      const c = cost.get(r.sku) ?? 0
      cost.set(r.sku, h + r.on_hand_delta === 0 ? r.unit_cost_cents : Math.round((h * c + r.on_hand_delta * r.unit_cost_cents) / (h + r.on_hand_delta)))
    }
    p.on_hand += r.on_hand_delta
    p.reserved += r.reserved_delta
    p.in_transit += r.in_transit_delta
    held.set(r.sku, (held.get(r.sku) ?? 0) + r.on_hand_delta)
    pairs.set(key, p)
  }
  return { pairs, cost }
}

const dayList = (from: string, to: string) => {
  const out: string[] = []
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY) out.push(new Date(t).toISOString().slice(0, 10))
  return out
}
const endOf = (day: string) => local(day, '00:00').getTime() + DAY

function stockValue(m: Master, s: State, f: Filter): number {
  let v = 0
  for (const [key, p] of s.pairs) {
    const [sku, location] = key.split('@') as [string, string]
    if (matches(m, sku, location, f)) v += p.on_hand * (s.cost.get(sku) ?? 0)
  }
  return v
}

/** COGS of orders in Postgres: cost at sale × quantity at payment, reversed at refund (or at cancelling a paid order). */
async function cogsFromOrders(m: Master, from: string, to: string, f: Filter): Promise<number> {
  const lines = await db.query<{ sku: string; location_id: string; cost: number; paid_at: Date | null; status: string; closed_at: Date | null }>(
    `SELECT l.sku, o.location_id, (l.unit_cost_cents * l.quantity)::int8 AS cost, o.paid_at, o.status, o.closed_at
       FROM orders o JOIN order_lines l USING (order_id)`,
  )
  const start = local(from, '00:00').getTime()
  const end = endOf(to)
  const inRange = (t: Date | null) => t !== null && t.getTime() >= start && t.getTime() < end
  let cogs = 0
  for (const l of lines) {
    if (!matches(m, l.sku, l.location_id, f)) continue
    if (inRange(l.paid_at)) cogs += l.cost
    if (l.paid_at && ['refunded', 'cancelled'].includes(l.status) && inRange(l.closed_at)) cogs -= l.cost
  }
  return cogs
}

async function expected(from: string, to: string, f: Filter, today = '2026-11-27') {
  const ledger = await db.query<Ledger>('SELECT * FROM stock_movements ORDER BY occurred_at, movement_id')
  const m = await master()
  const asOf = to < today ? to : today
  const days = dayList(from, asOf)
  const valueDays = days.reduce((sum, d) => sum + stockValue(m, replay(ledger, endOf(d)), f), 0)
  const cogs = await cogsFromOrders(m, from, asOf, f)
  const average = valueDays / days.length
  return {
    average_inventory_value_cents: Math.round(average),
    cogs_cents: cogs,
    days: days.length,
    turnover_days: cogs > 0 ? Math.round((average / (cogs / days.length)) * 1e6) / 1e6 : null,
    stock_value: fromCents(stockValue(m, replay(ledger, endOf(asOf)), f)),
  }
}

const range = (from: string, to: string, extra: Record<string, string[]> = {}) => rangeQuerySchema.parse({ from, to, ...extra })

describe('inventory turnover against the Postgres ledger', () => {
  it('rebuilds the moving-average cost from the ledger exactly as the ops core keeps it', async () => {
    const ledger = await db.query<Ledger>('SELECT * FROM stock_movements ORDER BY occurred_at, movement_id')
    const { cost } = replay(ledger, Infinity)
    const skus = await db.query<{ sku: string; avg_cost_cents: number }>('SELECT sku, avg_cost_cents FROM skus')
    for (const s of skus) expect(cost.get(s.sku) ?? 0, s.sku).toBe(s.avg_cost_cents)
    // and every stock.moved in ClickHouse carries the cost in force after its movement
    const stored = await queryRows<{ sku: string; c: string }>(
      ch,
      `SELECT toString(sku) AS sku, toString(argMax(avg_unit_cost_cents, (occurred_at, movement_id))) AS c FROM stock_movements GROUP BY sku`,
    )
    for (const s of stored) expect(Number(s.c), s.sku).toBe(cost.get(s.sku))
  })

  const CASES: [string, string, string, Filter][] = [
    ['the whole period', '2026-09-27', '2026-10-10', {}],
    ['three middle days (balances carried in from before the range)', '2026-10-03', '2026-10-05', {}],
    ['one day', '2026-10-04', '2026-10-04', {}],
    ['one warehouse', '2026-09-27', '2026-10-10', { store: ['WH-SH'] }],
    ['a store valued at a cost re-weighted by a receipt elsewhere', '2026-09-30', '2026-10-08', { store: ['ST-SH-01'] }],
    ['a category', '2026-09-30', '2026-10-08', { category: ['skincare'] }],
    ['a region', '2026-09-30', '2026-10-08', { region: ['north'] }],
    ['a city and a SKU', '2026-10-01', '2026-10-07', { city: ['shanghai'], sku: ['SKU-B'] }],
  ]

  it.each(CASES)('match to the cent for %s', async (_, from, to, f) => {
    const want = await expected(from, to, f)
    const got = await inventoryTurnover(ch, range(from, to, f as Record<string, string[]>), TZ, NOW)
    expect(got).toEqual({ average_inventory_value_cents: want.average_inventory_value_cents, cogs_cents: want.cogs_cents, days: want.days, turnover_days: want.turnover_days })
    const overview = await inventoryOverview(ch, range(from, to, f as Record<string, string[]>), TZ, NOW)
    expect(overview.summary.stock_value).toBe(want.stock_value)
    expect(overview.summary.turnover_days).toBe(want.turnover_days)
  })

  it.each(CASES)('value a range and its comparison in one pass, each as on its own: %s', async (_, from, to, f) => {
    for (const mode of ['previous', 'yoy'] as const) {
      const got = await kpisWithComparison(ch, range(from, to, f as Record<string, string[]>), TZ, mode)
      const then = comparisonRange(from, to, mode)
      expect(got.kpis.inventory_turnover_days, mode).toBe((await expected(from, to, f)).turnover_days)
      expect(got.comparison!.kpis.inventory_turnover_days, mode).toBe((await expected(then.from, then.to, f)).turnover_days)
    }
  })

  it('has something to compare: stock, COGS, refunds and several costs per SKU', async () => {
    const want = await expected('2026-09-27', '2026-10-10', {})
    expect(want.cogs_cents).toBeGreaterThan(0)
    expect(want.turnover_days).toBeGreaterThan(1)
    const kinds = await db.query<{ kind: string }>('SELECT DISTINCT kind FROM stock_movements ORDER BY kind')
    expect(kinds.map((k) => k.kind).sort()).toEqual(['receipt', 'release', 'reservation', 'return', 'sale'])
    // No SKU moves twice in one millisecond here: such movements have no defined order.
    const [ties] = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM (SELECT sku, occurred_at FROM stock_movements GROUP BY 1, 2 HAVING count(*) > 1) t')
    expect(ties?.n).toBe(0)
  })

  it('ignores the channel filter: stock belongs to every channel', async () => {
    const all = await inventoryTurnover(ch, range('2026-09-27', '2026-10-10'), TZ, NOW)
    expect(await inventoryTurnover(ch, range('2026-09-27', '2026-10-10', { channel: ['tmall'] }), TZ, NOW)).toEqual(all)
    // The KPI snapshot reads a channel's sales and every channel's COGS in one pass.
    for (const channel of [[], ['tmall'], ['tmall', 'web']]) {
      expect((await kpiSnapshot(ch, range('2026-09-27', '2026-10-10', { channel }), TZ, NOW)).inventory_turnover_days, channel.join()).toBe(all.turnover_days)
    }
  })

  it('stops the period at today: later days have neither stock nor COGS yet', async () => {
    const now = local('2026-10-05', '12:00')
    const got = await inventoryTurnover(ch, range('2026-10-02', '2026-10-31'), TZ, now)
    const want = await expected('2026-10-02', '2026-10-31', {}, '2026-10-05')
    expect(want.days).toBe(4)
    // "today" is taken at its end: what the ledger holds now (the test data has later movements; now it would not)
    expect(got).toEqual({ average_inventory_value_cents: want.average_inventory_value_cents, cogs_cents: want.cogs_cents, days: 4, turnover_days: want.turnover_days })
    expect(await inventoryTurnover(ch, range('2026-12-01', '2026-12-31'), TZ, NOW)).toEqual({ average_inventory_value_cents: 0, cogs_cents: 0, days: 0, turnover_days: null })
  })

  it('adds up: categories and locations sum to the total', async () => {
    const o = await inventoryOverview(ch, range('2026-09-27', '2026-10-10'), TZ, NOW)
    const cents = (rows: { stock_value: string }[]) => fromCents(rows.reduce((s, r) => s + Math.round(Number(r.stock_value) * 100), 0))
    const cogs = (rows: { cogs: string }[]) => fromCents(rows.reduce((s, r) => s + Math.round(Number(r.cogs) * 100), 0))
    for (const rows of [o.by_category, o.by_location]) {
      expect(cents(rows)).toBe(o.summary.stock_value)
      expect(cogs(rows)).toBe(o.summary.cogs)
      expect(rows.reduce((s, r) => s + r.on_hand, 0)).toBe(o.summary.on_hand)
      expect(rows.reduce((s, r) => s + r.units_sold_30d, 0)).toBe(o.summary.units_sold_30d)
    }
    expect(o.by_category.map((r) => r.category)).toEqual(['lists', 'makeup', 'skincare', 'snacks'])
  })
})

// -----------------------------------------------------------------------------------------
// The lists, on a handcrafted store.
// -----------------------------------------------------------------------------------------

const LIST_DAY = '2026-10-20' // the lists are taken at the end of this day
const LIST_SKUS = ['L-OUT', 'L-HELD', 'L-LOW', 'L-IDLE', 'L-GLUT', 'L-OK', 'L-OLD', 'L-BACK'] as const

async function seedListsCase() {
  await upsertSkus(db, LIST_SKUS.map((sku) => ({ sku, name_zh: sku, name_en: sku, category: 'lists', list_price_cents: 1_000 })))
  await upsertLocations(db, [{ location_id: 'ST-LIST', kind: 'store', name_zh: '测试店', name_en: 'List store', region: 'west', city: 'chengdu', lat: 30.66, lng: 104.07 }])
  const opening = local('2026-08-01')
  const stock: Record<(typeof LIST_SKUS)[number], number> = { 'L-OUT': 5, 'L-HELD': 4, 'L-LOW': 20, 'L-IDLE': 10, 'L-GLUT': 100, 'L-OK': 30, 'L-OLD': 3, 'L-BACK': 6 }
  for (const sku of LIST_SKUS) receive(sku, 'ST-LIST', stock[sku], '5.00', opening)
  let n = 0
  const sell = (sku: string, quantity: number, day: string, refundDay?: string) => {
    const steps: Step[] = [
      { at: local(day, '12:01'), action: 'pay' },
      { at: local(day, '12:02'), action: 'ship' },
    ]
    if (refundDay) steps.push({ at: local(refundDay, '12:00'), action: 'refund' })
    order(`L${n++}`, 'store', 'ST-LIST', [{ sku, quantity }], local(day, '12:00'), steps)
  }
  sell('L-OUT', 5, '2026-10-10') // sold out: a stock-out
  sell('L-HELD', 2, '2026-10-12') // 2 left, both reserved below: a stock-out with stock on hand
  order('L-RES', 'web', 'ST-LIST', [{ sku: 'L-HELD', quantity: 2 }], local('2026-10-15'), [])
  sell('L-LOW', 18, '2026-10-01') // 2 left for 18 sold in 30 days: 3.3 days of cover
  // L-IDLE: never sold: slow-moving
  sell('L-GLUT', 1, '2026-10-18') // 99 left for 1 sold: 2,970 days of cover: slow-moving
  sell('L-OK', 10, '2026-10-05') // 20 left for 10 sold: 60 days of cover: in no list
  sell('L-OLD', 3, '2026-09-01') // sold out, but more than 30 days ago: in no list
  sell('L-BACK', 2, '2026-10-08', '2026-10-09') // sold and returned: nothing sold net, 6 on hand: slow-moving
}

describe('inventory lists on a handcrafted store', () => {
  let lists: { stockouts: PairView[]; low_stock: PairView[]; slow_moving: PairView[] }
  beforeAll(async () => {
    lists = await inventoryOverview(ch, range('2026-10-01', LIST_DAY, { store: ['ST-LIST'] }), TZ, NOW)
  })

  it('lists stock-outs: sold in the last 30 days and nothing available, most sold first', () => {
    expect(lists.stockouts.map((r) => [r.sku, r.on_hand, r.reserved, r.available, r.units_sold_30d])).toEqual([
      ['L-OUT', 0, 0, 0, 5],
      ['L-HELD', 2, 2, 0, 2],
    ])
  })

  it('lists low stock: under 7 days of cover', () => {
    expect(lists.low_stock.map((r) => [r.sku, r.on_hand, r.units_sold_30d, r.days_of_cover])).toEqual([['L-LOW', 2, 18, Math.round((2 / (18 / 30)) * 1e6) / 1e6]])
  })

  it('lists slow movers: no net sale in 30 days or over 90 days of cover, most money tied up first', () => {
    expect(lists.slow_moving.map((r) => [r.sku, r.on_hand, r.units_sold_30d, r.days_of_cover, r.stock_value])).toEqual([
      ['L-GLUT', 99, 1, 2970, '495.00'],
      ['L-IDLE', 10, 0, null, '50.00'],
      ['L-BACK', 6, 0, null, '30.00'],
    ])
  })
})

describe('GET /api/v1/inventory', () => {
  let inventory: typeof import('@/app/api/v1/inventory/route')
  beforeAll(async () => {
    inventory = await import('@/app/api/v1/inventory/route')
  })
  const get = (query: string, claims: Parameters<typeof issueToken>[1]) =>
    inventory.GET(new Request(`http://x/api/v1/inventory?${query}`, { headers: { authorization: `Bearer ${issueToken(SECRET, claims)}` } }), { params: Promise.resolve({}) })

  it('answers the overview with money as strings, for stock:read roles only', async () => {
    const res = await get('from=2026-09-27&to=2026-10-10&category=skincare', { sub: 'exec', role: 'executive' })
    expect(res.status).toBe(200)
    const body = await res.json()
    const want = await expected('2026-09-27', '2026-10-10', { category: ['skincare'] })
    expect(body.range).toEqual({ from: '2026-09-27', to: '2026-10-10', time_zone: TZ, as_of: '2026-10-10', days: 14 })
    expect(body.summary).toMatchObject({ stock_value: want.stock_value, turnover_days: want.turnover_days, average_inventory_value: fromCents(want.average_inventory_value_cents) })
    expect(Object.keys(body)).toEqual(['range', 'summary', 'by_category', 'by_location', 'stockouts', 'low_stock', 'slow_moving'])
    expect(body.by_category.map((r: { category: string }) => r.category)).toEqual(['skincare'])
    expect((await get('from=2026-09-27&to=2026-10-10', { sub: 'mkt', role: 'marketing' })).status).toBe(403)
    const bad = await get('from=2026-10-10&to=2026-09-27', { sub: 'exec', role: 'executive' })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.field).toBe('from')
  })

  it('shows a store user only their store', async () => {
    const res = await get('from=2026-10-01&to=2026-10-20&store=WH-SH', { sub: 'clerk', role: 'store', location_id: 'ST-LIST' })
    const body = await res.json()
    expect(body.by_location.map((r: { location_id: string }) => r.location_id)).toEqual(['ST-LIST'])
    expect(body.stockouts.map((r: { sku: string }) => r.sku)).toEqual(['L-OUT', 'L-HELD'])
  })
})
