import { describe, expect, it } from 'vitest'
import { countedMonths, settledPeriodEnds, visitCountsSql, visitHorizon, visitsCount } from './buyer-visits'
import { rangeQuerySchema, type Dimension } from './filters'

const VISITS = { horizon: '2026-11-27', table: 'buyer_visits', lastVisitCounts: 'buyer_last_visit_counts', lastVisits: 'buyer_last_visits', monthCounts: 'buyer_month_counts' }
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

describe('settledPeriodEnds', () => {
  it.each<[string, string[]]>([
    ['2026-11-27', ['2025-12-31', '2026-09-30', '2026-10-31']],
    ['2026-02-14', ['2025-12-31', '2026-01-31']],
    ['2026-04-01', ['2025-12-31', '2026-03-31']],
    ['2026-03-31', ['2025-12-31']],
    ['2026-12-31', []],
    ['2027-01-05', ['2026-12-31']],
  ])('before the horizon %s: the last days of the month, quarter and year before today’s', (horizon, ends) => {
    expect(settledPeriodEnds(horizon)).toEqual(ends)
  })
})

describe('visitCountsSql', () => {
  const asOf = (from: string, to: string) => visitCountsSql(q(from, to), ['channel'], true, VISITS)
  it('sums the last visits as of the range’s end when it ends a settled period, and the horizon when it reaches it', () => {
    expect(asOf('2025-01-04', '2025-12-31').params).toMatchObject({ visit_as_of: '2025-12-31' })
    expect(asOf('2026-10-01', '2026-10-31').params).toMatchObject({ visit_as_of: '2026-10-31' })
    expect(asOf('2026-10-30', '2026-11-27').params).toMatchObject({ visit_as_of: '2026-11-27' })
    expect(asOf('2026-10-30', '2026-11-28').params).toMatchObject({ visit_as_of: '2026-11-27' })
    for (const r of [asOf('2025-01-04', '2025-12-31'), asOf('2026-10-30', '2026-11-28')]) expect(r.sql).toContain(`FROM ${VISITS.lastVisitCounts} AS c WHERE as_of = toDate({visit_as_of:String})`)
  })
  it('reads the visits for a range ending on another settled day', () => {
    const r = asOf('2026-10-01', '2026-10-30')
    expect(r.sql).toContain(`FROM ${VISITS.table} WHERE`)
    expect(r.sql).not.toContain(VISITS.lastVisitCounts)
  })
})

describe('countedMonths', () => {
  it.each<[string, ReturnType<typeof q>, Dimension[], { from: string; to: string } | null]>([
    ['a year to date by month: its whole months by the horizon', q('2026-01-01', '2026-11-28'), ['month'], { from: '2026-01-01', to: '2026-10-31' }],
    ['a range starting within a month: the months after it', q('2026-08-31', '2026-11-28'), ['month'], { from: '2026-09-01', to: '2026-10-31' }],
    ['a range ending before the horizon: the months it holds whole', q('2026-01-01', '2026-09-15'), ['month'], { from: '2026-01-01', to: '2026-08-31' }],
    ['no whole month by the horizon', q('2026-10-15', '2026-11-28'), ['month'], null],
    ['by quarter (months do not add up to one)', q('2026-01-01', '2026-11-28'), ['quarter'], null],
    ['by month × channel', q('2026-01-01', '2026-11-28'), ['month', 'channel'], null],
    ['filtered', q('2026-01-01', '2026-11-28', { channel: ['tmall'] }), ['month'], null],
  ])('%s', (_, range, dims, months) => {
    expect(countedMonths(range, dims, true, VISITS)).toEqual(months)
  })

  it('never without fresh visits, nor when the daily rollups are in another zone', () => {
    expect(countedMonths(q('2026-01-01', '2026-11-28'), ['month'], true, null)).toBeNull()
    expect(countedMonths(q('2026-01-01', '2026-11-28'), ['month'], false, VISITS)).toBeNull()
  })
})
