import { KPI_KEYS, type KpiKey } from '@/lib/analytics/kpis'
import { fromCents } from '@/lib/money'

/**
 * What an ROI programme can track. Every KPI of lib/analytics (the dashboards' KPIs and
 * inventory turnover days) plus the ROI-only ones derived from them and from manual measures.
 * Each has a direction (is lower or higher better) and a unit; money is integer cents inside
 * and a "12.50" string outside, every other unit is a plain number (rates as fractions).
 */
export type Unit = 'money' | 'rate' | 'hours' | 'days' | 'count' | 'ratio' | 'score'
export type Direction = 'lower' | 'higher'

export const ROI_ONLY_KPIS = ['daily_net_revenue', 'orders_per_staff_hour', 'labour_cost_per_order', 'customer_satisfaction', 'partner_satisfaction'] as const
export const ROI_KPIS = [...KPI_KEYS, 'inventory_turnover_days', ...ROI_ONLY_KPIS] as const
export type RoiKpi = (typeof ROI_KPIS)[number]

/** Measures the system cannot see, entered per period by hand (with an audit trail). */
export const MEASURES = ['labour_cost', 'staff_hours', 'customer_satisfaction', 'partner_satisfaction'] as const
export type Measure = (typeof MEASURES)[number]

export type MeasureDef = { unit: Unit; /** sums add up over periods; scores are averaged (weighted by days) */ aggregate: 'sum' | 'average' }
export const MEASURE_DEFS: Record<Measure, MeasureDef> = {
  labour_cost: { unit: 'money', aggregate: 'sum' },
  staff_hours: { unit: 'hours', aggregate: 'sum' },
  customer_satisfaction: { unit: 'score', aggregate: 'average' },
  partner_satisfaction: { unit: 'score', aggregate: 'average' },
}

export type KpiDef = { unit: Unit; direction: Direction; /** where the value comes from */ source: 'data' | 'data+measure' | 'measure' }

const data = (unit: Unit, direction: Direction): KpiDef => ({ unit, direction, source: 'data' })

export const KPI_DEFS: Record<RoiKpi, KpiDef> = {
  net_revenue: data('money', 'higher'),
  gmv: data('money', 'higher'),
  cogs: data('money', 'lower'),
  gross_profit: data('money', 'higher'),
  gross_margin: data('rate', 'higher'),
  orders: data('count', 'higher'),
  aov: data('money', 'higher'),
  customers: data('count', 'higher'),
  new_customers: data('count', 'higher'),
  returning_customers: data('count', 'higher'),
  repurchase_rate: data('rate', 'higher'),
  placed_orders: data('count', 'higher'),
  oversold_orders: data('count', 'lower'),
  oversell_rate: data('rate', 'lower'),
  processing_time_p50_hours: data('hours', 'lower'),
  processing_time_p90_hours: data('hours', 'lower'),
  inventory_turnover_days: data('days', 'lower'),
  daily_net_revenue: data('money', 'higher'),
  orders_per_staff_hour: { unit: 'ratio', direction: 'higher', source: 'data+measure' },
  labour_cost_per_order: { unit: 'money', direction: 'lower', source: 'data+measure' },
  customer_satisfaction: { unit: 'score', direction: 'higher', source: 'measure' },
  partner_satisfaction: { unit: 'score', direction: 'higher', source: 'measure' },
}

/** The KPIs a new programme tracks unless told otherwise (issue 6's list). */
export const DEFAULT_KPIS: readonly RoiKpi[] = [
  'processing_time_p50_hours', 'inventory_turnover_days', 'oversell_rate', 'gross_margin', 'daily_net_revenue',
  'repurchase_rate', 'orders_per_staff_hour', 'labour_cost_per_order',
]

export const isRoiKpi = (k: string): k is RoiKpi => (ROI_KPIS as readonly string[]).includes(k)
export const isAnalyticsKpi = (k: RoiKpi): k is KpiKey => (KPI_KEYS as readonly string[]).includes(k)

const SIGNED_MONEY = /^-?\d{1,13}(\.\d{1,2})?$/

/**
 * A value as the API receives it, to the inside number of its unit: money "12.50" → 1250
 * cents; other units take a finite number. Returns an error sentence when it does not fit.
 */
export function parseValue(unit: Unit, raw: unknown): { ok: true; value: number } | { ok: false; message: string } {
  if (unit === 'money') {
    if (typeof raw !== 'string' || !SIGNED_MONEY.test(raw)) return { ok: false, message: 'must be an amount with at most two decimals as a string, e.g. "12.50"' }
    const negative = raw.startsWith('-')
    const [whole = '0', frac = ''] = (negative ? raw.slice(1) : raw).split('.')
    const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'))
    return { ok: true, value: negative ? -cents : cents }
  }
  if (typeof raw !== 'number' || !Number.isFinite(raw) || Math.abs(raw) > 1e12) return { ok: false, message: 'must be a finite number' }
  if (unit !== 'rate' && raw < 0) return { ok: false, message: 'must not be negative' }
  return { ok: true, value: raw }
}

/** An inside value to what the API answers: money as "12.50", the rest as numbers; null stays null. */
export function externalValue(unit: Unit, value: number | null): string | number | null {
  if (value === null || !Number.isFinite(value)) return null
  return unit === 'money' ? fromCents(Math.round(value)) : value
}
