import { z } from 'zod'
import { fromCents, moneySchema, toCents } from '@/lib/money'
import { applyBasisPoints, percentToBasisPoints } from '@/lib/pricing/allocation'
import { percentSchema } from '@/lib/pricing/price-list'

/**
 * Volume rebates: per quarter, a distributor whose net invoiced volume reaches a bracket earns
 * that bracket's percentage of the whole volume (the highest bracket reached applies). The
 * settlement of a period nets off what was already paid out for it.
 */
export const rebateBracketsSchema = z
  .array(z.object({ min_volume: moneySchema, percent: percentSchema }))
  .max(20)
  .superRefine((brackets, ctx) => {
    brackets.forEach((b, i) => {
      const prev = brackets[i - 1]
      if (!prev) return
      if (toCents(b.min_volume) <= toCents(prev.min_volume)) ctx.addIssue({ code: 'custom', path: [i, 'min_volume'], message: `must be above the previous bracket's ${prev.min_volume}` })
      else if (b.percent < prev.percent) ctx.addIssue({ code: 'custom', path: [i, 'percent'], message: `a higher volume cannot earn less than the previous bracket's ${prev.percent} %` })
    })
  })
export type RebateBracketSpec = z.infer<typeof rebateBracketsSchema>[number]
export type RebateBracket = { min_volume_cents: number; basis_points: number }

export const toRebateBracket = (b: RebateBracketSpec): RebateBracket => ({ min_volume_cents: toCents(b.min_volume), basis_points: percentToBasisPoints(b.percent) })
export const toRebateBracketSpec = (b: RebateBracket): RebateBracketSpec => ({ min_volume: fromCents(b.min_volume_cents), percent: b.basis_points / 100 })

/** The rebate earned on a period's volume: the highest bracket reached, applied to all of it. */
export function rebateEarned(brackets: readonly RebateBracket[], volumeCents: number): { basis_points: number; rebate_cents: number } {
  const reached = brackets.filter((b) => volumeCents > 0 && b.min_volume_cents <= volumeCents)
  const best = reached.reduce<RebateBracket | null>((a, b) => (a === null || b.min_volume_cents > a.min_volume_cents ? b : a), null)
  if (!best) return { basis_points: 0, rebate_cents: 0 }
  return { basis_points: best.basis_points, rebate_cents: applyBasisPoints(volumeCents, best.basis_points) }
}

export const periodSchema = z.string().regex(/^\d{4}Q[1-4]$/, 'a quarter such as 2026Q4')

/** A quarter's first and last local day, e.g. 2026Q4 → 2026-10-01 … 2026-12-31. */
export function periodDays(period: string): { from: string; to: string } {
  const year = Number(period.slice(0, 4))
  const q = Number(period.slice(5))
  const first = (q - 1) * 3 + 1
  const last = new Date(Date.UTC(year, first + 2, 0)).getUTCDate()
  const mm = (m: number) => String(m).padStart(2, '0')
  return { from: `${year}-${mm(first)}-01`, to: `${year}-${mm(first + 2)}-${last}` }
}

/** The quarter a local day (YYYY-MM-DD) falls in. */
export function periodOf(day: string): string {
  return `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`
}
