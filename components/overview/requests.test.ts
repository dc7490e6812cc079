import { describe, expect, it } from 'vitest'
import { DEFAULT_VIEW } from '@/components/drill/state'
import { SALES_KPIS } from '@/lib/analytics/kpis'
import { overviewBreakdowns, overviewRequests } from './requests'

const NOW = new Date('2026-11-28T03:00:00Z') // 11:00 in Shanghai

describe('overviewRequests', () => {
  it('asks, for the default view, for the last 7 days compared, the trend by day (and by channel, sales only), the channel and category panels compared, and four top 10s of sales', () => {
    const r = overviewRequests(DEFAULT_VIEW, NOW, 'Asia/Shanghai')
    expect(r.kpis).toEqual({ range: { from: '2026-11-22', to: '2026-11-28' }, filters: {}, compare: 'previous' })
    const sales = SALES_KPIS.join()
    expect(overviewBreakdowns(r).map((b) => [b.by, b.split ?? null, b.compare, b.limit ?? null, b.fields?.join() ?? 'all'])).toEqual([
      ['day', null, null, null, 'all'],
      ['day', 'channel', null, null, sales],
      ['channel', null, 'previous', null, 'all'],
      ['category', null, 'previous', null, 'all'],
      ['region', null, null, 10, sales],
      ['store', null, null, 10, sales],
      ['category', null, null, 10, sales],
      ['sku', null, null, 10, sales],
    ])
  })

  it('follows the drill: filters on every call, the geo panel one level down, months for a year', () => {
    const r = overviewRequests({ ...DEFAULT_VIEW, range: { preset: 'ytd' }, compare: 'none', filters: { channel: 'tmall', region: 'east' } }, NOW, 'Asia/Shanghai')
    expect(r.kpis).toEqual({ range: { from: '2026-01-01', to: '2026-11-28' }, filters: { channel: ['tmall'], region: ['east'] }, compare: null })
    expect(r.levels).toEqual({ time: 'month', geo: 'city', product: 'category' })
    expect(overviewBreakdowns(r).every((b) => b.filters === r.kpis.filters)).toBe(true)
  })
})
