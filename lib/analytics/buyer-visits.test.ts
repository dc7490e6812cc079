import { describe, expect, it } from 'vitest'
import { visitHorizon, visitsCount } from './buyer-visits'
import { rangeQuerySchema, type Dimension } from './filters'

const VISITS = { horizon: '2026-11-27', table: 'buyer_visits', lastVisitCounts: 'buyer_last_visit_counts', lastVisits: 'buyer_last_visits' }
const q = (from: string, to: string, filters: Record<string, string[]> = {}) => rangeQuerySchema.parse({ from, to, ...filters })

describe('visitsCount', () => {
  it.each<[string, ReturnType<typeof q>, Dimension[], boolean]>([
    ['by channel, the range running past the horizon', q('2026-10-30', '2026-11-28'), ['channel'], true],
    ['by category, before the horizon', q('2026-09-30', '2026-10-29'), ['category'], true],
    ['a total ending by the horizon', q('2026-09-30', '2026-11-27'), [], true],
    ['a total reading later days over four days or more', q('2026-11-25', '2026-11-28'), [], true],
    ['a total reading later days over less (grouping is faster)', q('2026-11-26', '2026-11-28'), [], false],
    ['a total reading later days over a 1 January', q('2026-01-01', '2026-11-28'), [], true],
    ['a range starting after the horizon', q('2026-11-28', '2026-11-28'), ['channel'], false],
    ['by region', q('2026-09-30', '2026-10-29'), ['region'], false],
    ['by SKU', q('2026-09-30', '2026-10-29'), ['sku'], false],
    ['by day', q('2026-09-30', '2026-10-29'), ['day'], false],
    ['by channel × day', q('2026-09-30', '2026-10-29'), ['channel', 'day'], false],
    ['filtered', q('2026-09-30', '2026-10-29', { channel: ['tmall'] }), ['category'], false],
  ])('%s', (_, range, dims, counts) => {
    expect(visitsCount(range, dims, true, VISITS)).toBe(counts)
  })

  it('never without fresh visits, nor when the daily rollups are in another zone', () => {
    expect(visitsCount(q('2026-09-30', '2026-10-29'), ['channel'], true, null)).toBe(false)
    expect(visitsCount(q('2026-09-30', '2026-10-29'), ['channel'], false, VISITS)).toBe(false)
  })

  it('never for the anomaly watch, which reads chosen days of a range', () => {
    expect(visitsCount({ ...q('2026-09-30', '2026-10-29'), days: ['2026-10-01'] }, ['channel'], true, VISITS)).toBe(false)
  })
})

describe('visitHorizon', () => {
  it("is yesterday in the rollups' zone", () => {
    // 23:30 UTC on the 27th is already the 28th in Shanghai.
    expect(visitHorizon(new Date('2026-11-27T23:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-27')
    expect(visitHorizon(new Date('2026-11-27T23:30:00Z'), 'UTC')).toBe('2026-11-26')
  })
})
