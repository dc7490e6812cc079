import { describe, expect, it } from 'vitest'
import { rangeQuerySchema, type Dimension } from './filters'
import { customerGrain, orderFlowGrain, salesGrain } from './grain'

const q = (filters: Record<string, string[]> = {}) => rangeQuerySchema.parse({ from: '2026-11-01', to: '2026-11-30', ...filters })

describe('salesGrain', () => {
  it.each<[string, Record<string, string[]>, Dimension[], string]>([
    ['a total', {}, [], 'daily'],
    ['by channel, region, city, store, category', {}, ['channel', 'store'], 'daily'],
    ['by day, week, month, quarter, year', {}, ['week', 'category'], 'daily'],
    ['filtered by category and place', { category: ['snacks'], city: ['Shanghai'] }, ['region'], 'daily'],
    ['by SKU', {}, ['sku'], 'daily_sku'],
    ['a SKU by channel and day', { sku: ['SKU-1'] }, ['channel', 'day'], 'daily_sku'],
    ['by SKU in a store', { store: ['ST-1'] }, ['sku'], 'hourly'],
    ['a SKU by city', { sku: ['SKU-1'] }, ['city'], 'hourly'],
    ['by hour', {}, ['hour'], 'hourly'],
  ])('%s', (_, filters, dims, grain) => {
    expect(salesGrain(q(filters), dims, true)).toBe(grain)
  })

  it('reads the hourly rollup whenever the daily rollups are in another time zone', () => {
    expect(salesGrain(q(), [], false)).toBe('hourly')
    expect(salesGrain(q(), ['sku'], false)).toBe('hourly')
  })
})

describe('customerGrain', () => {
  it('merges daily customer rows for order-level members and days or coarser', () => {
    expect(customerGrain(q(), [], true)).toBe('daily')
    expect(customerGrain(q({ channel: ['tmall'], region: ['east'] }), ['store', 'month'], true)).toBe('daily')
  })
  it('reads the lines for category, SKU, hours or another time zone', () => {
    expect(customerGrain(q(), ['category'], true)).toBe('lines')
    expect(customerGrain(q({ sku: ['SKU-1'] }), [], true)).toBe('lines')
    expect(customerGrain(q(), ['hour'], true)).toBe('lines')
    expect(customerGrain(q(), [], false)).toBe('lines')
  })
})

describe('orderFlowGrain', () => {
  it('counts per day unless hours are asked or the zone differs', () => {
    expect(orderFlowGrain(['day', 'channel'], true)).toBe('daily')
    expect(orderFlowGrain(['hour'], true)).toBe('events')
    expect(orderFlowGrain([], false)).toBe('events')
  })
})
