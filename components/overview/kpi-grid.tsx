'use client'

import { useState } from 'react'
import { useI18n } from '@/lib/i18n'
import { formatChangePct, formatNumber } from '@/lib/i18n/format'
import type { Anomaly, BreakdownRow, OverviewKpis } from '@/components/dashboard/analytics-api'
import { Skeleton } from '@/components/dashboard/states'
import { sparkline } from '@/components/charts/sparkline'
import { KPI_DEFS, changeTone, formatKpi, numericValue, rawValue, type KpiDef } from '@/components/overview/kpi-defs'

/** Counts value changes so a changed figure flashes; another range (resetKey) does not count. */
function useChangeCount(value: string, resetKey: string): number {
  const [seen, setSeen] = useState({ value, resetKey, count: 0 })
  if (seen.value !== value || seen.resetKey !== resetKey) {
    const changed = seen.resetKey === resetKey
    const next = { value, resetKey, count: changed ? seen.count + 1 : seen.count }
    setSeen(next)
    return next.count
  }
  return seen.count
}

const SPARK_W = 120
const SPARK_H = 28

function Sparkline({ values, label }: { values: (number | null)[]; label: string }) {
  const geometry = sparkline(values, SPARK_W, SPARK_H)
  if (!geometry.path) return <span className="sparkline-empty" />
  return (
    <svg className="sparkline" width={SPARK_W} height={SPARK_H} viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} role="img" aria-label={label}>
      <path d={geometry.path} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" />
      {geometry.last && <circle cx={geometry.last.x} cy={geometry.last.y} r={2.5} fill="currentColor" />}
    </svg>
  )
}

export function anomalyText(a: Anomaly, locale: 'zh' | 'en'): string {
  return locale === 'zh' ? a.explanation_zh : a.explanation_en
}

function KpiCard({
  def,
  data,
  trend,
  resetKey,
}: {
  def: KpiDef
  data: OverviewKpis
  trend: readonly BreakdownRow[] | undefined
  resetKey: string
}) {
  const { t, locale } = useI18n()
  const value = data.kpis[def.key]
  const raw = rawValue(data.kpis, def.key)
  const changes = useChangeCount(raw, resetKey)
  const change = data.comparison?.change[def.key]
  const tone = changeTone(def, change?.change_pct)
  const anomalies = data.anomalies.filter((a) => a.kpi === def.key && a.scope === null)
  const available = value !== null || def.key in data.kpis
  const label = t(def.label)
  const previous = data.comparison
    ? t('kpi.vsPeriod', {
        from: data.comparison.range.from,
        to: data.comparison.range.to,
        value: formatKpi(def.format, data.comparison.kpis[def.key], locale),
      })
    : undefined

  let secondary = null
  if (def.key === 'customers') {
    secondary = t('kpi.newReturning', {
      new: formatNumber(data.kpis.new_customers, locale),
      returning: formatNumber(data.kpis.returning_customers, locale),
    })
  } else if (def.key === 'oversell_rate') {
    secondary = t('kpi.oversold', {
      oversold: formatNumber(data.kpis.oversold_orders, locale),
      placed: formatNumber(data.kpis.placed_orders, locale),
    })
  }

  return (
    <div className={`card kpi-card${anomalies.length > 0 ? ' kpi-card-anomaly' : ''}`} data-kpi={def.key}>
      <div className="kpi-label">
        {label}
        {def.hint && <span className="kpi-hint">{t(def.hint)}</span>}
        {anomalies.length > 0 && (
          <span
            className="anomaly-badge"
            data-testid={`anomaly-${def.testId}`}
            title={anomalies.map((a) => anomalyText(a, locale)).join('\n')}
            tabIndex={0}
          >
            {t('kpi.anomaly')}
          </span>
        )}
      </div>
      <div
        key={changes}
        className={`kpi-value${changes > 0 ? ' kpi-flash' : ''}`}
        data-testid={`kpi-${def.testId}`}
        data-value={raw}
        title={value === null ? t('kpi.notAvailable') : formatKpi(def.format, value, locale)}
      >
        {available ? formatKpi(def.format, value, locale, true) : '—'}
      </div>
      <div className="kpi-foot">
        <span
          className={`kpi-change tone-${tone}`}
          data-testid={`kpi-change-${def.testId}`}
          data-tone={tone}
          title={previous ?? t('kpi.noComparison')}
        >
          {data.comparison ? formatChangePct(change?.change_pct) : ''}
        </span>
        <Sparkline
          values={(trend ?? []).map((row) => numericValue(row.kpis, def.key))}
          label={`${label} ${t('kpi.trend')}`}
        />
      </div>
      {secondary && <div className="kpi-secondary">{secondary}</div>}
    </div>
  )
}

/** The overview's KPI cards: value, change against the comparison period, sparkline, anomaly badge. */
export function KpiGrid({
  data,
  trend,
  resetKey,
}: {
  data: OverviewKpis
  trend: readonly BreakdownRow[] | undefined
  resetKey: string
}) {
  const { t } = useI18n()
  return (
    <section className="kpi-grid" aria-label={t('overview.title')}>
      {KPI_DEFS.map((def) => (
        <KpiCard key={def.key} def={def} data={data} trend={trend} resetKey={resetKey} />
      ))}
    </section>
  )
}

export function KpiGridSkeleton() {
  return (
    <section className="kpi-grid" aria-busy="true">
      {KPI_DEFS.map((def) => (
        <div className="card kpi-card" key={def.key}>
          <Skeleton height={14} width="40%" />
          <Skeleton height={32} width="70%" className="skeleton-gap" />
          <Skeleton height={12} width="55%" className="skeleton-gap" />
        </div>
      ))}
    </section>
  )
}
