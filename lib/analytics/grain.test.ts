import { describe, expect, it } from 'vitest'
import { rangeQuerySchema, type Dimension } from './filters'
import { customerGrain, customersByChannelDay, customerYears, memberPieces, monthEnd, monthRead, orderFlowGrain, salesGrain, wholeMonths } from './grain'

const q = (filters: Record<string, string[]> = {}) => rangeQuerySchema.parse({ from: '2026-11-01', to: '2026-11-30', ...filters })

describe('salesGrain', () => {
  it.each<[string, Record<string, string[]>, Dimension[], string]>([
    ['a total', {}, [], 'daily_channel'],
    ['by channel, day, week, month, quarter, year', { channel: ['tmall'] }, ['channel', 'month'], 'daily_channel'],
    ['by region, city, store', {}, ['channel', 'store'], 'daily'],
    ['by category', {}, ['week', 'category'], 'daily_category'],
    ['a category by channel', { category: ['snacks'] }, ['channel'], 'daily_category'],
    ['filtered by a place', { region: ['east'] }, ['day'], 'daily'],
    ['filtered by category and place', { category: ['snacks'], city: ['Shanghai'] }, ['region'], 'daily'],
    ['by SKU', {}, ['sku'], 'daily_sku'],
    ['a SKU by channel and day', { sku: ['SKU-1'] }, ['channel', 'day'], 'daily_sku'],
    ['by SKU in a store', { store: ['ST-1'] }, ['sku'], 'hourly'],
    ['a SKU by city', { sku: ['SKU-1'] }, ['city'], 'hourly'],
    ['by hour', {}, ['hour'], 'hourly_place'],
    ['by hour in a region', { region: ['east'] }, ['hour', 'store'], 'hourly_place'],
    ['a category by hour', { category: ['snacks'] }, ['hour'], 'hourly'],
    ['by hour and category', {}, ['hour', 'category'], 'hourly'],
  ])('%s', (_, filters, dims, grain) => {
    expect(salesGrain(q(filters), dims, true)).toBe(grain)
  })

  it('reads an hourly rollup for the hours of each day before one: without the product unless it is asked for', () => {
    expect(salesGrain({ ...q(), before_hour: 15 }, ['day', 'channel'], true)).toBe('hourly_place')
    expect(salesGrain({ ...q({ city: ['Shanghai'] }), before_hour: 15 }, ['day', 'channel'], true)).toBe('hourly_place')
    expect(salesGrain({ ...q({ sku: ['SKU-1'] }), before_hour: 15 }, ['day'], true)).toBe('hourly')
  })

  it('reads an hourly rollup whenever the daily rollups are in another time zone', () => {
    expect(salesGrain(q(), [], false)).toBe('hourly_place')
    expect(salesGrain(q(), ['sku'], false)).toBe('hourly')
    expect(salesGrain(q({ category: ['snacks'] }), [], false)).toBe('hourly')
  })
})

describe('customerGrain', () => {
  it('merges daily customer rows for order-level members and days or coarser', () => {
    expect(customerGrain(q(), [], true)).toBe('daily')
    expect(customerGrain(q({ channel: ['tmall'], region: ['east'] }), ['store', 'month'], true)).toBe('daily')
  })
  it('merges daily customer rows per category for category, on any channel and place', () => {
    expect(customerGrain(q(), ['category'], true)).toBe('daily_category')
    expect(customerGrain(q({ category: ['snacks'], store: ['ST-1'] }), [], true)).toBe('daily_category')
    expect(customerGrain(q({ channel: ['tmall'], region: ['east'] }), ['category', 'month'], true)).toBe('daily_category')
  })
  it('merges daily customer rows per SKU for SKU, on any channel', () => {
    expect(customerGrain(q({ sku: ['SKU-1'], channel: ['jd'] }), ['day'], true)).toBe('daily_sku')
    expect(customerGrain(q({ category: ['snacks'] }), ['sku'], true)).toBe('daily_sku')
  })
  it('reads the lines for SKU with a place, hours or another time zone', () => {
    expect(customerGrain(q({ sku: ['SKU-1'] }), ['city'], true)).toBe('lines')
    expect(customerGrain(q(), ['category', 'hour'], true)).toBe('lines')
    expect(customerGrain(q(), ['hour'], true)).toBe('lines')
    expect(customerGrain(q(), [], false)).toBe('lines')
  })
})

describe('orderFlowGrain', () => {
  it('counts per day unless hours are asked or the zone differs', () => {
    expect(orderFlowGrain(q(), ['day', 'channel'], true)).toBe('daily')
    expect(orderFlowGrain(q(), ['hour'], true)).toBe('hourly')
    expect(orderFlowGrain({ ...q(), before_hour: 15 }, ['day', 'channel'], true)).toBe('hourly')
    expect(orderFlowGrain(q(), [], false)).toBe('hourly')
  })
})

describe('customerYears', () => {
  it.each<[string, string, string, ReturnType<typeof customerYears>]>([
    ['a range without 1 January', '2026-10-30', '2026-11-28', null],
    ['year to date', '2026-01-01', '2026-11-28', { full: [], last: 2026, daysBefore: null }],
    ['a whole past year', '2025-01-01', '2025-12-31', { full: [2025], last: null, daysBefore: null }],
    ['the last 365 days', '2025-11-29', '2026-11-28', { full: [], last: 2026, daysBefore: { from: '2025-11-29', to: '2025-12-31' } }],
    ['two years and a bit', '2024-06-01', '2026-03-31', { full: [2025], last: 2026, daysBefore: { from: '2024-06-01', to: '2024-12-31' } }],
    ['one day, 1 January', '2026-01-01', '2026-01-01', { full: [], last: 2026, daysBefore: null }],
    ['New Year\'s Eve to New Year', '2025-12-31', '2026-01-01', { full: [], last: 2026, daysBefore: { from: '2025-12-31', to: '2025-12-31' } }],
  ])('%s', (_, from, to, expected) => {
    expect(customerYears(from, to)).toEqual(expected)
  })
})

describe('memberPieces', () => {
  it('cuts a range at its month, quarter or year boundaries', () => {
    expect(memberPieces('2026-01-15', '2026-03-02', ['month'])).toEqual([
      { from: '2026-01-15', to: '2026-01-31' },
      { from: '2026-02-01', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-03-02' },
    ])
    expect(memberPieces('2025-11-29', '2026-04-01', ['quarter', 'channel'])).toEqual([
      { from: '2025-11-29', to: '2025-12-31' },
      { from: '2026-01-01', to: '2026-03-31' },
      { from: '2026-04-01', to: '2026-04-01' },
    ])
    expect(memberPieces('2024-02-29', '2026-01-01', ['year'])).toEqual([
      { from: '2024-02-29', to: '2024-12-31' },
      { from: '2025-01-01', to: '2025-12-31' },
      { from: '2026-01-01', to: '2026-01-01' },
    ])
    expect(memberPieces('2026-01-01', '2026-11-28', ['month'])).toHaveLength(11)
  })
  it('leaves finer or several time dimensions, none, and more than 12 members alone', () => {
    expect(memberPieces('2026-01-01', '2026-01-31', ['day'])).toBeNull()
    expect(memberPieces('2026-01-01', '2026-01-31', ['week'])).toBeNull()
    expect(memberPieces('2026-01-01', '2026-01-31', ['channel'])).toBeNull()
    expect(memberPieces('2026-01-01', '2026-12-31', ['year', 'month'])).toBeNull()
    expect(memberPieces('2025-01-01', '2026-01-31', ['month'])).toBeNull()
  })
})

describe('wholeMonths', () => {
  it.each<[string, string, string, ReturnType<typeof wholeMonths>]>([
    ['a year to date', '2026-01-01', '2026-11-28', { from: '2026-01-01', to: '2026-10-31' }],
    ['the period before it', '2025-01-04', '2025-12-31', { from: '2025-02-01', to: '2025-12-31' }],
    ['one whole month', '2024-02-01', '2024-02-29', { from: '2024-02-01', to: '2024-02-29' }],
    ['a month but its last day', '2024-02-01', '2024-02-28', null],
    ['across a new year', '2025-11-15', '2026-02-03', { from: '2025-12-01', to: '2026-01-31' }],
    ['two part months', '2026-10-02', '2026-11-30', { from: '2026-11-01', to: '2026-11-30' }],
    ['within a month', '2026-11-02', '2026-11-29', null],
    ['one day', '2026-11-01', '2026-11-01', null],
  ])('%s', (_, from, to, expected) => {
    expect(wholeMonths(from, to)).toEqual(expected)
  })
})

describe('monthRead', () => {
  it('reads a whole month from the monthly rollup, the running one guarded, and a late start by day', () => {
    expect(monthRead({ from: '2026-02-01', to: '2026-02-28' })).toBe('whole')
    expect(monthRead({ from: '2024-02-01', to: '2024-02-29' })).toBe('whole')
    expect(monthRead({ from: '2024-02-01', to: '2024-02-28' })).toBe('running')
    expect(monthRead({ from: '2026-11-01', to: '2026-11-27' })).toBe('running')
    expect(monthRead({ from: '2026-01-15', to: '2026-01-31' })).toBe('days')
  })
  it('knows month ends', () => {
    expect(['2026-12-05', '2026-04-30', '2100-02-01'].map(monthEnd)).toEqual(['2026-12-31', '2026-04-30', '2100-02-28'])
  })
})

describe('customersByChannelDay', () => {
  it('reads rows by day and channel from the per-channel days, unless a place, a product or hours are involved', () => {
    expect(customersByChannelDay(q(), ['day', 'channel'], true)).toBe(true)
    expect(customersByChannelDay(q({ channel: ['tmall'] }), ['channel', 'day'], true)).toBe(true)
    expect(customersByChannelDay(q({ region: ['east'] }), ['day', 'channel'], true)).toBe(false)
    expect(customersByChannelDay(q({ sku: ['SKU-1'] }), ['day', 'channel'], true)).toBe(false)
    expect(customersByChannelDay(q(), ['day'], true)).toBe(false)
    expect(customersByChannelDay(q(), ['week', 'channel'], true)).toBe(false)
    expect(customersByChannelDay(q(), ['day', 'channel'], false)).toBe(false)
  })
})
