/**
 * RFM scoring with fixed thresholds (shown in the UI and docs/customers.md): fixed, not
 * quintiles, so a customer's class does not move because other customers bought, and a
 * segment on a class can be computed per customer in one pass over a million customers.
 * The same tables drive the TypeScript scoring and the SQL the segment compiler emits.
 */

/** Recency: days since the last paid order; at most this many days earns the score. */
export const RECENCY_DAYS = [
  { score: 5, maxDays: 30 },
  { score: 4, maxDays: 90 },
  { score: 3, maxDays: 180 },
  { score: 2, maxDays: 365 },
] as const // else 1

/** Frequency: paid orders; at least this many earns the score. */
export const FREQUENCY_ORDERS = [
  { score: 5, minOrders: 10 },
  { score: 4, minOrders: 5 },
  { score: 3, minOrders: 3 },
  { score: 2, minOrders: 2 },
] as const // else 1

/** Monetary: net spend in cents; at least this much earns the score. */
export const MONETARY_CENTS = [
  { score: 5, minCents: 500_000 },
  { score: 4, minCents: 200_000 },
  { score: 3, minCents: 80_000 },
  { score: 2, minCents: 30_000 },
] as const // else 1

export const RFM_CLASSES = ['champions', 'loyal', 'new', 'potential', 'need_attention', 'at_risk', 'hibernating', 'lost', 'no_purchase'] as const
export type RfmClass = (typeof RFM_CLASSES)[number]

/** First match wins; every (R, F) pair in 1..5 × 1..5 matches one rule (a test checks). */
export const RFM_RULES: readonly { cls: Exclude<RfmClass, 'no_purchase'>; r: [number, number]; f: [number, number] }[] = [
  { cls: 'champions', r: [4, 5], f: [4, 5] },
  { cls: 'loyal', r: [3, 5], f: [3, 5] },
  { cls: 'new', r: [5, 5], f: [1, 1] },
  { cls: 'potential', r: [4, 5], f: [1, 3] },
  { cls: 'need_attention', r: [3, 3], f: [1, 2] },
  { cls: 'at_risk', r: [1, 2], f: [3, 5] },
  { cls: 'hibernating', r: [2, 2], f: [1, 2] },
  { cls: 'lost', r: [1, 1], f: [1, 2] },
]

export function recencyScore(daysSinceLastOrder: number): number {
  return RECENCY_DAYS.find((t) => daysSinceLastOrder <= t.maxDays)?.score ?? 1
}
export function frequencyScore(orders: number): number {
  return FREQUENCY_ORDERS.find((t) => orders >= t.minOrders)?.score ?? 1
}
export function monetaryScore(netCents: number): number {
  return MONETARY_CENTS.find((t) => netCents >= t.minCents)?.score ?? 1
}

export type Rfm = { r: number; f: number; m: number; cls: RfmClass }

/** A customer's RFM; no paid order yet is its own class. */
export function rfmOf(c: { orders: number; netCents: number; daysSinceLastOrder: number | null }): Rfm {
  if (c.orders <= 0 || c.daysSinceLastOrder === null) return { r: 0, f: 0, m: 0, cls: 'no_purchase' }
  const r = recencyScore(c.daysSinceLastOrder)
  const f = frequencyScore(c.orders)
  const m = monetaryScore(c.netCents)
  const rule = RFM_RULES.find((x) => r >= x.r[0] && r <= x.r[1] && f >= x.f[0] && f <= x.f[1])!
  return { r, f, m, cls: rule.cls }
}

/**
 * The same scoring as ClickHouse expressions over the given columns (trusted names from code).
 * Thresholds are constants of this module, written as numbers: no input reaches this text.
 */
export function rfmSql(cols: { days: string; orders: string; netCents: string }) {
  const r = `multiIf(${RECENCY_DAYS.map((t) => `${cols.days} <= ${t.maxDays}, ${t.score}`).join(', ')}, 1)`
  const f = `multiIf(${FREQUENCY_ORDERS.map((t) => `${cols.orders} >= ${t.minOrders}, ${t.score}`).join(', ')}, 1)`
  const m = `multiIf(${MONETARY_CENTS.map((t) => `${cols.netCents} >= ${t.minCents}, ${t.score}`).join(', ')}, 1)`
  return { r, f, m }
}

/** The class from score columns: 'no_purchase' when there is no paid order. */
export function rfmClassSql(cols: { r: string; f: string; orders: string }): string {
  const arms = RFM_RULES.map((x) => `${cols.r} BETWEEN ${x.r[0]} AND ${x.r[1]} AND ${cols.f} BETWEEN ${x.f[0]} AND ${x.f[1]}, '${x.cls}'`)
  return `multiIf(${cols.orders} <= 0, 'no_purchase', ${arms.join(', ')}, 'lost')`
}
