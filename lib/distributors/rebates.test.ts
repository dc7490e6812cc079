import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { periodDays, periodOf, rebateBracketsSchema, rebateEarned, toRebateBracket } from './rebates'

const brackets = rebateBracketsSchema
  .parse([
    { min_volume: '100000.00', percent: 1 },
    { min_volume: '300000.00', percent: 2.5 },
  ])
  .map(toRebateBracket)

describe('rebates', () => {
  it('applies the highest bracket reached to the whole volume', () => {
    expect(rebateEarned(brackets, 9_999_999)).toEqual({ basis_points: 0, rebate_cents: 0 })
    expect(rebateEarned(brackets, 10_000_000)).toEqual({ basis_points: 100, rebate_cents: 100_000 })
    expect(rebateEarned(brackets, 31_234_567)).toEqual({ basis_points: 250, rebate_cents: 780_864 }) // 780 864.175
    expect(rebateEarned([], 31_234_567).rebate_cents).toBe(0)
    expect(rebateEarned(brackets, -5).rebate_cents).toBe(0)
  })

  it('never earns less for more volume', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), fc.integer({ min: 0, max: 1e9 }), (v, more) => {
      expect(rebateEarned(brackets, v + more).rebate_cents).toBeGreaterThanOrEqual(rebateEarned(brackets, v).rebate_cents)
    }))
  })

  it('refuses brackets out of order or with falling percentages, naming the field', () => {
    const r = rebateBracketsSchema.safeParse([
      { min_volume: '300.00', percent: 2 },
      { min_volume: '100.00', percent: 3 },
      { min_volume: '500.00', percent: 1 },
    ])
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['1.min_volume', '2.percent'])
  })

  it('maps quarters to local days and back', () => {
    expect(periodDays('2026Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' })
    expect(periodDays('2024Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' })
    expect(periodDays('2026Q2')).toEqual({ from: '2026-04-01', to: '2026-06-30' })
    expect(periodOf('2026-11-27')).toBe('2026Q4')
    expect(periodOf('2026-03-31')).toBe('2026Q1')
  })
})
