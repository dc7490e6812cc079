import { describe, expect, it } from 'vitest'
import { limitPushable, narrowTo } from './breakdown'
import { breakdownQuerySchema, rangeQuerySchema } from './filters'

describe('limitPushable', () => {
  it('picks a top N of SKUs by a sales KPI before the rest', () => {
    expect(limitPushable(['sku'], undefined, 20)).toBe(true)
    expect(limitPushable(['sku', 'channel'], 'gross_profit', 20)).toBe(true)
    expect(limitPushable(['sku'], 'aov', 5)).toBe(true)
  })
  it('not without a limit, by a customer or order-flow KPI, without SKUs, or with time', () => {
    expect(limitPushable(['category'], 'net_revenue', 5)).toBe(false)
    expect(limitPushable(['sku'], undefined, undefined)).toBe(false)
    expect(limitPushable(['sku'], 'customers', 20)).toBe(false)
    expect(limitPushable(['sku'], 'repurchase_rate', 20)).toBe(false)
    // A channel with orders placed and none paid is a member by order flow alone.
    expect(limitPushable(['channel'], 'net_revenue', 3)).toBe(false)
    expect(limitPushable(['sku', 'day'], 'net_revenue', 20)).toBe(false)
  })
})

describe('narrowTo', () => {
  it('turns each dimension into a filter of the members it takes among the rows', () => {
    const q = rangeQuerySchema.parse({ from: '2026-11-01', to: '2026-11-30', channel: ['tmall', 'jd'], region: ['east'] })
    const narrowed = narrowTo(q, ['sku', 'channel'], [
      { sku: 'SKU-2', channel: 'tmall' },
      { sku: 'SKU-1', channel: 'tmall' },
      { sku: 'SKU-2', channel: 'jd' },
    ])
    expect(narrowed).toMatchObject({ sku: ['SKU-1', 'SKU-2'], channel: ['jd', 'tmall'], region: ['east'], from: '2026-11-01', to: '2026-11-30' })
    expect(q.sku).toEqual([])
  })
})

describe('breakdown fields', () => {
  const parse = (extra: Record<string, unknown>) => breakdownQuerySchema.safeParse({ from: '2026-11-01', to: '2026-11-30', by: 'channel', ...extra })
  it('takes KPI names, comma-separated or repeated; every KPI when absent', () => {
    expect(parse({ fields: 'net_revenue,gross_margin' }).data?.fields).toEqual(['net_revenue', 'gross_margin'])
    expect(parse({ fields: ['net_revenue', 'customers,aov'] }).data?.fields).toEqual(['net_revenue', 'customers', 'aov'])
    expect(parse({}).data?.fields).toBeUndefined()
  })
  it('refuses a name that is no KPI, naming the parameter', () => {
    const r = parse({ fields: 'net_revenue,profit' })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.path).toEqual(['fields', 1])
    expect(parse({ fields: '' }).success).toBe(false)
  })
})
