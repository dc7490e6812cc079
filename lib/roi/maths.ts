import type { KpiSnapshot } from '@/lib/analytics/snapshot'
import { toSignedCents } from '@/lib/money'
import { isAnalyticsKpi, MEASURE_DEFS, type Direction, type Measure, type RoiKpi } from './catalogue'

/**
 * The ROI maths, pure: the value of every tracked KPI over a window, improvement, the share of
 * the target reached. Money is integer cents; a value the data cannot give is null (missing),
 * never zero.
 */

const DAY_MS = 86_400_000
const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits

/** Days of an inclusive local range `YYYY-MM-DD`…`YYYY-MM-DD`. */
export function daysOf(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1
}

/** A manual measure entered for one period. Money in cents. */
export type MeasureEntry = { measure: Measure; from: string; to: string; value: number }

/**
 * A measure over a window: the entries whose period lies inside the window — summed for
 * additive measures (labour cost, staff hours), averaged weighted by days for scores. Null
 * when no entry lies inside (missing, not zero).
 */
export function measureInWindow(measure: Measure, entries: readonly MeasureEntry[], from: string, to: string): number | null {
  const inside = entries.filter((e) => e.measure === measure && e.from >= from && e.to <= to)
  if (inside.length === 0) return null
  if (MEASURE_DEFS[measure].aggregate === 'sum') return inside.reduce((s, e) => s + e.value, 0)
  const days = inside.reduce((s, e) => s + daysOf(e.from, e.to), 0)
  return round(inside.reduce((s, e) => s + e.value * daysOf(e.from, e.to), 0) / days)
}

/** A window's analytics KPIs; any may be missing (null or absent). */
export type WindowKpis = { [K in keyof KpiSnapshot]?: KpiSnapshot[K] | null }

/** What a window's KPIs are made of: the analytics snapshot (null when not read) and the measures. */
export type WindowFacts = {
  from: string
  to: string
  kpis: WindowKpis | null
  measures: readonly MeasureEntry[]
}

/** A snapshot field as an inside number: money strings to cents; null or absent stays null. */
function snapshotValue(kpis: WindowKpis | null, key: keyof KpiSnapshot): number | null {
  const v = kpis?.[key]
  if (v === null || v === undefined) return null
  return typeof v === 'string' ? toSignedCents(v) : v
}

/**
 * The value of a tracked KPI over a window:
 * - analytics KPIs and inventory turnover days: the snapshot's figure
 * - daily net revenue: net revenue / days of the window (cents, rounded)
 * - orders per staff hour: paid orders / staff hours entered for the window
 * - labour cost per order: labour cost entered for the window / paid orders (cents, rounded)
 * - satisfaction: the measure entered for the window
 */
export function kpiValue(kpi: RoiKpi, w: WindowFacts): number | null {
  if (isAnalyticsKpi(kpi) || kpi === 'inventory_turnover_days') return snapshotValue(w.kpis, kpi)
  const orders = snapshotValue(w.kpis, 'orders')
  switch (kpi) {
    case 'daily_net_revenue': {
      const net = snapshotValue(w.kpis, 'net_revenue')
      return net === null ? null : Math.round(net / daysOf(w.from, w.to))
    }
    case 'orders_per_staff_hour': {
      const hours = measureInWindow('staff_hours', w.measures, w.from, w.to)
      return orders === null || hours === null || !(hours > 0) ? null : round(orders / hours)
    }
    case 'labour_cost_per_order': {
      const cost = measureInWindow('labour_cost', w.measures, w.from, w.to)
      return orders === null || cost === null || !(orders > 0) ? null : Math.round(cost / orders)
    }
    case 'customer_satisfaction':
    case 'partner_satisfaction':
      return measureInWindow(kpi, w.measures, w.from, w.to)
  }
}

/**
 * Improvement from baseline to current, relative to the baseline, signed so that better is
 * positive: (current − baseline) / |baseline|, negated when lower is better. Null when either
 * is missing or the baseline is zero (no relative change from nothing).
 */
export function improvement(direction: Direction, baseline: number | null, current: number | null): number | null {
  if (baseline === null || current === null || baseline === 0) return null
  const rel = (current - baseline) / Math.abs(baseline)
  return round(direction === 'higher' ? rel : -rel) + 0
}

/**
 * Share of the target reached: (current − baseline) / (target − baseline). 1 = target met,
 * 0 = no move, negative = moved the wrong way, above 1 = beyond the target. The formula needs
 * no direction: a lower-is-better target lies below the baseline. Null when anything is
 * missing or the target equals the baseline.
 */
export function targetShare(baseline: number | null, target: number | null, current: number | null): number | null {
  if (baseline === null || target === null || current === null || target === baseline) return null
  return round((current - baseline) / (target - baseline)) + 0
}

/** The share as drawn (a progress bar): clamped to 0…1. */
export function displayShare(share: number | null): number | null {
  return share === null ? null : Math.min(1, Math.max(0, share))
}

/** Whether the target asks for a move in the KPI's better direction (a target the wrong way is a warning). */
export function targetDirectionOk(direction: Direction, baseline: number | null, target: number): boolean | null {
  if (baseline === null) return null
  return direction === 'higher' ? target >= baseline : target <= baseline
}

export type Baseline = { value: number | null; source: 'computed' | 'manual'; computed: number | null; manual: { by: string; at: string } | null }

/** A manual baseline overrides the computed one; it is marked with who entered it and when. */
export function chooseBaseline(computed: number | null, manual: { value: number; by: string; at: string } | null): Baseline {
  if (manual) return { value: manual.value, source: 'manual', computed, manual: { by: manual.by, at: manual.at } }
  return { value: computed, source: 'computed', computed, manual: null }
}

/** The default windows: baseline = the 90 days before go-live; current = the 30 days ending today. */
export function defaultBaseline(goLive: string): { from: string; to: string } {
  return { from: addDays(goLive, -90), to: addDays(goLive, -1) }
}
export function defaultCurrent(today: string): { from: string; to: string } {
  return { from: addDays(today, -29), to: today }
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

/** The Monday of the ISO week of a day (weeks labelled as in lib/analytics breakdowns). */
export function weekOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`)
  const weekday = (new Date(t).getUTCDay() + 6) % 7
  return new Date(t - weekday * DAY_MS).toISOString().slice(0, 10)
}

/** The weeks of a range, each clipped to the range: [{ week, from, to }]. */
export function weeksOf(from: string, to: string): { week: string; from: string; to: string }[] {
  const out: { week: string; from: string; to: string }[] = []
  for (let week = weekOf(from); week <= to; week = addDays(week, 7)) {
    const end = addDays(week, 6)
    out.push({ week, from: week < from ? from : week, to: end > to ? to : end })
  }
  return out
}

