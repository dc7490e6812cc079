import { describe, expect, it } from 'vitest'
import { frequencyScore, monetaryScore, recencyScore, rfmClassSql, rfmOf, RFM_RULES } from './rfm'

describe('RFM', () => {
  it('scores recency, frequency and money at the thresholds', () => {
    expect([0, 30, 31, 90, 91, 180, 181, 365, 366].map(recencyScore)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1])
    expect([1, 2, 3, 4, 5, 9, 10, 100].map(frequencyScore)).toEqual([1, 2, 3, 3, 4, 4, 5, 5])
    expect([0, 29_999, 30_000, 80_000, 199_999, 200_000, 500_000].map(monetaryScore)).toEqual([1, 1, 2, 3, 3, 4, 5])
  })

  it('classes every (R, F) pair, first rule wins', () => {
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) {
      expect(RFM_RULES.some((x) => r >= x.r[0] && r <= x.r[1] && f >= x.f[0] && f <= x.f[1]), `${r}${f}`).toBe(true)
    }
    expect(rfmOf({ orders: 12, netCents: 900_000, daysSinceLastOrder: 3 })).toEqual({ r: 5, f: 5, m: 5, cls: 'champions' })
    expect(rfmOf({ orders: 3, netCents: 90_000, daysSinceLastOrder: 120 }).cls).toBe('loyal')
    expect(rfmOf({ orders: 1, netCents: 10_000, daysSinceLastOrder: 5 }).cls).toBe('new')
    expect(rfmOf({ orders: 2, netCents: 10_000, daysSinceLastOrder: 60 }).cls).toBe('potential')
    expect(rfmOf({ orders: 1, netCents: 10_000, daysSinceLastOrder: 150 }).cls).toBe('need_attention')
    expect(rfmOf({ orders: 6, netCents: 300_000, daysSinceLastOrder: 300 }).cls).toBe('at_risk')
    expect(rfmOf({ orders: 1, netCents: 10_000, daysSinceLastOrder: 300 }).cls).toBe('hibernating')
    expect(rfmOf({ orders: 2, netCents: 10_000, daysSinceLastOrder: 500 }).cls).toBe('lost')
    expect(rfmOf({ orders: 0, netCents: 0, daysSinceLastOrder: null })).toEqual({ r: 0, f: 0, m: 0, cls: 'no_purchase' })
  })

  it('writes the class rules into SQL from the same table', () => {
    const sql = rfmClassSql({ r: 'a_r', f: 'a_f', orders: 'a_orders' })
    for (const x of RFM_RULES) expect(sql).toContain(`'${x.cls}'`)
    expect(sql.startsWith("multiIf(a_orders <= 0, 'no_purchase'")).toBe(true)
  })
})
