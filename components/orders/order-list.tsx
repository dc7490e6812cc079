'use client'

import Link from 'next/link'
import { useQuery } from '@tanstack/react-query'
import { useSession } from 'next-auth/react'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { CHANNEL_IDS } from '@/lib/events/channels'
import { channelLabel, useI18n } from '@/lib/i18n'
import { formatDateTime, formatMoney } from '@/lib/i18n/format'
import { DataTable, type Column } from '@/components/tables/data-table'
import { fetchOrders, orderStatusSchema, type OrderListRow } from './api'
import { Inbox } from './inbox'

const FILTERS = ['q', 'status', 'channel', 'location_id', 'from', 'to'] as const
type Filters = Record<(typeof FILTERS)[number], string>

/** The order centre: filters and search in the URL, newest first, a page at a time; store notices beside it. */
export function OrderList({ timeZone }: { timeZone: string }) {
  const { t, locale } = useI18n()
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const { data: session } = useSession()
  const role = session?.user?.role
  const applied = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Filters
  const [draft, setDraft] = useState<Filters>(applied)
  const [limit, setLimit] = useState(50)
  const query = useQuery({
    queryKey: ['orders', applied, limit],
    queryFn: ({ signal }) => fetchOrders({ ...Object.fromEntries(Object.entries(applied).filter(([, v]) => v !== '')), limit: String(limit) }, { signal }),
  })
  const apply = (next: Filters) => {
    const qs = new URLSearchParams(Object.entries(next).filter(([, v]) => v !== ''))
    router.replace(`${pathname}${qs.size ? `?${qs}` : ''}`)
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    apply(draft)
  }
  const empty = Object.fromEntries(FILTERS.map((f) => [f, ''])) as Filters

  const columns: Column<OrderListRow>[] = [
    { id: 'external', header: t('orderCentre.externalId'), cell: (r) => <Link href={`/orders/${encodeURIComponent(r.order_id)}`} data-testid={`order-link-${r.external_id}`}>{r.external_id}</Link>, csv: (r) => r.external_id },
    { id: 'status', header: t('orderCentre.status'), cell: (r) => <span className={`badge status-${r.status}`}>{t(`orderCentre.statuses.${r.status}`)}</span>, csv: (r) => r.status },
    { id: 'channel', header: t('orderCentre.channel'), cell: (r) => channelLabel(r.channel, locale), csv: (r) => r.channel },
    { id: 'location', header: t('orderCentre.location'), cell: (r) => r.location_id, csv: (r) => r.location_id },
    { id: 'fulfilment', header: t('orderCentre.fulfilment'), cell: (r) => (r.fulfilment === 'pickup' ? t('orderCentre.fulfilments.pickup') : t('orderCentre.fulfilments.delivery')), csv: (r) => r.fulfilment },
    { id: 'units', header: t('orderCentre.units'), cell: (r) => r.units, csv: (r) => r.units, numeric: true },
    { id: 'total', header: t('orderCentre.total'), cell: (r) => formatMoney(r.total), csv: (r) => r.total, numeric: true },
    { id: 'refunded', header: t('orderCentre.refunded'), cell: (r) => (r.refunded === '0.00' ? '' : formatMoney(r.refunded)), csv: (r) => r.refunded, numeric: true },
    { id: 'placed', header: t('orderCentre.placedAt'), cell: (r) => formatDateTime(r.placed_at, timeZone, locale), csv: (r) => r.placed_at },
    { id: 'order', header: t('orderCentre.orderId'), cell: (r) => <span className="muted">{r.order_id}</span>, csv: (r) => r.order_id },
  ]

  return (
    <div className="dashboard" data-testid="orders-page">
      <header className="page-header">
        <div>
          <h1>{t('orderCentre.title')}</h1>
          <p className="muted">{t('orderCentre.subtitle')}</p>
        </div>
      </header>
      {(role === 'store' || role === 'ops' || role === 'admin') && <Inbox timeZone={timeZone} />}
      <form className="card panel toolbar order-filters" onSubmit={submit} data-testid="order-filters">
        <label className="field">
          {t('orderCentre.search')}
          <input value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} data-testid="order-search" />
        </label>
        <label className="field">
          {t('orderCentre.status')}
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })} data-testid="order-status-filter">
            <option value="">{t('orderCentre.all')}</option>
            {orderStatusSchema.options.map((s) => (
              <option key={s} value={s}>{t(`orderCentre.statuses.${s}`)}</option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('orderCentre.channel')}
          <select value={draft.channel} onChange={(e) => setDraft({ ...draft, channel: e.target.value })}>
            <option value="">{t('orderCentre.all')}</option>
            {CHANNEL_IDS.map((c) => (
              <option key={c} value={c}>{channelLabel(c, locale)}</option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('orderCentre.location')}
          <input value={draft.location_id} onChange={(e) => setDraft({ ...draft, location_id: e.target.value })} size={10} />
        </label>
        <label className="field">
          {t('orderCentre.from')}
          <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label className="field">
          {t('orderCentre.to')}
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit" className="button button-primary" data-testid="order-search-submit">{t('orderCentre.apply')}</button>
        <button type="button" className="button button-ghost" onClick={() => { setDraft(empty); apply(empty) }}>{t('orderCentre.reset')}</button>
      </form>
      <DataTable
        title={t('orderCentre.title')}
        columns={columns}
        rows={query.data?.orders}
        rowKey={(r) => r.order_id}
        error={query.error}
        onRetry={() => void query.refetch()}
        updating={query.isFetching}
        empty={t('orderCentre.empty')}
        csvFileName="orders.csv"
        testId="orders-table"
        footnote={query.data ? t('orderCentre.showing', { total: query.data.total, count: query.data.orders.length }) : undefined}
        actions={
          query.data && query.data.total > query.data.orders.length ? (
            <button type="button" className="button" onClick={() => setLimit((n) => Math.min(500, n + 50))}>{t('orderCentre.more')}</button>
          ) : undefined
        }
      />
    </div>
  )
}
