import { createHash } from 'node:crypto'

/**
 * Campaign lift, pure. Revenue per customer in the campaign window is compared between the
 * treated group (got the coupon) and the random holdout (got none); the difference times the
 * treated count is the incremental revenue. Its uncertainty: Welch's standard error of a
 * difference of means with unequal variances, 95 % interval by the normal approximation
 * (fine from a few dozen customers per group; the Welch–Satterthwaite degrees of freedom are
 * returned so a reader can judge small groups).
 */
export type GroupStats = { n: number; mean: number; variance: number }

export type Lift = {
  /** treated mean − holdout mean, per customer */
  per_customer: number
  incremental: number
  ci_low: number
  ci_high: number
  std_error: number
  degrees_of_freedom: number
  /** true when the interval excludes zero */
  significant: boolean
}

const Z95 = 1.959963984540054

export function incrementalRevenue(treated: GroupStats, holdout: GroupStats): Lift | null {
  if (treated.n < 2 || holdout.n < 2) return null
  const a = treated.variance / treated.n
  const b = holdout.variance / holdout.n
  const se = Math.sqrt(a + b)
  const diff = treated.mean - holdout.mean
  const df = a + b === 0 ? Infinity : (a + b) ** 2 / (a ** 2 / (treated.n - 1) + b ** 2 / (holdout.n - 1))
  const low = (diff - Z95 * se) * treated.n
  const high = (diff + Z95 * se) * treated.n
  return { per_customer: diff, incremental: diff * treated.n, ci_low: low, ci_high: high, std_error: se * treated.n, degrees_of_freedom: df, significant: low > 0 || high < 0 }
}

/** Mean and sample variance (n − 1). */
export function statsOf(values: readonly number[]): GroupStats {
  const n = values.length
  if (n === 0) return { n: 0, mean: 0, variance: 0 }
  const mean = values.reduce((s, v) => s + v, 0) / n
  const variance = n < 2 ? 0 : values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)
  return { n, mean, variance }
}

/**
 * Whether a customer falls in a campaign's holdout: a keyed hash of (seed, customer) read as a
 * uniform number in [0, 1), below the share. Deterministic — the same seed gives the same
 * split on a rerun — and independent of the order or number of members.
 */
export function inHoldout(seed: string, customerId: string, share: number): boolean {
  const h = createHash('sha256').update(`${seed}:${customerId}`).digest()
  return h.readUInt32BE(0) / 2 ** 32 < share
}
