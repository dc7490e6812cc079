import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateProRata, applyBasisPoints, toWholeUnitShares } from './allocation'

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

describe('toWholeUnitShares', () => {
  it('keeps shares a line of q units can carry in whole cents per unit', () => {
    expect(toWholeUnitShares([10, 5], [{ quantity: 3, amount_cents: 300 }, { quantity: 1, amount_cents: 100 }])).toEqual([9, 5])
    // 17 835 over 20 units and 2 165 over 3: 17 820 + 2 163, then one more unit step for the 3-unit line.
    expect(toWholeUnitShares([17_835, 2_165], [{ quantity: 20, amount_cents: 320_000 }, { quantity: 3, amount_cents: 38_850 }])).toEqual([17_820, 2_166])
    // 1 cent over two units cannot be given in whole cents per unit.
    expect(toWholeUnitShares([1], [{ quantity: 2, amount_cents: 200 }])).toEqual([0])
  })

  it('never gives more in total, keeps every share a multiple of its quantity within one cent per unit of the exact share, and is exact for single units', () => {
    const line = fc.record({ quantity: fc.integer({ min: 1, max: 50 }), unit: fc.integer({ min: 1, max: 100_000 }) })
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), fc.double({ min: 0, max: 1, noNaN: true }), (raw, fraction) => {
        const lines = raw.map((l) => ({ quantity: l.quantity, amount_cents: l.quantity * l.unit }))
        const amount = Math.floor(lines.reduce((s, l) => s + l.amount_cents, 0) * fraction)
        const exact = allocateProRata(amount, lines.map((l) => l.amount_cents))
        const whole = toWholeUnitShares(exact, lines)
        const granted = whole.reduce((s, x) => s + x, 0)
        expect(granted).toBeLessThanOrEqual(amount)
        whole.forEach((w, i) => {
          expect(w % lines[i]!.quantity).toBe(0)
          expect(w).toBeGreaterThanOrEqual(0)
          expect(w).toBeLessThanOrEqual(lines[i]!.amount_cents)
          expect(Math.abs(w - exact[i]!)).toBeLessThan(lines[i]!.quantity)
        })
        if (lines.every((l) => l.quantity === 1)) expect(granted).toBe(amount)
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
