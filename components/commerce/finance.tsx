'use client'

import { useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { useI18n } from '@/lib/i18n'
import { formatDateTime } from '@/lib/i18n/format'
import dynamic from 'next/dynamic'
import type { EChartsOption } from 'echarts'
import { Skeleton } from '@/components/dashboard/states'
import { DataTable, type Column } from '@/components/tables/data-table'
import { distributorsSchema, fetchFrom, holdsSchema, requestSchema, sendJson, settlementSchema, statementSchema, tiersSchema, type DistributorRow, type RequestRow, type SettlementRow } from './api'
import { creditChartOption } from './credit-chart'
import { FieldError, useFormState } from './form-state'
import { StatementTable, thisMonth, yuan } from './shared'

const EChart = dynamic(() => import('@/components/charts/echart'), { ssr: false, loading: () => <Skeleton height={260} /> })

const quarterOf = (day: string) => `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`

/**
 * Finance: orders held over the credit limit (approve or reject), every distributor's credit
 * position, accounts and limits, payments received, statements, and the quarter's rebate
 * settlement with payouts. Actions need credit:approve / finance:write; ops read only.
 */
export function Finance({ timeZone, canApprove, canWrite }: { timeZone: string; canApprove: boolean; canWrite: boolean }) {
  const { t, locale } = useI18n()
  const queryClient = useQueryClient()
  const holds = useQuery({ queryKey: ['credit-holds'], queryFn: fetchFrom('/api/v1/credit-holds', holdsSchema) })
  const accounts = useQuery({ queryKey: ['distributors'], queryFn: fetchFrom('/api/v1/distributors', distributorsSchema) })
  const tiers = useQuery({ queryKey: ['tiers'], queryFn: fetchFrom('/api/v1/pricing/tiers', tiersSchema) })
  const [selected, setSelected] = useState('')
  const distributorId = selected || accounts.data?.distributors[0]?.distributor_id || ''
  const [range, setRange] = useState(() => thisMonth(timeZone))
  const statement = useQuery({
    queryKey: ['distributor-statement', distributorId, range],
    queryFn: fetchFrom(`/api/v1/distributors/${encodeURIComponent(distributorId)}/statement`, statementSchema, range),
    enabled: distributorId !== '',
  })
  const [period, setPeriod] = useState(() => quarterOf(new Date().toLocaleDateString('sv-SE', { timeZone })))
  const rebates = useQuery({ queryKey: ['rebates', period], queryFn: fetchFrom('/api/v1/rebates', settlementSchema, { period }), enabled: /^\d{4}Q[1-4]$/.test(period) })
  const refresh = () => {
    for (const key of ['credit-holds', 'distributors', 'distributor-statement', 'rebates']) void queryClient.invalidateQueries({ queryKey: [key] })
  }

  const decision = useFormState()
  const decide = (id: string, action: 'approve' | 'reject') =>
    decision.run(async () => {
      await sendJson(`/api/v1/credit-holds/${encodeURIComponent(id)}/${action}`, {}, z.object({ request: requestSchema }).loose())
      refresh()
    })
  const holdColumns: Column<RequestRow>[] = [
    { id: 'distributor', header: t('commerce.distributor'), cell: (r) => r.distributor_id, csv: (r) => r.distributor_id },
    { id: 'at', header: t('commerce.requestedAt'), cell: (r) => formatDateTime(r.requested_at, timeZone, locale), csv: (r) => r.requested_at },
    { id: 'lines', header: t('commerce.lines'), cell: (r) => r.quote.lines.map((l) => `${l.sku}×${l.quantity}`).join(', '), csv: (r) => r.quote.lines.map((l) => `${l.sku}x${l.quantity}`).join(' ') },
    { id: 'total', header: t('commerce.total'), cell: (r) => yuan(r.total), csv: (r) => r.total, numeric: true },
    { id: 'exposure', header: t('commerce.exposureAtRequest'), cell: (r) => yuan(r.exposure_at_request), csv: (r) => r.exposure_at_request, numeric: true },
    { id: 'limit', header: t('commerce.creditLimit'), cell: (r) => yuan(r.credit_limit_at_request), csv: (r) => r.credit_limit_at_request, numeric: true },
    {
      id: 'actions',
      header: '',
      cell: (r) =>
        canApprove ? (
          <span className="toolbar">
            <button type="button" className="button button-primary" disabled={decision.busy} data-testid={`hold-approve-${r.request_id}`} onClick={() => void decide(r.request_id, 'approve')}>
              {t('commerce.approve')}
            </button>
            <button type="button" className="button" disabled={decision.busy} data-testid={`hold-reject-${r.request_id}`} onClick={() => void decide(r.request_id, 'reject')}>
              {t('commerce.reject')}
            </button>
          </span>
        ) : null,
      csv: () => '',
    },
  ]

  const accountColumns: Column<DistributorRow>[] = [
    { id: 'id', header: t('commerce.distributor'), cell: (d) => `${d.distributor_id} ${d.name}`, csv: (d) => d.distributor_id },
    { id: 'tier', header: t('commerce.tier'), cell: (d) => d.tier_id, csv: (d) => d.tier_id },
    { id: 'limit', header: t('commerce.creditLimit'), cell: (d) => yuan(d.credit_limit), csv: (d) => d.credit_limit, numeric: true },
    { id: 'receivable', header: t('commerce.receivable'), cell: (d) => yuan(d.credit.receivable), csv: (d) => d.credit.receivable, numeric: true },
    { id: 'open', header: t('commerce.openOrders'), cell: (d) => yuan(d.credit.open_orders), csv: (d) => d.credit.open_orders, numeric: true },
    { id: 'held', header: t('commerce.held'), cell: (d) => yuan(d.credit.held), csv: (d) => d.credit.held, numeric: true },
    { id: 'exposure', header: t('commerce.exposure'), cell: (d) => <span data-testid={`account-exposure-${d.distributor_id}`}>{yuan(d.credit.exposure)}</span>, csv: (d) => d.credit.exposure, numeric: true },
    { id: 'headroom', header: t('commerce.headroom'), cell: (d) => yuan(d.credit.headroom), csv: (d) => d.credit.headroom, numeric: true },
  ]

  const rebateColumns: Column<SettlementRow>[] = [
    { id: 'id', header: t('commerce.distributor'), cell: (s) => `${s.distributor_id} ${s.name}`, csv: (s) => s.distributor_id },
    { id: 'volume', header: t('commerce.volume'), cell: (s) => yuan(s.volume), csv: (s) => s.volume, numeric: true },
    { id: 'rate', header: t('commerce.rebateRate'), cell: (s) => `${s.rebate_percent}%`, csv: (s) => s.rebate_percent, numeric: true },
    { id: 'earned', header: t('commerce.earned'), cell: (s) => yuan(s.earned), csv: (s) => s.earned, numeric: true },
    { id: 'paid', header: t('commerce.paidOut'), cell: (s) => yuan(s.paid), csv: (s) => s.paid, numeric: true },
    { id: 'due', header: t('commerce.due'), cell: (s) => <span data-testid={`rebate-due-${s.distributor_id}`}>{yuan(s.due)}</span>, csv: (s) => s.due, numeric: true },
  ]

  const options = accounts.data?.distributors ?? []
  return (
    <div className="dashboard" data-testid="finance-page">
      <header className="page-header">
        <div>
          <h1>{t('commerce.financeTitle')}</h1>
          <p className="muted">{t('commerce.financeSubtitle')}</p>
        </div>
      </header>
      {decision.error && (
        <p className="notice notice-error" role="alert" data-testid="finance-error">
          {decision.error}
        </p>
      )}
      <DataTable title={t('commerce.holds')} columns={holdColumns} rows={holds.data?.requests} rowKey={(r) => r.request_id} error={holds.error} onRetry={() => void holds.refetch()} empty={t('commerce.holdsEmpty')} csvFileName="credit-holds.csv" testId="finance-holds" />
      <DataTable title={t('commerce.accounts')} columns={accountColumns} rows={options} rowKey={(d) => d.distributor_id} error={accounts.error} onRetry={() => void accounts.refetch()} empty={t('commerce.accountsEmpty')} csvFileName="distributors.csv" testId="finance-accounts" />
      {options.length > 0 && (
        <section className="card chart-card">
          <h2>{t('commerce.exposureChart')}</h2>
          <EChart option={creditChartOption(options, { limit: t('commerce.creditLimit'), exposure: t('commerce.exposure') }) as EChartsOption} height={260} ariaLabel={t('commerce.exposureChart')} />
        </section>
      )}
      {canWrite && <AccountForm tiers={tiers.data?.tiers.map((x) => x.tier_id) ?? []} onSaved={refresh} />}

      <section className="card commerce-card">
        <div className="toolbar">
          <label className="field-inline">
            {t('commerce.distributor')}
            <select value={distributorId} onChange={(e) => setSelected(e.target.value)} data-testid="finance-distributor">
              {options.map((d) => (
                <option key={d.distributor_id} value={d.distributor_id}>
                  {d.distributor_id} {d.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field-inline">
            {t('commerce.from')}
            <input type="date" value={range.from} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} />
          </label>
          <label className="field-inline">
            {t('commerce.to')}
            <input type="date" value={range.to} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} />
          </label>
        </div>
        {canWrite && distributorId && <PaymentForm distributorId={distributorId} timeZone={timeZone} onSaved={refresh} />}
      </section>
      <StatementTable statement={statement.data} error={statement.error} testId="finance-statement" />

      <section className="card commerce-card">
        <label className="field-inline">
          {t('commerce.period')}
          <input value={period} onChange={(e) => setPeriod(e.target.value.trim())} style={{ width: 110 }} data-testid="rebate-period" />
        </label>
      </section>
      <DataTable title={t('commerce.rebates')} columns={rebateColumns} rows={rebates.data?.settlements} rowKey={(s) => s.distributor_id} error={rebates.error} empty={t('commerce.rebatesEmpty')} csvFileName={`rebates-${period}.csv`} testId="finance-rebates" />
      {canWrite && <PayoutForm distributors={options.map((d) => d.distributor_id)} period={period} onSaved={refresh} />}
    </div>
  )
}

function AccountForm({ tiers, onSaved }: { tiers: string[]; onSaved: () => void }) {
  const { t } = useI18n()
  const form = useFormState()
  const [v, setV] = useState({ distributor_id: '', name: '', tier_id: '', credit_limit: '' })
  const save = () => form.run(() => sendJson('/api/v1/distributors', { ...v, tier_id: v.tier_id || tiers[0] || '' }, z.object({ distributor_id: z.string() }).loose()).then(onSaved), () => t('commerce.saved'))
  const field = (key: keyof typeof v, label: string) => (
    <label className="field" key={key}>
      {label}
      <input value={v[key]} onChange={(e) => setV({ ...v, [key]: e.target.value })} aria-invalid={form.fieldError(key) ? 'true' : undefined} data-testid={`account-${key}`} />
      <FieldError message={form.fieldError(key)} testId={`account-error-${key}`} />
    </label>
  )
  return (
    <section className="card commerce-card" data-testid="account-form">
      <h2>{t('commerce.accountForm')}</h2>
      <div className="two-col">
        {field('distributor_id', t('commerce.distributorId'))}
        {field('name', t('commerce.name'))}
        <label className="field">
          {t('commerce.tier')}
          <select value={v.tier_id || tiers[0] || ''} onChange={(e) => setV({ ...v, tier_id: e.target.value })}>
            {tiers.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
          <FieldError message={form.fieldError('tier_id')} />
        </label>
        {field('credit_limit', t('commerce.creditLimit'))}
      </div>
      <button type="button" className="button button-primary" disabled={form.busy} onClick={() => void save()} data-testid="account-save">
        {t('commerce.save')}
      </button>{' '}
      {form.done && <span className="muted">{form.done}</span>}
      {form.error && Object.keys(form.fields).length === 0 && <FieldError message={form.error} />}
    </section>
  )
}

function PaymentForm({ distributorId, timeZone, onSaved }: { distributorId: string; timeZone: string; onSaved: () => void }) {
  const { t } = useI18n()
  const form = useFormState()
  const [v, setV] = useState(() => ({ amount: '', received_on: new Date().toLocaleDateString('sv-SE', { timeZone }), reference: '' }))
  const save = () =>
    form.run(
      () => sendJson(`/api/v1/distributors/${encodeURIComponent(distributorId)}/payments`, v, z.object({ payment_id: z.string() }).loose()).then(onSaved),
      () => t('commerce.paymentRecorded'),
    )
  return (
    <div className="toolbar" data-testid="payment-form">
      <strong>{t('commerce.recordPayment')}</strong>
      <label className="field-inline">
        {t('commerce.amount')}
        <input value={v.amount} onChange={(e) => setV({ ...v, amount: e.target.value })} style={{ width: 120 }} aria-invalid={form.fieldError('amount') ? 'true' : undefined} data-testid="payment-amount" />
      </label>
      <FieldError message={form.fieldError('amount')} testId="payment-error-amount" />
      <label className="field-inline">
        {t('commerce.receivedOn')}
        <input type="date" value={v.received_on} onChange={(e) => setV({ ...v, received_on: e.target.value })} />
      </label>
      <FieldError message={form.fieldError('received_on')} />
      <label className="field-inline">
        {t('commerce.reference')}
        <input value={v.reference} onChange={(e) => setV({ ...v, reference: e.target.value })} style={{ width: 160 }} />
      </label>
      <button type="button" className="button button-primary" disabled={form.busy} onClick={() => void save()} data-testid="payment-save">
        {t('commerce.save')}
      </button>
      {form.done && <span className="muted">{form.done}</span>}
    </div>
  )
}

function PayoutForm({ distributors, period, onSaved }: { distributors: string[]; period: string; onSaved: () => void }) {
  const { t } = useI18n()
  const form = useFormState()
  const [v, setV] = useState({ distributor_id: '', amount: '', reference: '' })
  const save = () =>
    form.run(
      () => sendJson('/api/v1/rebates/payouts', { ...v, distributor_id: v.distributor_id || distributors[0] || '', period }, z.object({ due: z.string() }).loose()).then(onSaved),
      () => t('commerce.payoutRecorded'),
    )
  return (
    <section className="card commerce-card toolbar" data-testid="payout-form">
      <strong>{t('commerce.recordPayout', { period })}</strong>
      <select value={v.distributor_id || distributors[0] || ''} onChange={(e) => setV({ ...v, distributor_id: e.target.value })}>
        {distributors.map((d) => (
          <option key={d}>{d}</option>
        ))}
      </select>
      <label className="field-inline">
        {t('commerce.amount')}
        <input value={v.amount} onChange={(e) => setV({ ...v, amount: e.target.value })} style={{ width: 120 }} aria-invalid={form.fieldError('amount') ? 'true' : undefined} data-testid="payout-amount" />
      </label>
      <FieldError message={form.fieldError('amount') ?? form.fieldError('period')} testId="payout-error" />
      <label className="field-inline">
        {t('commerce.reference')}
        <input value={v.reference} onChange={(e) => setV({ ...v, reference: e.target.value })} style={{ width: 160 }} />
      </label>
      <button type="button" className="button button-primary" disabled={form.busy} onClick={() => void save()} data-testid="payout-save">
        {t('commerce.save')}
      </button>
      {form.done && <span className="muted">{form.done}</span>}
    </section>
  )
}
