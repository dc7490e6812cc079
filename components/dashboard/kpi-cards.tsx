'use client'

import { useState, type ReactNode } from 'react'
import { useI18n } from '@/lib/i18n'
import { formatCompactMoney, formatMoney, formatNumber, formatPercent } from '@/lib/i18n/format'
import type { KpiFields } from '@/components/dashboard/api'
import { Skeleton } from '@/components/dashboard/states'

/**
 * Counts changes of `value` so the caller can re-key (and so re-animate) an element.
 * Changing `resetKey` (another range) adopts the new value without counting a change.
 */
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

interface KpiCardProps {
  label: string
  /** Raw value: drives the change highlight and `data-value`. */
  raw: string
  display: string
  exact?: string
  testId: string
  resetKey: string
  secondary?: ReactNode
  hint?: string
}

function KpiCard({ label, raw, display, exact, testId, resetKey, secondary, hint }: KpiCardProps) {
  const changes = useChangeCount(raw, resetKey)
  return (
    <div className="card kpi-card">
      <div className="kpi-label">
        {label}
        {hint && <span className="kpi-hint">{hint}</span>}
      </div>
      <div
        key={changes}
        className={`kpi-value${changes > 0 ? ' kpi-flash' : ''}`}
        data-testid={testId}
        data-value={raw}
        title={exact}
      >
        {display}
      </div>
      {secondary && <div className="kpi-secondary">{secondary}</div>}
    </div>
  )
}

function Secondary({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <span>
      {label} <span className="num" data-testid={testId}>{value}</span>
    </span>
  )
}

export function KpiCards({ kpis, resetKey }: { kpis: KpiFields; resetKey: string }) {
  const { t, locale } = useI18n()
  return (
    <section className="kpi-grid" aria-label={t('dashboard.title')}>
      <KpiCard
        label={t('kpi.netRevenue')}
        raw={kpis.net_revenue}
        display={formatCompactMoney(kpis.net_revenue, locale)}
        exact={formatMoney(kpis.net_revenue)}
        testId="kpi-net-revenue"
        resetKey={resetKey}
        secondary={<Secondary label={t('kpi.gmv')} value={formatMoney(kpis.gmv)} testId="kpi-gmv" />}
      />
      <KpiCard
        label={t('kpi.orders')}
        raw={String(kpis.orders)}
        display={formatNumber(kpis.orders, locale)}
        testId="kpi-orders"
        resetKey={resetKey}
        hint={t('kpi.ordersHint')}
        secondary={<Secondary label={t('kpi.aov')} value={formatMoney(kpis.aov)} testId="kpi-aov" />}
      />
      <KpiCard
        label={t('kpi.grossMargin')}
        raw={kpis.gross_margin === null ? '' : String(kpis.gross_margin)}
        display={formatPercent(kpis.gross_margin)}
        testId="kpi-gross-margin"
        resetKey={resetKey}
        secondary={
          <Secondary label={t('kpi.grossProfit')} value={formatMoney(kpis.gross_profit)} testId="kpi-gross-profit" />
        }
      />
      <KpiCard
        label={t('kpi.customers')}
        raw={String(kpis.customers)}
        display={formatNumber(kpis.customers, locale)}
        testId="kpi-customers"
        resetKey={resetKey}
        hint={t('kpi.customersHint')}
      />
    </section>
  )
}

export function KpiCardsSkeleton() {
  return (
    <section className="kpi-grid" aria-busy="true">
      {[0, 1, 2, 3].map((i) => (
        <div className="card kpi-card" key={i}>
          <Skeleton height={14} width="40%" />
          <Skeleton height={32} width="70%" className="skeleton-gap" />
          <Skeleton height={12} width="55%" className="skeleton-gap" />
        </div>
      ))}
    </section>
  )
}
