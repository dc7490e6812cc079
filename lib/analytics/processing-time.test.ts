import { describe, expect, it } from 'vitest'
import { TABLES } from '@/lib/clickhouse/tables'
import { rangeQuerySchema, type Dimension } from './filters'
import { ORDER_FILTERS } from './order-flow'
import { processingTimeInTwoPasses, processingTimeSql, shipmentBucketCounts } from './processing-time'

const q = (filters: Record<string, string[]> = {}) => rangeQuerySchema.parse({ from: '2026-01-01', to: '2026-11-30', ...filters })

describe('shipmentBucketCounts', () => {
  it.each<[string, Record<string, string[]>, string, string[]]>([
    ['no filter', {}, TABLES.orderShipmentBucketsByChannel, ['channel']],
    ['a channel', { channel: ['tmall'] }, TABLES.orderShipmentBucketsByChannel, ['channel']],
    ['a category (not order-level: ignored)', { category: ['snacks'] }, TABLES.orderShipmentBucketsByChannel, ['channel']],
    ['a region', { region: ['east'] }, TABLES.orderShipmentBuckets, [...ORDER_FILTERS]],
    ['a city and a channel', { city: ['Shanghai'], channel: ['jd'] }, TABLES.orderShipmentBuckets, [...ORDER_FILTERS]],
    ['a store', { store: ['ST-1'] }, TABLES.orderShipmentBuckets, [...ORDER_FILTERS]],
  ])('reads the counts a first pass can filter by for %s', (_, filters, table, applied) => {
    expect(shipmentBucketCounts(q(filters), ORDER_FILTERS)).toEqual({ table, filters: applied })
  })

  it('reads the per-place counts for rows by place', () => {
    expect(shipmentBucketCounts(q(), ORDER_FILTERS, ['store']).table).toBe(TABLES.orderShipmentBuckets)
    expect(shipmentBucketCounts(q(), ORDER_FILTERS, ['month', 'channel']).table).toBe(TABLES.orderShipmentBucketsByChannel)
  })
})

describe('processingTimeSql', () => {
  it('filters both passes alike and binds every value', () => {
    const { sql, params } = processingTimeSql(q({ channel: ['tmall'], store: ['ST-1'], sku: ['SKU-1'] }), ORDER_FILTERS)
    expect(sql).toContain(`FROM ${TABLES.orderShipmentBuckets} WHERE`)
    expect(sql).toContain(`FROM ${TABLES.orderShipmentTimes} WHERE bucket IN (pick.2, pick.4)`)
    expect(sql.match(/channel IN \{f_channel:Array\(String\)\}/g)).toHaveLength(2)
    expect(sql.match(/location_id IN \{f_store:Array\(String\)\}/g)).toHaveLength(2)
    expect(sql).not.toContain('sku')
    expect(params).toMatchObject({ day_from: '2026-01-01', day_to: '2026-11-30', f_channel: ['tmall'], f_store: ['ST-1'] })
    expect(sql).not.toContain('tmall')
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
