'use client'

import Link from 'next/link'
import { useEffect, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useI18n } from '@/lib/i18n'
import { formatDateTime, formatMoney } from '@/lib/i18n/format'
import { channelLabel } from '@/lib/i18n/core'
import type { RuleGroup } from '@/lib/customers/segments/rules'
import { DataTable, type Column } from '@/components/tables/data-table'
import { cityName } from '@/components/drill/names'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { fetchPreview, type CustomerSummary } from './api'
import { moneyShare, rfmLabel, share } from './format'

/** The value after it stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return v
}

export function customerColumns(t: ReturnType<typeof useI18n>['t'], locale: ReturnType<typeof useI18n>['locale'], timeZone: string): Column<CustomerSummary>[] {
  return [
    { id: 'customer', header: t('customers.col.customer'), cell: (c) => <Link href={`/customers/${encodeURIComponent(c.customer_id)}`}>{c.customer_id}</Link>, csv: (c) => c.customer_id },
    { id: 'city', header: t('customers.col.city'), cell: (c) => (c.city ? cityName(c.city, locale) : '—'), csv: (c) => c.city },
    { id: 'orders', header: t('customers.col.orders'), numeric: true, cell: (c) => c.orders, csv: (c) => c.orders },
    { id: 'spend', header: t('customers.col.spend'), numeric: true, cell: (c) => formatMoney(c.spend), csv: (c) => c.spend },
    { id: 'aov', header: t('customers.col.aov'), numeric: true, cell: (c) => formatMoney(c.aov), csv: (c) => c.aov },
    { id: 'last', header: t('customers.col.last'), cell: (c) => (c.last_purchase_at ? formatDateTime(c.last_purchase_at, timeZone, locale) : '—'), csv: (c) => c.last_purchase_at },
    { id: 'rfm', header: t('customers.col.rfm'), cell: (c) => `${rfmLabel(c.rfm.cls, locale)} (${c.rfm.r}${c.rfm.f}${c.rfm.m})`, csv: (c) => c.rfm.cls },
    { id: 'channels', header: t('customers.col.channels'), cell: (c) => c.channels.map((ch) => channelLabel(ch, locale)).join('、'), csv: (c) => c.channels.join(' ') },
  ]
}

/** Live count, shares and a sample of the rules as they change (debounced), from POST /api/v1/segments/preview. */
export function SegmentPreview({ rules }: { rules: RuleGroup }) {
  const { t, locale } = useI18n()
  const debounced = useDebounced(JSON.stringify(rules), 400)
  const q = useQuery({ queryKey: ['segment-preview', debounced], queryFn: () => fetchPreview({ rules: JSON.parse(debounced) as RuleGroup }), placeholderData: (prev) => prev })
  const pending = q.isFetching || debounced !== JSON.stringify(rules)
  const c = q.data?.count
  return (
    <section className="card" data-testid="segment-preview" aria-busy={pending}>
      <header className="card-header">
        <h2>{t('segments.live')}</h2>
        {pending && <span className="muted">{t('segments.computing')}</span>}
      </header>
      {q.error ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} compact path="/api/v1/segments/preview" />
      ) : !c || !q.data ? (
        <Skeleton height={60} />
      ) : (
        <>
          <p className="kpi-value" data-testid="segment-count" data-count={c.customers}>
            {t('segments.count', { n: c.customers.toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-US') })}
          </p>
          <p data-testid="segment-share">
            {t('segments.shareCustomers', { pct: share(c.customers, c.all_customers) })} · {t('segments.shareRevenue', { money: formatMoney(c.revenue), pct: moneyShare(c.revenue, c.all_revenue) })}
          </p>
          <p className="muted">{q.data.built_at ? t('customers.builtAt', { at: formatDateTime(q.data.built_at, q.data.time_zone, locale) }) : t('customers.never')}</p>
          <DataTable
            title={t('segments.sample')}
            columns={customerColumns(t, locale, q.data.time_zone)}
            rows={q.data.sample}
            rowKey={(r) => r.customer_id}
            empty={t('customers.empty')}
            csvFileName="segment-sample.csv"
            testId="segment-sample"
          />
        </>
      )}
    </section>
  )
}
