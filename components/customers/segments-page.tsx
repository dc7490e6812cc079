'use client'

import Link from 'next/link'
import { useQuery } from '@tanstack/react-query'
import { useI18n } from '@/lib/i18n'
import { formatDateTime, formatMoney } from '@/lib/i18n/format'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { fetchRfm, fetchSegments } from './api'
import { rfmLabel, share } from './format'

/** Saved segments and the ready-made RFM segments with their thresholds and sizes. */
export function SegmentsPage() {
  const { t, locale } = useI18n()
  const list = useQuery({ queryKey: ['segments'], queryFn: ({ signal }) => fetchSegments({ signal }) })
  const rfm = useQuery({ queryKey: ['segments-rfm'], queryFn: ({ signal }) => fetchRfm({ signal }) })
  const th = rfm.data?.thresholds
  return (
    <div className="dashboard" data-testid="segments-page">
      <header className="page-header">
        <div>
          <h1>{t('segments.title')}</h1>
          <p className="muted">{t('segments.subtitle')}</p>
        </div>
        {list.data?.can_edit && (
          <Link className="button button-primary" href="/segments/new" data-testid="segment-new">
            {t('segments.new')}
          </Link>
        )}
      </header>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} path="/api/v1/segments" />
      ) : !list.data ? (
        <Skeleton height={120} />
      ) : list.data.segments.length === 0 ? (
        <p data-testid="segments-empty">{t('segments.none')}</p>
      ) : (
        <section className="card">
          <ul data-testid="segments-list">
            {list.data.segments.map((s) => (
              <li key={s.segment_id}>
                <Link href={`/segments/${encodeURIComponent(s.segment_id)}`}>{s.name}</Link> · {t('segments.version', { v: s.version })} · {s.created_by} · {formatDateTime(s.updated_at, list.data.time_zone, locale)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card" data-testid="rfm-segments">
        <header className="card-header">
          <h2>{t('segments.rfmTitle')}</h2>
        </header>
        {th && (
          <p className="muted">
            {t('segments.rfmHint', {
              r: th.recency_days.map((x) => `${x.maxDays}→${x.score}`).join(' '),
              f: th.frequency_orders.map((x) => `${x.minOrders}→${x.score}`).join(' '),
              m: th.monetary.map((x) => `${formatMoney(x.min_spend)}→${x.score}`).join(' '),
            })}
          </p>
        )}
        {rfm.error ? (
          <ErrorState error={rfm.error} onRetry={() => void rfm.refetch()} compact path="/api/v1/segments/rfm" />
        ) : !rfm.data ? (
          <Skeleton height={120} />
        ) : (
          <div className="kpi-grid">
            {rfm.data.classes.map((c) => (
              <div key={c.cls} className="kpi-card" data-testid={`rfm-${c.cls}`}>
                <div className="kpi-label">{rfmLabel(c.cls, locale)}</div>
                <div className="kpi-value">{c.count.customers.toLocaleString()}</div>
                <div className="kpi-hint">
                  {c.rule ? t('segments.rfmRule', { r: c.rule.r.join('–'), f: c.rule.f.join('–') }) : '—'} · {share(c.count.customers, c.count.all_customers)} · {formatMoney(c.count.revenue)}
                </div>
                {list.data?.can_edit && (
                  <Link className="button button-ghost" href={`/segments/new?rfm=${c.cls}`}>
                    {t('segments.useTemplate')}
                  </Link>
                )}
              </div>
            ))}
          </div>
        )}
      </section>
    </div>
  )
}
