/**
 * Pure presentation of ROI figures: values in their unit, the finance items as sentences,
 * the KPI table's columns for CSV. No React here (tested beside it).
 */
import { translate, type Locale } from '@/lib/i18n/core'
import { formatChangePct, formatDays, formatHours, formatMoney, formatNumber, formatPercent, NONE } from '@/lib/i18n/format'
import type { Unit } from '@/lib/roi/catalogue'
import type { FinanceItem, RoiRow } from './api'

type Value = string | number | null | undefined

/** A value as shown: money ¥, rates %, hours h, days d, counts and ratios as numbers. */
export function formatRoiValue(unit: Unit, v: Value, locale: Locale): string {
  if (v === null || v === undefined) return NONE
  if (unit === 'money') return formatMoney(v)
  const n = typeof v === 'number' ? v : Number(v)
  if (!Number.isFinite(n)) return NONE
  switch (unit) {
    case 'rate':
      return formatPercent(n)
    case 'hours':
      return formatHours(n, locale)
    case 'days':
      return formatDays(n, locale)
    case 'ratio':
    case 'score':
      return formatNumber(Math.round(n * 100) / 100, locale)
    case 'count':
      return formatNumber(n, locale)
  }
}

/** A value as the input field takes it back (money "12.50", others the plain number). */
export function inputValue(v: Value): string {
  return v === null || v === undefined ? '' : String(v)
}

/** An input's text to the API's value of the unit: money stays a string, the rest becomes a number. */
export function toApiValue(unit: Unit, text: string): string | number {
  const trimmed = text.trim()
  if (unit === 'money') return trimmed
  const n = Number(trimmed)
  return trimmed === '' || !Number.isFinite(n) ? trimmed : n
}

/** Improvement: "▲ 12.3%" better, "▼" worse (already signed by direction). */
export const formatImprovement = (pct: number | null) => formatChangePct(pct)

/** Share of target as text: the raw share (may exceed 100% or be negative). */
export function formatShare(share: number | null): string {
  return share === null ? NONE : `${Math.round(share * 1000) / 10}%`
}

const yuan = (cents: number | null | undefined) => (cents === null || cents === undefined ? NONE : formatMoney(cents / 100))
const num = (n: number | null | undefined, locale: Locale) => (n === null || n === undefined ? NONE : formatNumber(Math.round(n * 100) / 100, locale))

/** The sentence that says how a finance item was computed, with its assumptions. */
export function financeExplanation(item: FinanceItem, locale: Locale): string {
  const i = item.inputs
  const t = (key: Parameters<typeof translate>[1], vars: Record<string, string | number>) => translate(locale, key, vars)
  switch (item.kpi) {
    case 'processing_time_p50_hours':
      return t('roi.finProcessing', { baseline: formatHours(i.baseline_hours, locale), current: formatHours(i.current_hours, locale), orders: num(i.orders, locale), factor: num(i.labour_hours_per_processing_hour, locale), hours: num(i.labour_hours_saved, locale), hourly: yuan(i.hourly_labour_cost_cents) })
    case 'oversell_rate':
      return t('roi.finOversell', { baseline: formatPercent(i.baseline_rate), current: formatPercent(i.current_rate), placed: num(i.placed_orders, locale), avoided: num(i.oversells_avoided, locale), aov: yuan(i.aov_cents) })
    case 'inventory_turnover_days':
      return t('roi.finTurnover', { baseline: formatDays(i.baseline_days, locale), current: formatDays(i.current_days, locale), capital: yuan(i.capital_freed_cents), daily: yuan(i.daily_cogs_cents), rate: formatPercent(i.cost_of_capital_rate), days: num(i.days, locale) })
    case 'labour_cost_per_order':
      return t('roi.finLabour', { baseline: yuan(i.baseline_cents), current: yuan(i.current_cents), orders: num(i.orders, locale) })
    case 'daily_net_revenue':
      return t('roi.finRevenue', { baseline: yuan(i.baseline_cents), current: yuan(i.current_cents), days: num(i.days, locale) })
    default:
      return ''
  }
}

/** The KPI table as CSV cells: raw values (money "12.50", rates as fractions), labels localized. */
export function kpiCsvColumns(locale: Locale) {
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key)
  return [
    { header: t('roi.kpi'), csv: (r: RoiRow) => translate(locale, `roi.kpis.${r.kpi}`) },
    { header: 'id', csv: (r: RoiRow) => r.kpi },
    { header: t('roi.direction'), csv: (r: RoiRow) => t(r.direction === 'lower' ? 'roi.lower' : 'roi.higher') },
    { header: t('roi.baseline'), csv: (r: RoiRow) => r.baseline },
    { header: t('roi.source'), csv: (r: RoiRow) => (r.baseline_manual ? `${t('roi.manual')} (${r.baseline_manual.by} ${r.baseline_manual.at})` : t('roi.computed')) },
    { header: t('roi.target'), csv: (r: RoiRow) => r.target },
    { header: t('roi.current'), csv: (r: RoiRow) => r.current },
    { header: t('roi.improvement'), csv: (r: RoiRow) => r.improvement_pct },
    { header: t('roi.targetShare'), csv: (r: RoiRow) => r.target_share },
  ]
}
