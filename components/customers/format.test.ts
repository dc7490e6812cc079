import { describe, expect, it } from 'vitest'
import { centsToMoney, rfmLabel, share } from './format'

describe('customer formatting', () => {
  it('formats cents, shares and RFM classes', () => {
    expect(centsToMoney(123456)).toBe('1234.56')
    expect(centsToMoney(-5)).toBe('-0.05')
    expect(share(1, 3)).toBe('33.3%')
    expect(share(1, 0)).toBe('—')
    expect(rfmLabel('champions', 'zh')).toBe('重要价值')
    expect(rfmLabel('at_risk', 'en')).toBe('At risk')
  })
})
