import { fromCents, toSignedCents } from '@/lib/money'
import type { BreakdownKpis } from './kpis'

export const COMPARISONS = ['previous', 'yoy'] as const
export type Comparison = (typeof COMPARISONS)[number]

const DAY = 86_400_000
const day = (d: string) => Date.parse(`${d}T00:00:00Z`)
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * The range a KPI is compared with: `previous` is the same number of days just before;
 * `yoy` the same calendar dates a year earlier (29 February becomes the 28th).
 */
export function comparisonRange(from: string, to: string, mode: Comparison): { from: string; to: string } {
  if (mode === 'previous') {
    const days = (day(to) - day(from)) / DAY + 1
    return { from: iso(day(from) - days * DAY), to: iso(day(from) - DAY) }
  }
  const lastYear = (d: string) => {
    const [y, m, dd] = d.split('-').map(Number) as [number, number, number]
    const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate() // days in that month last year
    return `${y - 1}-${String(m).padStart(2, '0')}-${String(Math.min(dd, last)).padStart(2, '0')}`
  }
  return { from: lastYear(from), to: lastYear(to) }
}

export type KpiChange = { previous: string | number | null; change: string | number | null; change_pct: number | null }

/**
 * How far the comparison range lies before the current one, so that its time members can be
 * relabelled as the current members they compare with: `previous` by the range's length in
 * days, `yoy` by one calendar year.
 */
export function comparisonShift(from: string, to: string, mode: Comparison): { days: number; years: number } {
  return mode === 'previous' ? { days: (day(to) - day(from)) / DAY + 1, years: 0 } : { days: 0, years: 1 }
}

/** For each KPI: the comparison value, the difference, and the relative change. */
export function kpiChanges<K extends BreakdownKpis>(current: K, previous: K): Record<keyof K, KpiChange> {
  const out = {} as Record<keyof K, KpiChange>
  for (const key of Object.keys(current) as (keyof K)[]) {
    const now = current[key] as string | number | null
    const then = previous[key] as string | number | null
    if (now === null || then === null) {
      out[key] = { previous: then, change: null, change_pct: null }
    } else if (typeof now === 'string' && typeof then === 'string') {
      const diff = toSignedCents(now) - toSignedCents(then)
      const base = toSignedCents(then)
      out[key] = { previous: then, change: fromCents(diff), change_pct: base !== 0 ? pct(diff / Math.abs(base)) : null }
    } else {
      const diff = Number(now) - Number(then)
      out[key] = { previous: then, change: Math.round(diff * 1e6) / 1e6, change_pct: Number(then) !== 0 ? pct(diff / Math.abs(Number(then))) : null }
    }
  }
  return out
}

const pct = (x: number) => Math.round(x * 1e6) / 1e6
