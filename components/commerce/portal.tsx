'use client'

import { useMemo, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import type { OrderStatus } from '@/lib/events'
import { useI18n } from '@/lib/i18n'
import { formatDateTime } from '@/lib/i18n/format'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { DataTable, type Column } from '@/components/tables/data-table'
import { catalogueSchema, fetchFrom, orderOutcomeSchema, portalOrdersSchema, portalQuoteSchema, requestSchema, sendJson, statementSchema, type CatalogueItem, type RequestRow } from './api'
import { FieldError, useFormState } from './form-state'
import { CreditSummary, StatementTable, thisMonth, yuan } from './shared'

/** A catalogue row matches a filter by SKU, either name or category. */
const matches = (i: CatalogueItem, filter: string) => {
  const f = filter.trim().toLowerCase()
  return f === '' || [i.sku, i.name_zh, i.name_en, i.category].some((x) => x.toLowerCase().includes(f))
}

/**
 * The distributor portal: the catalogue at the caller's tier prices with warehouse
 * availability, a cart priced and checked against the credit limit, the order (placed, or held
 * for finance over the limit), order history and the statement of receivables.
 */
export function Portal({ timeZone }: { timeZone: string }) {
  const { t, locale } = useI18n()
  const queryClient = useQueryClient()
  const catalogue = useQuery({ queryKey: ['portal-catalogue'], queryFn: fetchFrom('/api/v1/portal/catalogue', catalogueSchema) })
  const orders = useQuery({ queryKey: ['portal-orders'], queryFn: fetchFrom('/api/v1/portal/orders', portalOrdersSchema) })
  const [range, setRange] = useState(() => thisMonth(timeZone))
  const statement = useQuery({ queryKey: ['portal-statement', range], queryFn: fetchFrom('/api/v1/portal/statement', statementSchema, range) })
  const [cart, setCart] = useState<Record<string, string>>({})
  const [filter, setFilter] = useState('')
  const form = useFormState()
  const [quote, setQuote] = useState<z.infer<typeof portalQuoteSchema> | null>(null)
  const [outcome, setOutcome] = useState<z.infer<typeof orderOutcomeSchema> | null>(null)

  const lines = useMemo(
    () =>
      Object.entries(cart)
        .map(([sku, q]) => ({ sku, quantity: Number(q) }))
        .filter((l) => l.quantity > 0 && Number.isInteger(l.quantity)),
    [cart],
  )
  const setQuantity = (sku: string, value: string) => {
    setCart((c) => ({ ...c, [sku]: value }))
    setQuote(null)
    setOutcome(null)
  }
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['portal-orders'] })
    void queryClient.invalidateQueries({ queryKey: ['portal-catalogue'] })
    void queryClient.invalidateQueries({ queryKey: ['portal-statement'] })
  }
  const review = () => form.run(async () => setQuote(await sendJson('/api/v1/portal/quote', { lines }, portalQuoteSchema)))
  const place = () =>
    form.run(async () => {
      const result = await sendJson('/api/v1/portal/orders', { lines }, orderOutcomeSchema)
      setOutcome(result)
      setQuote(null)
      setCart({})
      refresh()
    })
  const cancel = (id: string) =>
    form.run(async () => {
      await sendJson(`/api/v1/portal/orders/${encodeURIComponent(id)}/cancel`, {}, z.object({ request: requestSchema }))
      refresh()
    })
  const lineError = (sku: string) => {
    const i = lines.findIndex((l) => l.sku === sku)
    return i < 0 ? undefined : (form.fieldError(`lines.${i}.quantity`) ?? form.fieldError(`lines.${i}.sku`))
  }

  const catalogueColumns: Column<CatalogueItem>[] = [
    { id: 'sku', header: t('commerce.sku'), cell: (i) => i.sku, csv: (i) => i.sku },
    { id: 'name', header: t('commerce.product'), cell: (i) => (locale === 'zh' ? i.name_zh : i.name_en), csv: (i) => i.name_zh },
    { id: 'list', header: t('commerce.listPrice'), cell: (i) => yuan(i.list_price), csv: (i) => i.list_price, numeric: true },
    { id: 'tier', header: t('commerce.tierPrice'), cell: (i) => <span data-testid={`portal-price-${i.sku}`}>{yuan(i.tier_price)}</span>, csv: (i) => i.tier_price, numeric: true },
    {
      id: 'breaks',
      header: t('commerce.breaks'),
      cell: (i) => (i.breaks.length > 1 ? i.breaks.slice(1).map((b) => t('commerce.breakFrom', { quantity: b.min_quantity, price: yuan(b.unit_price) })).join(' · ') : '—'),
      csv: (i) => i.breaks.map((b) => `${b.min_quantity}:${b.unit_price}`).join(' '),
    },
    { id: 'available', header: t('commerce.available'), cell: (i) => <span data-testid={`portal-available-${i.sku}`}>{i.available}</span>, csv: (i) => i.available, numeric: true },
    {
      id: 'qty',
      header: t('commerce.quantity'),
      cell: (i) => (
        <span>
          <input
            type="number"
            min={0}
            step={1}
            style={{ width: 90 }}
            aria-label={`${t('commerce.quantity')} ${i.sku}`}
            aria-invalid={lineError(i.sku) ? 'true' : undefined}
            data-testid={`portal-qty-${i.sku}`}
            value={cart[i.sku] ?? ''}
            onChange={(e) => setQuantity(i.sku, e.target.value)}
          />
          <FieldError message={lineError(i.sku)} />
        </span>
      ),
      csv: (i) => cart[i.sku] ?? '',
      numeric: true,
    },
  ]

  const historyColumns: Column<RequestRow>[] = [
    { id: 'at', header: t('commerce.requestedAt'), cell: (r) => formatDateTime(r.requested_at, timeZone, locale), csv: (r) => r.requested_at },
    { id: 'status', header: t('commerce.status'), cell: (r) => <span data-testid={`portal-request-status-${r.request_id}`}>{t(`commerce.requestStatus.${r.status}`)}</span>, csv: (r) => r.status },
    { id: 'order', header: t('commerce.order'), cell: (r) => (r.order_id ? `${r.order_id.slice(-8)} · ${r.order_status ? t(`commerce.orderStatus.${r.order_status as OrderStatus}`) : ''}` : '—'), csv: (r) => r.order_id ?? '' },
    { id: 'lines', header: t('commerce.lines'), cell: (r) => r.quote.lines.map((l) => `${l.sku}×${l.quantity}`).join(', '), csv: (r) => r.quote.lines.map((l) => `${l.sku}x${l.quantity}`).join(' ') },
    { id: 'total', header: t('commerce.total'), cell: (r) => yuan(r.total), csv: (r) => r.total, numeric: true },
    { id: 'note', header: t('commerce.note'), cell: (r) => r.note ?? '', csv: (r) => r.note ?? '' },
    {
      id: 'actions',
      header: '',
      cell: (r) =>
        r.status === 'held' ? (
          <button type="button" className="button" data-testid={`portal-cancel-${r.request_id}`} onClick={() => void cancel(r.request_id)}>
            {t('commerce.cancelRequest')}
          </button>
        ) : null,
      csv: () => '',
    },
  ]

  if (catalogue.error) return <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} path="/api/v1/portal/catalogue" />
  return (
    <div className="dashboard" data-testid="portal-page">
      <header className="page-header">
        <div>
          <h1>{t('commerce.portalTitle')}</h1>
          <p className="muted" data-testid="portal-account">
            {catalogue.data ? t('commerce.portalAccount', { name: catalogue.data.distributor.name, tier: catalogue.data.distributor.tier_name }) : t('commerce.loading')}
          </p>
        </div>
      </header>
      {orders.data ? <CreditSummary credit={orders.data.credit} testId="portal-credit" /> : <Skeleton height={80} />}

      <section className="card commerce-card" data-testid="portal-cart">
        <h2>{t('commerce.cart')}</h2>
        {lines.length === 0 ? <p className="muted">{t('commerce.cartEmpty')}</p> : <p>{lines.map((l) => `${l.sku} × ${l.quantity}`).join(', ')}</p>}
        <div className="toolbar">
          <button type="button" className="button" disabled={lines.length === 0 || form.busy} onClick={() => void review()} data-testid="portal-review">
            {t('commerce.review')}
          </button>
          <button type="button" className="button button-primary" disabled={lines.length === 0 || form.busy} onClick={() => void place()} data-testid="portal-place">
            {t('commerce.placeOrder')}
          </button>
        </div>
        {form.error && (
          <p className="notice notice-error" role="alert" data-testid="portal-error">
            {form.error}
          </p>
        )}
        {quote && (
          <div data-testid="portal-quote" data-within={quote.within_limit ? 'true' : 'false'}>
            <p>
              {t('commerce.tierTotal')} {yuan(quote.quote.tier_total)} · {t('commerce.promotionDiscount')} {yuan(quote.quote.promotion_discount)}
              {quote.quote.promotions.length > 0 && ` (${quote.quote.promotions.map((p) => p.name).join('、')})`} · {t('commerce.total')} <strong data-testid="portal-quote-total">{yuan(quote.quote.total)}</strong>
            </p>
            <p className={quote.within_limit ? 'muted' : 'notice notice-warning'}>
              {quote.within_limit ? t('commerce.withinLimit', { exposure: yuan(quote.exposure_with_order), limit: yuan(quote.credit.credit_limit) }) : t('commerce.overLimit', { exposure: yuan(quote.exposure_with_order), limit: yuan(quote.credit.credit_limit) })}
            </p>
          </div>
        )}
        {outcome && (
          <p className={outcome.status === 'placed' ? 'notice' : 'notice notice-warning'} role="status" data-testid="portal-outcome" data-status={outcome.status}>
            {outcome.status === 'placed' ? t('commerce.placed', { order: outcome.order?.order_id ?? '', total: yuan(outcome.request.total) }) : t('commerce.heldNotice', { total: yuan(outcome.request.total) })}
          </p>
        )}
      </section>
      <DataTable
        title={t('commerce.catalogue')}
        columns={catalogueColumns}
        rows={catalogue.data?.items.filter((i) => matches(i, filter))}
        rowKey={(i) => i.sku}
        empty={filter.trim() ? t('commerce.filterEmpty') : t('commerce.catalogueEmpty')}
        csvFileName="catalogue.csv"
        testId="portal-catalogue"
        actions={
          <input type="search" placeholder={t('commerce.filterPlaceholder')} aria-label={t('commerce.filterPlaceholder')} value={filter} onChange={(e) => setFilter(e.target.value)} style={{ width: 220 }} data-testid="portal-filter" />
        }
      />


      <DataTable
        title={t('commerce.history')}
        columns={historyColumns}
        rows={orders.data?.requests}
        rowKey={(r) => r.request_id}
        error={orders.error}
        onRetry={() => void orders.refetch()}
        empty={t('commerce.historyEmpty')}
        csvFileName="orders.csv"
        testId="portal-history"
      />

      <section className="card commerce-card">
        <div className="toolbar">
          <label className="field-inline">
            {t('commerce.from')}
            <input type="date" value={range.from} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} data-testid="portal-statement-from" />
          </label>
          <label className="field-inline">
            {t('commerce.to')}
            <input type="date" value={range.to} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} data-testid="portal-statement-to" />
          </label>
        </div>
      </section>
      <StatementTable statement={statement.data} error={statement.error} testId="portal-statement" />
    </div>
  )
}
