import { describe, expect, it } from 'vitest'
import { incrementalRevenue, inHoldout, statsOf } from './lift'

describe('incrementalRevenue', () => {
  it('is the difference in revenue per customer times the treated count, with a Welch 95 % interval', () => {
    const treated = statsOf([100, 200, 300, 400]) // mean 250, variance 16,666.67
    const holdout = statsOf([100, 150]) // mean 125, variance 1,250
    const lift = incrementalRevenue(treated, holdout)!
    expect(lift.per_customer).toBe(125)
    expect(lift.incremental).toBe(500)
    const se = Math.sqrt(16_666.666666666668 / 4 + 1250 / 2) // 68.47
    expect(lift.std_error).toBeCloseTo(se * 4, 9)
    expect(lift.ci_low).toBeCloseTo((125 - 1.959963984540054 * se) * 4, 9)
    expect(lift.ci_high).toBeCloseTo((125 + 1.959963984540054 * se) * 4, 9)
    // Welch–Satterthwaite: (a + b)² / (a²/(n₁−1) + b²/(n₂−1))
    const [a, b] = [16_666.666666666668 / 4, 1250 / 2]
    expect(lift.degrees_of_freedom).toBeCloseTo((a + b) ** 2 / (a ** 2 / 3 + b ** 2 / 1), 9)
    expect(lift.significant).toBe(false)
  })

  it('is significant when the interval excludes zero, and undefined for groups under two', () => {
    const lift = incrementalRevenue({ n: 1000, mean: 120, variance: 400 }, { n: 1000, mean: 100, variance: 400 })!
    expect(lift.incremental).toBe(20_000)
    expect(lift.significant).toBe(true)
    expect(lift.ci_low).toBeGreaterThan(0)
    expect(incrementalRevenue({ n: 1, mean: 1, variance: 0 }, { n: 5, mean: 1, variance: 1 })).toBeNull()
    expect(incrementalRevenue({ n: 5, mean: 2, variance: 0 }, { n: 5, mean: 1, variance: 0 })).toMatchObject({ incremental: 5, ci_low: 5, ci_high: 5, significant: true })
  })

  it('computes mean and sample variance', () => {
    expect(statsOf([])).toEqual({ n: 0, mean: 0, variance: 0 })
    expect(statsOf([7])).toEqual({ n: 1, mean: 7, variance: 0 })
    expect(statsOf([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, mean: 5, variance: 32 / 7 })
  })
})

describe('inHoldout', () => {
  it('splits deterministically near the share, independent of order', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `C-${i}`)
    const picked = ids.filter((id) => inHoldout('seed-1', id, 0.1))
    expect(picked.length / ids.length).toBeGreaterThan(0.09)
    expect(picked.length / ids.length).toBeLessThan(0.11)
    expect([...ids].reverse().filter((id) => inHoldout('seed-1', id, 0.1)).reverse()).toEqual(picked)
    expect(ids.filter((id) => inHoldout('seed-2', id, 0.1))).not.toEqual(picked)
    expect(ids.some((id) => inHoldout('x', id, 0))).toBe(false)
  })
})
