'use client'

import dynamic from 'next/dynamic'
import Link from 'next/link'
import { useQuery } from '@tanstack/react-query'
import type { EChartsOption } from 'echarts'
import { useI18n } from '@/lib/i18n'
import { channelLabel } from '@/lib/i18n/core'
import { formatDateTime, formatMoney, formatPercent } from '@/lib/i18n/format'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { fetchCampaign, fetchCampaigns } from './api'
import { Kpi } from './kpi'
import { liftChartOption } from './lift-option'

const EChart = dynamic(() => import('@/components/charts/echart'), { ssr: false, loading: () => <Skeleton height={240} /> })

/** /campaigns: every campaign, newest first. */
export function CampaignsPage() {
  const { t } = useI18n()
  const q = useQuery({ queryKey: ['campaigns'], queryFn: ({ signal }) => fetchCampaigns({ signal }) })
  return (
    <div className="dashboard" data-testid="campaigns-page">
      <header className="page-header">
        <div>
          <h1>{t('campaigns.title')}</h1>
          <p className="muted">{t('campaigns.subtitle')}</p>
        </div>
      </header>
      {q.error ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} path="/api/v1/campaigns" />
      ) : !q.data ? (
        <Skeleton height={120} />
      ) : q.data.campaigns.length === 0 ? (
        <p>
          {t('campaigns.none')} <Link href="/segments">{t('segments.title')}</Link>
        </p>
      ) : (
        <section className="card">
          <ul data-testid="campaigns-list">
            {q.data.campaigns.map((c) => (
              <li key={c.campaign_id}>
                <Link href={`/campaigns/${encodeURIComponent(c.campaign_id)}`}>{c.name}</Link> · {formatMoney(c.amount)} / {formatMoney(c.threshold)} · {c.campaign_id}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}

/** /campaigns/[id]: issued, redeemed, redemption rate, redeemer revenue and the lift against the holdout. */
export function CampaignPage({ id }: { id: string }) {
  const { t, locale } = useI18n()
  const q = useQuery({ queryKey: ['campaign', id], queryFn: ({ signal }) => fetchCampaign(id, { signal }), refetchInterval: 30_000 })
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} path={`/api/v1/campaigns/${id}`} />
  if (!q.data) return <Skeleton height={320} />
  const r = q.data
  const c = r.campaign
  const lift = r.lift
  const option = liftChartOption({
    treatedLabel: t('campaigns.treated'),
    controlLabel: t('campaigns.control'),
    treated: Number(r.treated.revenue_per_customer),
    control: Number(r.control.revenue_per_customer),
    diffLow: lift ? Number(lift.ci95_low) / Math.max(1, r.issued) : null,
    diffHigh: lift ? Number(lift.ci95_high) / Math.max(1, r.issued) : null,
    title: t('campaigns.chartTitle'),
  })
  return (
    <div className="dashboard" data-testid="campaign-page">
      <header className="page-header">
        <div>
          <h1 data-testid="campaign-title">{c.name}</h1>
          <p className="muted">
            <Link href={`/segments/${encodeURIComponent(c.segment_id)}`}>{t('campaigns.segment', { id: c.segment_id, v: c.segment_version })}</Link> · {formatMoney(c.amount)} / {formatMoney(c.threshold)} ·{' '}
            {formatDateTime(c.valid_from, r.time_zone, locale)} – {formatDateTime(c.valid_to, r.time_zone, locale)} · {c.channels.map((x) => channelLabel(x, locale)).join('、')}
          </p>
        </div>
      </header>
      <div className="kpi-grid">
        <Kpi label={t('campaigns.issued')} value={String(r.issued)} testId="campaign-issued" />
        <Kpi label={t('campaigns.holdoutGroup')} value={String(r.holdout)} testId="campaign-holdout-count" />
        <Kpi label={t('campaigns.redeemed')} value={String(r.redeemed)} testId="campaign-redeemed" />
        <Kpi label={t('campaigns.rate')} value={formatPercent(r.redemption_rate)} />
        <Kpi label={t('campaigns.redeemerRevenue')} value={formatMoney(r.redeemer_revenue)} />
        <Kpi
          label={t('campaigns.incremental')}
          value={lift ? formatMoney(lift.incremental_revenue) : '—'}
          hint={lift ? `${t('campaigns.ci', { low: formatMoney(lift.ci95_low), high: formatMoney(lift.ci95_high) })} · ${lift.significant ? t('campaigns.significant') : t('campaigns.notSignificant')}` : t('campaigns.noLift')}
          testId="campaign-lift"
        />
      </div>
      <section className="card chart-card">
        <EChart option={option as EChartsOption} height={260} ariaLabel={t('campaigns.chartTitle')} />
        <p className="muted">
          {t('campaigns.perCustomer')}: {t('campaigns.treated')} {formatMoney(r.treated.revenue_per_customer)} · {t('campaigns.control')} {formatMoney(r.control.revenue_per_customer)}
        </p>
        <p className="muted">{t('campaigns.liftHint')}</p>
      </section>
    </div>
  )
}
