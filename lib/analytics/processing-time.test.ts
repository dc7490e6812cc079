import { describe, expect, it } from 'vitest'
import { TABLES } from '@/lib/clickhouse/tables'
import { rangeQuerySchema, type Dimension } from './filters'
import { ORDER_FILTERS } from './order-flow'
import { processingTimeInTwoPasses, processingTimeRowsSql, processingTimeSql, shipmentSource } from './processing-time'

const q = (filters: Record<string, string[]> = {}) => rangeQuerySchema.parse({ from: '2026-01-01', to: '2026-11-30', ...filters })

describe('shipmentSource', () => {
  const fine = { place: false, times: TABLES.orderShipmentTimesByChannel, filters: ['channel'] }
  const coarse = { place: true, times: TABLES.orderShipmentTimes, filters: [...ORDER_FILTERS] }
  it.each<[string, Record<string, string[]>, object]>([
    ['no filter', {}, fine],
    ['a channel', { channel: ['tmall'] }, fine],
    ['a category (not order-level: ignored)', { category: ['snacks'] }, fine],
    ['a region', { region: ['east'] }, coarse],
    ['a city and a channel', { city: ['Shanghai'], channel: ['jd'] }, coarse],
    ['a store', { store: ['ST-1'] }, coarse],
  ])('reads the buckets both passes can filter by for %s', (_, filters, source) => {
    expect(shipmentSource(q(filters), ORDER_FILTERS)).toEqual(source)
  })

  it('reads the per-place buckets for rows by place', () => {
    expect(shipmentSource(q(), ORDER_FILTERS, ['store'])).toEqual(coarse)
    expect(shipmentSource(q(), ORDER_FILTERS, ['month', 'channel'])).toEqual(fine)
  })
})

describe('processingTimeSql', () => {
  it('filters both passes alike and binds every value', () => {
    const { sql, params } = processingTimeSql(q({ channel: ['tmall'], store: ['ST-1'], sku: ['SKU-1'] }), ORDER_FILTERS)
    expect(sql).toContain(`FROM ${TABLES.orderShipmentBuckets} WHERE`)
    expect(sql).toContain(`FROM ${TABLES.orderShipmentTimes} WHERE bucket IN (pick.2, pick.4)`)
    expect(sql.match(/channel IN \{p0_f_channel:Array\(String\)\}/g)).toHaveLength(2)
    expect(sql.match(/location_id IN \{p0_f_store:Array\(String\)\}/g)).toHaveLength(2)
    expect(sql).not.toContain('sku')
    expect(params).toMatchObject({ p0_day_from: '2026-01-01', p0_day_to: '2026-11-30', p0_f_channel: ['tmall'], p0_f_store: ['ST-1'] })
    expect(sql).not.toContain('tmall')
  })

  it('reads the whole months of the fine counts by month and the days around them by day', () => {
    const { sql, params } = processingTimeSql(rangeQuerySchema.parse({ from: '2025-12-15', to: '2026-11-28', channel: ['jd'] }), ORDER_FILTERS)
    expect(sql).toContain(`FROM ${TABLES.orderShipmentFineBuckets}`)
    expect(sql).toContain('(day < toDate({p0_months_from:String}) OR day > toDate({p0_months_to:String}))')
    expect(sql).toContain(`FROM ${TABLES.orderShipmentFineBucketsMonthly})`)
    expect(sql).toContain('day >= toDate({p0_months_from:String}) AND day <= toDate({p0_months_to:String}) AND channel IN {p0_f_channel:Array(String)}')
    expect(sql).toContain(`FROM ${TABLES.orderShipmentTimesByChannel} WHERE bucket IN (pick.2, pick.4)`)
    expect(params).toMatchObject({ p0_months_from: '2026-01-01', p0_months_to: '2026-10-31', p0_f_channel: ['jd'] })
  })

  it('reads the fine counts by day alone when no month is whole or some days are picked', () => {
    const ytd = rangeQuerySchema.parse({ from: '2026-01-01', to: '2026-11-28' })
    for (const range of [rangeQuerySchema.parse({ from: '2026-10-02', to: '2026-11-28' }), { ...ytd, days: ['2026-03-02', '2026-03-09'] }]) {
      const { sql } = processingTimeSql(range, ORDER_FILTERS)
      expect(sql).toContain(`FROM ${TABLES.orderShipmentFineBuckets}`)
      expect(sql).not.toContain(TABLES.orderShipmentFineBucketsMonthly)
    }
  })
})

describe('processingTimeRowsSql', () => {
  it.each<[string, Dimension[], { days: number; years: number }, boolean]>([
    ['by channel', ['channel'], { days: 0, years: 0 }, true],
    ['by month', ['month'], { days: 0, years: 0 }, true],
    ['by quarter, a year on', ['quarter'], { days: 0, years: 1 }, true],
    ['by month, some days on', ['month'], { days: 7, years: 0 }, false],
    ['by channel, some days on', ['channel'], { days: 332, years: 0 }, true],
    ['by week', ['week'], { days: 0, years: 0 }, false],
    ['by day', ['day'], { days: 0, years: 0 }, false],
  ])('reads whole months by month only where every row keeps its members: %s', (_, dims, shift, monthly) => {
    const { sql } = processingTimeRowsSql([{ q: q(), shift }], 'Asia/Shanghai', ORDER_FILTERS, dims, true)
    expect(sql.includes(TABLES.orderShipmentFineBucketsMonthly)).toBe(monthly)
  })
})

describe('processingTimeInTwoPasses', () => {
  it.each([
    ['2026-11-01', '2026-11-01', false],
    ['2026-11-01', '2026-11-30', false],
    ['2026-10-31', '2026-11-30', false],
    ['2026-10-30', '2026-11-30', true],
    ['2026-01-01', '2026-11-28', true],
  ])('over the range, %s … %s: %s', (from, to, two) => {
    expect(processingTimeInTwoPasses(rangeQuerySchema.parse({ from, to }))).toBe(two)
  })

  it.each<[string, string, Dimension[], boolean]>([
    ['2026-08-31', '2026-11-28', ['channel'], false],
    ['2026-05-30', '2026-11-28', ['month'], false],
    ['2026-05-29', '2026-11-28', ['month'], true],
    ['2026-01-01', '2026-11-28', ['store'], true],
    ['2026-01-01', '2026-11-28', ['day', 'channel'], false],
  ])('per row, %s … %s by %s: %s', (from, to, dims, two) => {
    expect(processingTimeInTwoPasses(rangeQuerySchema.parse({ from, to }), dims)).toBe(two)
  })
})
