import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromCents, moneySchema, toCents } from './money'

describe('money', () => {
  it('converts between decimal strings and cents exactly', () => {
    expect(toCents('12.5')).toBe(1250)
    expect(toCents('0.07')).toBe(7)
    expect(fromCents(1250)).toBe('12.50')
    expect(fromCents(-5)).toBe('-0.05')
    fc.assert(fc.property(fc.nat(), fc.nat(99_999), (hi, lo) => toCents(fromCents(hi * 100_000 + lo)) === hi * 100_000 + lo))
    // plain numbers and BigInt give the same text, sign and all, up to the largest safe integer and past it
    fc.assert(fc.property(fc.maxSafeInteger(), (c) => fromCents(c) === fromCents(BigInt(c))))
    expect(fromCents(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91')
    expect(fromCents(2 ** 60)).toBe(fromCents(2n ** 60n))
  })

  it('refuses amounts that are not money', () => {
    for (const bad of ['-1', '1.234', 'abc', '', '1e3']) expect(moneySchema.safeParse(bad).success).toBe(false)
  })
})
