/**
 * The KPI cards of the overview: label, format, and whether a fall is good news.
 * Pure, so the colouring rule is unit-tested.
 */
import type { MessageKey } from '@/lib/i18n/core'
import type { Locale } from '@/lib/i18n/core'
import {
  formatCompactMoney,
  formatDays,
  formatHours,
  formatMoney,
  formatNumber,
  formatPercent,
  moneyToYuan,
} from '@/lib/i18n/format'
import type { AllKpis, KpiKey } from '@/components/dashboard/analytics-api'

export type KpiFormat = 'money' | 'percent' | 'count' | 'days' | 'hours'

export interface KpiDef {
  key: KpiKey
  /** `kpi-<testId>` on the value, `anomaly-<testId>` on the anomaly badge. */
  testId: string
  label: MessageKey
  hint?: MessageKey
  format: KpiFormat
  /** Oversell rate, turnover days, processing time: a fall is good. */
  lowerIsBetter: boolean
}

export const KPI_DEFS: readonly KpiDef[] = [
  { key: 'net_revenue', testId: 'net-revenue', label: 'kpi.netRevenue', format: 'money', lowerIsBetter: false },
  { key: 'gmv', testId: 'gmv', label: 'kpi.gmv', format: 'money', lowerIsBetter: false },
  { key: 'gross_profit', testId: 'gross-profit', label: 'kpi.grossProfit', format: 'money', lowerIsBetter: false },
  { key: 'gross_margin', testId: 'gross-margin', label: 'kpi.grossMargin', format: 'percent', lowerIsBetter: false },
  { key: 'orders', testId: 'orders', label: 'kpi.orders', hint: 'kpi.ordersHint', format: 'count', lowerIsBetter: false },
  { key: 'aov', testId: 'aov', label: 'kpi.aov', format: 'money', lowerIsBetter: false },
  { key: 'customers', testId: 'customers', label: 'kpi.customers', hint: 'kpi.customersHint', format: 'count', lowerIsBetter: false },
  { key: 'repurchase_rate', testId: 'repurchase-rate', label: 'kpi.repurchaseRate', format: 'percent', lowerIsBetter: false },
  { key: 'oversell_rate', testId: 'oversell-rate', label: 'kpi.oversellRate', format: 'percent', lowerIsBetter: true },
  { key: 'inventory_turnover_days', testId: 'inventory-turnover-days', label: 'kpi.turnoverDays', format: 'days', lowerIsBetter: true },
  { key: 'processing_time_p50_hours', testId: 'processing-p50', label: 'kpi.processingP50', format: 'hours', lowerIsBetter: true },
  { key: 'processing_time_p90_hours', testId: 'processing-p90', label: 'kpi.processingP90', format: 'hours', lowerIsBetter: true },
]

export type ChangeTone = 'good' | 'bad' | 'flat' | 'none'

/** Green when the change is good news for this KPI, red when bad; a fall is good for lower-is-better KPIs. */
export function changeTone(def: Pick<KpiDef, 'lowerIsBetter'>, changePct: number | null | undefined): ChangeTone {
  if (changePct === null || changePct === undefined || !Number.isFinite(changePct)) return 'none'
  if (Math.abs(changePct) < 0.0005) return 'flat'
  const rose = changePct > 0
  return rose !== def.lowerIsBetter ? 'good' : 'bad'
}

/** The raw value (for `data-value`): money strings as sent, numbers as text, null as ''. */
export function rawValue(kpis: AllKpis, key: KpiKey): string {
  const v = kpis[key]
  return v === null ? '' : String(v)
}

/** The value as a number for a sparkline (money in yuan), null when missing. */
export function numericValue(kpis: AllKpis, key: KpiKey): number | null {
  const v = kpis[key]
  if (v === null) return null
  return typeof v === 'string' ? moneyToYuan(v) : v
}

export function formatKpi(format: KpiFormat, value: string | number | null, locale: Locale, compact = false): string {
  switch (format) {
    case 'money':
      return compact ? formatCompactMoney(value, locale) : formatMoney(value)
    case 'percent':
      return formatPercent(typeof value === 'number' ? value : null)
    case 'count':
      return formatNumber(typeof value === 'number' ? value : null, locale)
    case 'days':
      return formatDays(typeof value === 'number' ? value : null, locale)
    case 'hours':
      return formatHours(typeof value === 'number' ? value : null, locale)
  }
}
