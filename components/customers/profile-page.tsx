'use client'

import Link from 'next/link'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useI18n } from '@/lib/i18n'
import { cityName, locationName } from '@/components/drill/names'
import { channelLabel, type MessageKey } from '@/lib/i18n/core'
import { formatDateTime, formatMoney } from '@/lib/i18n/format'
import { DataTable } from '@/components/tables/data-table'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { fetchProfile, post, type Profile } from './api'
import { rfmLabel } from './format'
import { Kpi } from './kpi'

/** /customers/[id]: one merged customer across channels. */
export function ProfilePage({ id }: { id: string }) {
  const { t, locale } = useI18n()
  const queryClient = useQueryClient()
  const [error, setError] = useState<string | null>(null)
  const [other, setOther] = useState('')
  const q = useQuery({ queryKey: ['customer', id], queryFn: ({ signal }) => fetchProfile(id, { signal }) })
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} path={`/api/v1/customers/${id}`} />
  if (!q.data) return <Skeleton height={320} />
  const p: Profile = q.data
  const a = p.attributes
  const when = (iso: string | null) => (iso ? formatDateTime(iso, p.time_zone, locale) : '—')
  const undo = async (mergeId: number) => {
    setError(null)
    try {
      await post(`/api/v1/customers/merges/${mergeId}/undo`, {})
      void queryClient.invalidateQueries({ queryKey: ['customer'] })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const merge = async () => {
    setError(null)
    try {
      await post('/api/v1/customers/merges', { customer_ids: [p.customer_id, other.trim()] })
      setOther('')
      void queryClient.invalidateQueries({ queryKey: ['customer'] })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <div className="dashboard" data-testid="customer-profile">
      <header className="page-header">
        <div>
          <h1>{t('customers.profile.title', { id: p.customer_id })}</h1>
          <p className="muted">
            {[p.name, p.city && cityName(p.city, locale), p.member_tier].filter(Boolean).join(' · ')}
          </p>
        </div>
      </header>
      <div className="kpi-grid">
        <Kpi label={t('customers.profile.ltv')} value={a ? formatMoney(a.spend) : '—'} testId="profile-ltv" />
        <Kpi label={t('customers.profile.orders')} value={a ? String(a.orders) : '—'} />
        <Kpi label={t('customers.profile.aov')} value={a ? formatMoney(a.aov) : '—'} />
        <Kpi label={t('customers.profile.rfmClass')} value={a ? rfmLabel(a.rfm.cls, locale) : '—'} hint={a ? `${t('customers.profile.rfmScores')} R${a.rfm.r} F${a.rfm.f} M${a.rfm.m}` : undefined} testId="profile-rfm" />
        <Kpi label={t('customers.profile.first')} value={when(a?.first_purchase_at ?? null)} />
        <Kpi label={t('customers.profile.last')} value={when(a?.last_purchase_at ?? null)} />
      </div>
      <div className="two-col">
        <section className="card" data-testid="profile-identities">
          <header className="card-header">
            <h2>{t('customers.profile.identities')}</h2>
          </header>
          {p.identities.some((i) => i.masked) && <p className="muted">{t('customers.profile.masked')}</p>}
          <ul>
            {p.identities.map((i, n) => (
              <li key={n} data-testid={`identity-${i.kind}`}>
                {t(`customers.kind.${i.kind}` as MessageKey)}: <span className="num">{i.value}</span>
              </li>
            ))}
          </ul>
          <h3>{t('customers.profile.channels')}</h3>
          <p data-testid="profile-channels">{p.channels.map((c) => channelLabel(c, locale)).join('、') || '—'}</p>
          <h3>{t('customers.profile.records')}</h3>
          <ul>
            {p.records.map((r) => (
              <li key={r.customer_id}>
                {r.customer_id} · {when(r.created_at)}
              </li>
            ))}
          </ul>
        </section>
        <section className="card">
          <header className="card-header">
            <h2>{t('customers.profile.favCategories')}</h2>
          </header>
          <ul data-testid="profile-fav-categories">
            {p.favourites.categories.map((c) => (
              <li key={c.name}>
                {c.name} · {formatMoney(c.spend)}
              </li>
            ))}
          </ul>
          <h3>{t('customers.profile.favStores')}</h3>
          <ul>
            {p.favourites.stores.map((c) => (
              <li key={c.name}>
                {c.name} · {formatMoney(c.spend)}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <DataTable
        title={t('customers.profile.timeline')}
        columns={[
          { id: 'paid', header: t('customers.col.placed'), cell: (o) => when(o.paid_at), csv: (o) => o.paid_at },
          { id: 'channel', header: t('customers.col.channels'), cell: (o) => channelLabel(o.channel, locale), csv: (o) => o.channel },
          { id: 'order', header: t('customers.col.order'), cell: (o) => o.order_id, csv: (o) => o.order_id },
          { id: 'status', header: t('customers.col.status'), cell: (o) => o.status, csv: (o) => o.status },
          { id: 'store', header: t('customers.col.store'), cell: (o) => `${locationName(o.location_id, locale)} · ${cityName(o.city, locale)}`, csv: (o) => o.location_id },
          { id: 'total', header: t('customers.col.spend'), numeric: true, cell: (o) => formatMoney(o.total), csv: (o) => o.total },
          { id: 'coupon', header: t('customers.profile.coupons'), cell: (o) => o.coupon_code ?? '', csv: (o) => o.coupon_code },
        ]}
        rows={p.orders}
        rowKey={(o) => o.order_id}
        empty={t('customers.profile.noOrders')}
        csvFileName={`customer-${p.customer_id}-orders.csv`}
        testId="profile-orders"
      />
      <section className="card" data-testid="profile-coupons">
        <header className="card-header">
          <h2>{t('customers.profile.coupons')}</h2>
        </header>
        {p.coupons.length === 0 ? (
          <p className="muted">{t('customers.profile.noCoupons')}</p>
        ) : (
          <ul>
            {p.coupons.map((c) => (
              <li key={c.coupon_code}>
                <Link href={`/campaigns/${encodeURIComponent(c.campaign_id)}`}>{c.campaign}</Link> · {c.coupon_code} · {formatMoney(c.amount)} / {formatMoney(c.threshold)} ·{' '}
                {c.used_order ? t('customers.profile.couponUsed', { order: c.used_order }) : t('customers.profile.couponUnused')}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" data-testid="profile-merges">
        <header className="card-header">
          <h2>{t('customers.profile.merges')}</h2>
        </header>
        {error && <p className="notice notice-error">{error}</p>}
        {p.can_merge && (
          <div className="toolbar">
            <input data-testid="merge-with" value={other} maxLength={128} placeholder="C-…" aria-label={t('customers.profile.mergeWith')} onChange={(e) => setOther(e.target.value)} />
            <button type="button" className="button" data-testid="merge-submit" disabled={!other.trim()} onClick={() => void merge()}>
              {t('customers.profile.merge')}
            </button>
            <span className="muted">{t('customers.profile.mergeWith')}</span>
          </div>
        )}
        {p.merges.length === 0 ? (
          <p className="muted">{t('customers.profile.noMerges')}</p>
        ) : (
          <ul>
            {p.merges.map((m) => (
              <li key={m.merge_id}>
                #{m.merge_id} {m.customer_a} + {m.customer_b} · {when(m.merged_at)} ·{' '}
                {t('customers.profile.mergeReason', { reason: t(`customers.reason.${m.reason}` as MessageKey), kind: m.identity_kind ? t(`customers.kind.${m.identity_kind}` as MessageKey) : '—' })} · {channelLabel(m.channel, locale)}
                {m.undone_at ? (
                  <span className="muted"> · {t('customers.profile.undone', { at: when(m.undone_at), by: m.undone_by ?? '' })}</span>
                ) : (
                  p.can_merge && (
                    <button type="button" className="button button-ghost" data-testid={`merge-undo-${m.merge_id}`} onClick={() => void undo(m.merge_id)}>
                      {t('customers.profile.undo')}
                    </button>
                  )
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
