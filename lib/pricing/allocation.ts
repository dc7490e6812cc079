/**
 * Splitting an amount of cents over lines in proportion to their weights (largest remainder):
 * every share is a whole cent, the shares add up to the amount exactly, and no share exceeds
 * its line's weight when the amount does not exceed the total weight.
 */
export function allocateProRata(amount: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`amount must be a non-negative whole number of cents, got ${amount}`)
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be non-negative whole numbers')
  const total = weights.reduce((s, w) => s + w, 0)
  if (amount === 0) return weights.map(() => 0)
  if (total === 0) throw new RangeError(`cannot allocate ${amount} over lines that weigh nothing`)
  // BigInt: amount × weight can pass 2^53 for large orders.
  const big = BigInt(amount)
  const bigTotal = BigInt(total)
  const shares = weights.map((w) => (big * BigInt(w)) / bigTotal)
  const remainders = weights.map((w, i) => ({ i, r: (big * BigInt(w)) % bigTotal }))
  let left = Number(big - shares.reduce((s, x) => s + x, 0n))
  // Largest remainder first; ties go to the earlier line, so the result is deterministic.
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))
  for (const { i } of remainders) {
    if (left === 0) break
    shares[i]! += 1n
    left--
  }
  return shares.map(Number)
}

/** round(value × basisPoints / 10 000), half away from zero, exact for any size. */
export function applyBasisPoints(cents: number, basisPoints: number): number {
  const n = BigInt(cents) * BigInt(basisPoints)
  const q = n / 10_000n
  const r = n % 10_000n
  return Number(r * 2n >= 10_000n ? q + 1n : q)
}

/** A percentage given with at most two decimals ("12.5" %) as basis points (1250). */
export function percentToBasisPoints(percent: number): number {
  return Math.round(percent * 100)
}
