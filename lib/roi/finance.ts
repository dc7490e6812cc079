import { z } from 'zod'
import { daysOf } from './maths'
import type { RoiKpi } from './catalogue'

/**
 * The finance summary, pure: money saved or gained where a KPI converts to money, each with
 * the figures and assumptions it rests on. Money in integer cents; positive = saved or gained.
 *
 * - processing time: hours saved = (baseline − current p50 hours) × paid orders × labour hours
 *   per processing hour (assumption); money = hours saved × hourly labour cost (assumption)
 * - oversell rate: oversells avoided = (baseline − current rate) × orders placed; money =
 *   oversells avoided × current AOV (revenue kept)
 * - inventory turnover days: capital freed = (baseline − current days) × current daily COGS;
 *   money = capital freed × cost of capital rate (assumption, a year) × days / 365
 * - labour cost per order: (baseline − current) × paid orders
 * - daily net revenue: (current − baseline) × days of the current window (revenue gained)
 */

/** Editable programme settings behind the money conversion; null = not entered (no conversion). */
export const assumptionsSchema = z.object({
  hourly_labour_cost: z.string().regex(/^\d{1,9}(\.\d{1,2})?$/, 'must be an amount with at most two decimals, e.g. "45.00"').nullable().default(null),
  labour_hours_per_processing_hour: z.number().min(0).max(100).nullable().default(null),
  cost_of_capital_rate: z.number().min(0).max(10).nullable().default(null),
})
export type Assumptions = z.infer<typeof assumptionsSchema>
export const NO_ASSUMPTIONS: Assumptions = { hourly_labour_cost: null, labour_hours_per_processing_hour: null, cost_of_capital_rate: null }

export type FinanceKpi = { kpi: RoiKpi; baseline: number | null; current: number | null }

/** Data of the current window the conversions use. Money in cents. */
export type CurrentFacts = { from: string; to: string; orders: number | null; placed_orders: number | null; aov_cents: number | null; cogs_cents: number | null }

export type FinanceItem = {
  kpi: RoiKpi
  kind: 'cost_saving' | 'revenue'
  amount_cents: number | null
  /** The named figures the amount is computed from (money in cents, rates as fractions). */
  inputs: Record<string, number | null>
  /** What is missing when amount is null. */
  missing: string[]
}

const toCents = (yuan: string) => {
  const [w = '0', f = ''] = yuan.split('.')
  return Number(w) * 100 + Number(f.padEnd(2, '0'))
}
const r6 = (x: number) => Math.round(x * 1e6) / 1e6

function item(kpi: RoiKpi, kind: FinanceItem['kind'], inputs: Record<string, number | null>, compute: (v: Record<string, number>) => number): FinanceItem {
  const missing = Object.entries(inputs).filter(([, v]) => v === null || !Number.isFinite(v)).map(([k]) => k)
  if (missing.length > 0) return { kpi, kind, amount_cents: null, inputs, missing }
  return { kpi, kind, amount_cents: Math.round(compute(inputs as Record<string, number>)) + 0, inputs, missing }
}

/** One item per tracked KPI that converts to money, in the order tracked. */
export function financeItems(kpis: readonly FinanceKpi[], facts: CurrentFacts, a: Assumptions): FinanceItem[] {
  const days = daysOf(facts.from, facts.to)
  const out: FinanceItem[] = []
  for (const { kpi, baseline, current } of kpis) {
    switch (kpi) {
      case 'processing_time_p50_hours': {
        const inputs = {
          baseline_hours: baseline, current_hours: current, orders: facts.orders,
          labour_hours_per_processing_hour: a.labour_hours_per_processing_hour,
          hourly_labour_cost_cents: a.hourly_labour_cost === null ? null : toCents(a.hourly_labour_cost),
        }
        const it = item(kpi, 'cost_saving', inputs, (v) => (v.baseline_hours! - v.current_hours!) * v.orders! * v.labour_hours_per_processing_hour! * v.hourly_labour_cost_cents!)
        it.inputs.labour_hours_saved = it.missing.length ? null : r6((baseline! - current!) * facts.orders! * a.labour_hours_per_processing_hour!)
        out.push(it)
        break
      }
      case 'oversell_rate': {
        const it = item(kpi, 'revenue', { baseline_rate: baseline, current_rate: current, placed_orders: facts.placed_orders, aov_cents: facts.aov_cents }, (v) =>
          (v.baseline_rate! - v.current_rate!) * v.placed_orders! * v.aov_cents!)
        it.inputs.oversells_avoided = it.missing.length ? null : r6((baseline! - current!) * facts.placed_orders!)
        out.push(it)
        break
      }
      case 'inventory_turnover_days': {
        const daily = facts.cogs_cents === null ? null : facts.cogs_cents / days
        const it = item(kpi, 'cost_saving', { baseline_days: baseline, current_days: current, daily_cogs_cents: daily === null ? null : Math.round(daily), cost_of_capital_rate: a.cost_of_capital_rate, days }, (v) =>
          (v.baseline_days! - v.current_days!) * daily! * v.cost_of_capital_rate! * (days / 365))
        it.inputs.capital_freed_cents = it.missing.length ? null : Math.round((baseline! - current!) * daily!) + 0
        out.push(it)
        break
      }
      case 'labour_cost_per_order':
        out.push(item(kpi, 'cost_saving', { baseline_cents: baseline, current_cents: current, orders: facts.orders }, (v) => (v.baseline_cents! - v.current_cents!) * v.orders!))
        break
      case 'daily_net_revenue':
        out.push(item(kpi, 'revenue', { baseline_cents: baseline, current_cents: current, days }, (v) => (v.current_cents! - v.baseline_cents!) * v.days!))
        break
      default:
        break
    }
  }
  return out
}

/** The total of the items that could be converted. */
export function financeTotal(items: readonly FinanceItem[]): number {
  return items.reduce((s, i) => s + (i.amount_cents ?? 0), 0)
}
