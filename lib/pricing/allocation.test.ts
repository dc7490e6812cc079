import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateProRata, applyBasisPoints } from './allocation'

describe('allocateProRata', () => {
  it('splits by weight and gives the leftover cents to the largest remainders', () => {
    expect(allocateProRata(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(allocateProRata(1000, [19_900, 12_950, 3_990])).toEqual([540, 352, 108]) // 540.17, 351.52, 108.31
    expect(allocateProRata(0, [5, 5])).toEqual([0, 0])
    expect(allocateProRata(7, [0, 10])).toEqual([0, 7])
  })

  it('refuses what cannot be allocated', () => {
    expect(() => allocateProRata(5, [0, 0])).toThrow(/weigh nothing/)
    expect(() => allocateProRata(-1, [1])).toThrow(RangeError)
    expect(() => allocateProRata(1.5, [1])).toThrow(RangeError)
  })

  it('always sums exactly, never exceeds a line, and is within a cent of the exact share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 30 }).filter((w) => w.some((x) => x > 0)), fc.double({ min: 0, max: 1, noNaN: true }), (weights, fraction) => {
        const total = weights.reduce((s, w) => s + w, 0)
        const amount = Math.floor(total * fraction)
        const shares = allocateProRata(amount, weights)
        expect(shares.reduce((s, x) => s + x, 0)).toBe(amount)
        shares.forEach((s, i) => {
          expect(s).toBeGreaterThanOrEqual(0)
          expect(s).toBeLessThanOrEqual(weights[i]!)
          expect(Math.abs(s - (amount * weights[i]!) / total)).toBeLessThan(1 + 1e-9)
        })
      }),
    )
  })
})

describe('applyBasisPoints', () => {
  it('rounds half away from zero, exactly for large amounts', () => {
    expect(applyBasisPoints(19_900, 1250)).toBe(2488) // 2487.5
    expect(applyBasisPoints(999, 1000)).toBe(100) // 99.9
    expect(applyBasisPoints(9_000_000_000_000, 333)).toBe(299_700_000_000)
  })
})
