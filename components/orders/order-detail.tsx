'use client'

import Link from 'next/link'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { channelLabel, useI18n } from '@/lib/i18n'
import { formatDateTime, formatMoney } from '@/lib/i18n/format'
import { refusalText } from '@/components/dashboard/api'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { fetchOrder, postJson, type OrderActionName, type OrderDetail } from './api'
import { initialQuantities, linesToSend, type Mode } from './quantities'

/** One order: lines with what shipped and came back, the timeline, and the actions its state allows. */
export function OrderDetailView({ id, timeZone }: { id: string; timeZone: string }) {
  const { t, locale } = useI18n()
  const queryClient = useQueryClient()
  const query = useQuery({ queryKey: ['order', id], queryFn: ({ signal }) => fetchOrder(id, { signal }) })
  const order = query.data
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const act = async (action: OrderActionName, extra: Record<string, unknown> = {}) => {
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      const next = (await postJson(`/api/v1/orders/${encodeURIComponent(id)}/actions`, { action, ...extra })) as OrderDetail
      queryClient.setQueryData(['order', id], next)
      void queryClient.invalidateQueries({ queryKey: ['order', id] })
      void queryClient.invalidateQueries({ queryKey: ['orders'] })
      setDone(t('orderCentre.done', { action: t(`orderCentre.actionNames.${action}`) }))
    } catch (e) {
      setError(refusalText(e))
    } finally {
      setBusy(false)
    }
  }

  if (query.error && !order) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />
  if (!order) return <Skeleton height={240} />

  return (
    <div className="dashboard" data-testid="order-detail" data-status={order.status}>
      <header className="page-header">
        <div>
          <p><Link href="/orders">← {t('orderCentre.back')}</Link></p>
          <h1>
            {order.external_id} <span className={`badge status-${order.status}`} data-testid="order-status">{t(`orderCentre.statuses.${order.status}`)}</span>
          </h1>
          <p className="muted">
            {order.order_id} · {channelLabel(order.channel, locale)} · {order.location_id} · {t(`orderCentre.fulfilments.${order.fulfilment}`)} · {t('orderCentre.total')} {formatMoney(order.total)}
            {order.refunded !== '0.00' && <> · {t('orderCentre.refunded')} {formatMoney(order.refunded)}</>}
            {order.coupon_code && <> · {t('orderCentre.coupon')} {order.coupon_code}</>}
          </p>
        </div>
      </header>

      <section className="card panel" aria-labelledby="lines-title">
        <h2 id="lines-title">{t('orderCentre.lines')}</h2>
        <div className="table-scroll">
          <table className="data-table" data-testid="order-lines">
            <thead>
              <tr>
                <th scope="col">{t('orderCentre.sku')}</th>
                <th scope="col" className="num">{t('orderCentre.quantity')}</th>
                <th scope="col" className="num">{t('orderCentre.unitPrice')}</th>
                <th scope="col" className="num">{t('orderCentre.discount')}</th>
                <th scope="col" className="num">{t('orderCentre.amount')}</th>
                <th scope="col" className="num">{t('orderCentre.shipped')}</th>
                <th scope="col" className="num">{t('orderCentre.returned')}</th>
                <th scope="col" className="num">{t('orderCentre.refunded')}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l) => (
                <tr key={l.line_no} data-testid={`order-line-${l.line_no}`}>
                  <th scope="row">{l.sku}</th>
                  <td className="num">{l.quantity}</td>
                  <td className="num">{formatMoney(l.unit_price)}</td>
                  <td className="num">{formatMoney(l.discount)}</td>
                  <td className="num">{formatMoney(l.amount)}</td>
                  <td className="num" data-testid={`shipped-${l.line_no}`}>{l.shipped_quantity}</td>
                  <td className="num">{l.returned_quantity}</td>
                  <td className="num">{formatMoney(l.refunded)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card panel" aria-labelledby="actions-title" data-testid="order-actions">
        <h2 id="actions-title">{t('orderCentre.actions')}</h2>
        {order.awaiting_transfer_id && <p className="notice notice-warning">{t('orderCentre.awaitingTransfer', { id: order.awaiting_transfer_id })}</p>}
        {order.allowed_actions.length === 0 && <p className="muted">{t('orderCentre.noActions')}</p>}
        <div className="toolbar">
          {(['pay', 'complete', 'refund'] as const).filter((a) => order.allowed_actions.includes(a)).map((a) => (
            <button key={a} type="button" className="button" disabled={busy} onClick={() => void act(a)} data-testid={`action-${a}`}>
              {t(`orderCentre.actionNames.${a}`)}
            </button>
          ))}
          {order.allowed_actions.includes('cancel') && <CancelForm busy={busy} onCancel={(reason) => void act('cancel', { reason })} />}
        </div>
        {order.allowed_actions.includes('ship') && <QuantityForm key={`ship-${order.timeline.length}`} order={order} mode="ship" busy={busy} onSubmit={(lines) => void act('ship', { lines })} onInvalid={setError} />}
        {order.allowed_actions.includes('return') && <QuantityForm key={`return-${order.timeline.length}`} order={order} mode="return" busy={busy} onSubmit={(lines) => void act('return', { lines })} onInvalid={setError} />}
        {error && <p className="state-error-inline" role="alert" data-testid="action-error">{error}</p>}
        {done && <p className="muted" role="status" data-testid="action-done">{done}</p>}
      </section>

      <section className="card panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('orderCentre.timeline')}</h2>
        <ol className="timeline" data-testid="order-timeline">
          {order.timeline.map((e, i) => (
            <li key={i} data-action={e.action ?? ''}>
              <strong>{e.action ? t(`orderCentre.actionNames.${e.action as 'place'}`) : e.to_status}</strong>{' '}
              {e.from_status && e.from_status !== e.to_status ? `${t(`orderCentre.statuses.${e.from_status}`)} → ` : ''}
              {t(`orderCentre.statuses.${e.to_status}`)} · {e.actor} · <span className="muted">{formatDateTime(e.at, timeZone, locale)}</span>
              {e.reason && <> · {t('orderCentre.reason')}: {e.reason}</>}
              {e.note && <> · {t('orderCentre.note')}: {e.note}</>}
              {e.detail?.lines && <> · {e.detail.lines.map((l) => `${l.sku} × ${l.quantity}`).join(', ')}</>}
              {e.detail?.refund && <> · {t('orderCentre.refunded')} {formatMoney(e.detail.refund)}</>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  )
}

function CancelForm({ busy, onCancel }: { busy: boolean; onCancel: (reason: string) => void }) {
  const { t } = useI18n()
  const [reason, setReason] = useState('customer_request')
  return (
    <span className="field-inline">
      <select aria-label={t('orderCentre.cancelReason')} value={reason} onChange={(e) => setReason(e.target.value)}>
        {(['customer_request', 'merchant', 'fraud'] as const).map((r) => (
          <option key={r} value={r}>{t(`orderCentre.reasons.${r}`)}</option>
        ))}
      </select>
      <button type="button" className="button" disabled={busy} onClick={() => onCancel(reason)} data-testid="action-cancel">
        {t('orderCentre.actionNames.cancel')}
      </button>
    </span>
  )
}

/** Quantities per line for a (partial) shipment or a return, prefilled with everything left. */
function QuantityForm({ order, mode, busy, onSubmit, onInvalid }: { order: OrderDetail; mode: Mode; busy: boolean; onSubmit: (lines: { line_no: number; quantity: number }[]) => void; onInvalid: (message: string) => void }) {
  const { t } = useI18n()
  const [entered, setEntered] = useState(() => initialQuantities(order.lines, mode))
  const submit = () => {
    const r = linesToSend(order.lines, entered, mode)
    if (r.ok) onSubmit(r.lines)
    else onInvalid(`${t('orderCentre.lines')} ${r.line_no}: 0–${r.max}`)
  }
  return (
    <fieldset className="quantity-form" data-testid={`${mode}-form`}>
      <legend>{t(mode === 'ship' ? 'orderCentre.shipPart' : 'orderCentre.returnPart')}</legend>
      {order.lines.map((l) => (
        <label key={l.line_no} className="field-inline">
          {l.sku} · {t(mode === 'ship' ? 'orderCentre.toShip' : 'orderCentre.toReturn')}
          <input
            inputMode="numeric"
            size={4}
            value={entered[l.line_no] ?? ''}
            onChange={(e) => setEntered({ ...entered, [l.line_no]: e.target.value })}
            data-testid={`${mode}-qty-${l.line_no}`}
          />
        </label>
      ))}
      <button type="button" className="button button-primary" disabled={busy} onClick={submit} data-testid={`${mode}-submit`}>
        {t('orderCentre.confirm')}
      </button>
    </fieldset>
  )
}
