import { describe, expect, it } from 'vitest'
import { moneyShare, rfmLabel, share } from './format'

describe('customer formatting', () => {
  it('formats shares, money shares and RFM classes', () => {
    expect(moneyShare('250.00', '1000.00')).toBe('25.0%')
    expect(moneyShare('0.01', '0.03')).toBe('33.3%')
    expect(moneyShare('5.00', '0.00')).toBe('—')
    expect(share(1, 3)).toBe('33.3%')
    expect(share(1, 0)).toBe('—')
    expect(rfmLabel('champions', 'zh')).toBe('重要价值')
    expect(rfmLabel('at_risk', 'en')).toBe('At risk')
  })
})
