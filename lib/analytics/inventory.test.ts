import { describe, expect, it } from 'vitest'
import {
  buildOverview,
  daysOfCover,
  inventoryTotals,
  inventoryWindow,
  listsOf,
  mergePairs,
  type PairFacts,
} from './inventory'
import { turnoverDays } from './kpis'

const pair = (over: Partial<PairFacts & { stocked: boolean }> = {}): PairFacts & { stocked: boolean } => ({
  sku: 'S1',
  category: 'c1',
  location_id: 'L1',
  region: 'east',
  city: 'shanghai',
  value_days_cents: 0,
  on_hand: 0,
  reserved: 0,
  in_transit: 0,
  incoming: 0,
  unit_cost_cents: 100,
  cogs_cents: 0,
  units_sold: 0,
  stocked: true,
  ...over,
})

describe('turnoverDays', () => {
  it('is average inventory / (COGS / days)', () => {
    // ¥1,000 held on average, ¥300 sold at cost over 30 days: ¥10 a day → 100 days.
    expect(turnoverDays(100_000, 30_000, 30)).toBe(100)
    expect(turnoverDays(1, 3, 1)).toBe(0.333333)
  })
  it('is null without positive COGS or days', () => {
    expect(turnoverDays(100_000, 0, 30)).toBeNull()
    expect(turnoverDays(100_000, -5, 30)).toBeNull()
    expect(turnoverDays(100_000, 500, 0)).toBeNull()
  })
})

describe('daysOfCover', () => {
  it('is on hand / average daily units over the window', () => {
    expect(daysOfCover(20, 10)).toBe(60)
    expect(daysOfCover(2, 18)).toBe(3.333333)
    expect(daysOfCover(0, 5)).toBe(0)
    expect(daysOfCover(14, 7, 7)).toBe(14)
  })
  it('is null without net sales', () => {
    expect(daysOfCover(5, 0)).toBeNull()
    expect(daysOfCover(5, -1)).toBeNull()
  })
})

describe('inventoryWindow', () => {
  it('takes the range up to its end when that is past', () => {
    expect(inventoryWindow('2026-10-01', '2026-10-31', '2026-11-27')).toEqual({ from: '2026-10-01', as_of: '2026-10-31', days: 31, window_from: '2026-10-02' })
  })
  it('stops at today', () => {
    expect(inventoryWindow('2026-11-01', '2026-11-30', '2026-11-27')).toMatchObject({ as_of: '2026-11-27', days: 27, window_from: '2026-10-29' })
  })
  it('has no days when the range has not begun', () => {
    expect(inventoryWindow('2026-12-01', '2026-12-31', '2026-11-27')).toMatchObject({ as_of: '2026-11-27', days: 0 })
  })
  it('counts calendar days across month and year ends', () => {
    expect(inventoryWindow('2024-02-28', '2024-03-01', '2030-01-01').days).toBe(3)
  })
})

describe('mergePairs', () => {
  it('joins stock and sales by sku and location, keeping sales without stock history', () => {
    const merged = mergePairs(
      [{ sku: 'S1', category: 'c1', location_id: 'L1', region: 'r', city: 'c', value_days_cents: 10, on_hand: 3, reserved: 1, in_transit: 0, incoming: 0, unit_cost_cents: 5 }],
      [
        { sku: 'S1', category: 'c1', location_id: 'L1', region: 'r', city: 'c', cogs_cents: 7, units_sold: 2 },
        { sku: 'S2', category: 'c2', location_id: 'L1', region: 'r', city: 'c', cogs_cents: 9, units_sold: 1 },
      ],
    )
    expect(merged).toEqual([
      { sku: 'S1', category: 'c1', location_id: 'L1', region: 'r', city: 'c', value_days_cents: 10, on_hand: 3, reserved: 1, in_transit: 0, incoming: 0, unit_cost_cents: 5, cogs_cents: 7, units_sold: 2 },
      { sku: 'S2', category: 'c2', location_id: 'L1', region: 'r', city: 'c', value_days_cents: 0, on_hand: 0, reserved: 0, in_transit: 0, incoming: 0, unit_cost_cents: 0, cogs_cents: 9, units_sold: 1 },
    ])
  })
})

describe('inventoryTotals', () => {
  it('sums value, COGS, stock and units, then applies the formulas', () => {
    const t = inventoryTotals(
      [pair({ value_days_cents: 3_000, cogs_cents: 100, on_hand: 4, unit_cost_cents: 250, units_sold: 3 }), pair({ value_days_cents: 1_500, cogs_cents: 50, on_hand: 2, unit_cost_cents: 100, units_sold: 0 })],
      3,
    )
    expect(t).toEqual({
      average_inventory_value_cents: 1_500,
      cogs_cents: 150,
      days: 3,
      turnover_days: 30, // 1,500 / (150 / 3)
      stock_value_cents: 1_200,
      on_hand: 6,
      units_sold: 3,
      days_of_cover: 60, // 6 / (3 / 30)
    })
  })
  it('rounds the average to the cent but computes turnover from the exact average', () => {
    const t = inventoryTotals([pair({ value_days_cents: 10, cogs_cents: 3 })], 3)
    expect(t.average_inventory_value_cents).toBe(3)
    expect(t.turnover_days).toBe(3.333333)
  })
})

describe('listsOf', () => {
  it('puts a pair that sold and has nothing available in stock-outs, even with stock reserved', () => {
    expect(listsOf(pair({ on_hand: 0, units_sold: 5 }))).toEqual(['stockouts'])
    expect(listsOf(pair({ on_hand: 2, reserved: 1, in_transit: 1, units_sold: 2 }))).toEqual(['stockouts'])
  })
  it('puts under 7 days of cover in low stock, 7 exactly is not low', () => {
    expect(listsOf(pair({ on_hand: 2, units_sold: 18 }))).toEqual(['low_stock'])
    expect(listsOf(pair({ on_hand: 7, units_sold: 30 }))).toEqual([])
  })
  it('puts stock that did not sell, or covers over 90 days, in slow-moving', () => {
    expect(listsOf(pair({ on_hand: 10 }))).toEqual(['slow_moving'])
    expect(listsOf(pair({ on_hand: 91, units_sold: 30 }))).toEqual(['slow_moving'])
    expect(listsOf(pair({ on_hand: 90, units_sold: 30 }))).toEqual([])
    // sold and all returned: nothing sold net
    expect(listsOf(pair({ on_hand: 6, units_sold: 0 }))).toEqual(['slow_moving'])
  })
  it('lists nothing for an empty pair, or one without stock history', () => {
    expect(listsOf(pair())).toEqual([])
    expect(listsOf(pair({ stocked: false, units_sold: 4 }))).toEqual([])
  })
  it('can list a pair as both a stock-out and slow-moving when what is on hand is all held', () => {
    // 100 on hand, all reserved, 1 sold in 30 days
    expect(listsOf(pair({ on_hand: 100, reserved: 100, units_sold: 1 }))).toEqual(['stockouts', 'slow_moving'])
  })
})

describe('buildOverview', () => {
  const w = inventoryWindow('2026-10-01', '2026-10-30', '2026-11-27')
  const pairs = [
    pair({ sku: 'A', category: 'x', location_id: 'L1', on_hand: 0, units_sold: 5, value_days_cents: 300, cogs_cents: 40 }),
    pair({ sku: 'B', category: 'x', location_id: 'L2', region: 'north', city: 'beijing', on_hand: 0, units_sold: 9, cogs_cents: 10 }),
    pair({ sku: 'C', category: 'y', location_id: 'L1', on_hand: 1, units_sold: 30, value_days_cents: 900 }),
    pair({ sku: 'D', category: 'y', location_id: 'L2', region: 'north', city: 'beijing', on_hand: 5, unit_cost_cents: 1_000, value_days_cents: 150_000 }),
    pair({ sku: 'E', category: 'y', location_id: 'L2', region: 'north', city: 'beijing', on_hand: 50, unit_cost_cents: 10 }),
  ]
  const o = buildOverview(pairs, w)

  it('adds up: categories and locations sum to the summary', () => {
    for (const rows of [o.by_category, o.by_location]) {
      const cents = (k: 'stock_value' | 'cogs') => rows.reduce((s, r) => s + Math.round(Number(r[k]) * 100), 0)
      expect(cents('stock_value')).toBe(Math.round(Number(o.summary.stock_value) * 100))
      expect(cents('cogs')).toBe(Math.round(Number(o.summary.cogs) * 100))
      expect(rows.reduce((s, r) => s + r.on_hand, 0)).toBe(o.summary.on_hand)
    }
    expect(o.by_category.map((r) => r.category)).toEqual(['x', 'y'])
    expect(o.by_location.map((r) => [r.location_id, r.region, r.city])).toEqual([
      ['L1', 'east', 'shanghai'],
      ['L2', 'north', 'beijing'],
    ])
    expect(o.summary).toMatchObject({ stock_value: '56.00', cogs: '0.50', average_inventory_value: '50.40', turnover_days: 3024 })
  })

  it('orders the lists: most sold, shortest cover, most money first', () => {
    expect(o.stockouts.map((r) => r.sku)).toEqual(['B', 'A'])
    expect(o.low_stock.map((r) => r.sku)).toEqual(['C'])
    expect(o.slow_moving.map((r) => [r.sku, r.stock_value])).toEqual([
      ['D', '50.00'],
      ['E', '5.00'],
    ])
    expect(o.summary.counts).toEqual({ stockouts: 2, low_stock: 1, slow_moving: 2 })
  })

  it('cuts each list at the limit but counts them all', () => {
    const short = buildOverview(pairs, w, 1)
    expect(short.stockouts.map((r) => r.sku)).toEqual(['B'])
    expect(short.summary.counts.stockouts).toBe(2)
  })

  it('shows money as strings and available as on hand − reserved − in transit', () => {
    const view = buildOverview([pair({ on_hand: 10, reserved: 3, in_transit: 2, incoming: 4, unit_cost_cents: 1_234 })], w).slow_moving[0]
    expect(view).toMatchObject({ available: 5, incoming: 4, unit_cost: '12.34', stock_value: '123.40', days_of_cover: null })
  })
})
