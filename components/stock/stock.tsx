'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useSession } from 'next-auth/react'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { channelLabel, useI18n } from '@/lib/i18n'
import { formatDateTime } from '@/lib/i18n/format'
import { refusalText } from '@/components/dashboard/api'
import { DataTable, type Column } from '@/components/tables/data-table'
import {
  fetchBalances,
  fetchChannelRows,
  fetchMovements,
  fetchSuggestions,
  fetchTransfers,
  postJson,
  type BalanceRow,
  type ChannelRow,
  type MovementRow,
  type SuggestionRow,
  type TransferRow,
} from '@/components/orders/api'

const KINDS = ['receipt', 'reservation', 'release', 'sale', 'return', 'adjustment', 'transfer_out', 'transfer_in'] as const
const signed = (n: number) => (n > 0 ? `+${n}` : n === 0 ? '' : String(n))

/** Stock by SKU or location (`?sku=`, `?location_id=`), a position's ledger, transfers, replenishment and channel availability. */
export function Stock({ timeZone }: { timeZone: string }) {
  const { t, locale } = useI18n()
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const queryClient = useQueryClient()
  const { data: session } = useSession()
  const canWrite = ['admin', 'ops', 'store'].includes(session?.user?.role ?? '')
  const sku = params.get('sku') ?? ''
  const location = params.get('location_id') ?? ''
  const [draft, setDraft] = useState({ sku, location })
  const [selected, setSelected] = useState<BalanceRow | null>(null)
  const [error, setError] = useState<string | null>(null)

  const filter = Object.fromEntries(Object.entries({ sku, location_id: location }).filter(([, v]) => v !== ''))
  const balances = useQuery({ queryKey: ['stock', filter], queryFn: ({ signal }) => fetchBalances(filter, { signal }) })
  const historyFilter = selected ? { sku: selected.sku, location_id: selected.location_id } : filter
  const history = useQuery({ queryKey: ['movements', historyFilter], queryFn: ({ signal }) => fetchMovements({ ...historyFilter, limit: '100' }, { signal }) })
  const transfers = useQuery({ queryKey: ['transfers'], queryFn: ({ signal }) => fetchTransfers({ signal }) })
  const suggestions = useQuery({ queryKey: ['suggestions'], queryFn: ({ signal }) => fetchSuggestions({ signal }) })
  const channelSku = selected?.sku ?? sku
  const channels = useQuery({ queryKey: ['channel-availability', channelSku], queryFn: ({ signal }) => fetchChannelRows({ sku: channelSku }, { signal }), enabled: channelSku !== '' })

  const refresh = () => {
    for (const key of ['stock', 'movements', 'transfers', 'suggestions', 'channel-availability']) void queryClient.invalidateQueries({ queryKey: [key] })
  }
  const post = async (path: string, body?: unknown) => {
    setError(null)
    try {
      await postJson(path, body)
      refresh()
    } catch (e) {
      setError(refusalText(e))
    }
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setSelected(null)
    const qs = new URLSearchParams(Object.entries({ sku: draft.sku.trim(), location_id: draft.location.trim() }).filter(([, v]) => v !== ''))
    router.replace(`${pathname}${qs.size ? `?${qs}` : ''}`)
  }

  const balanceColumns: Column<BalanceRow>[] = [
    { id: 'sku', header: t('stockPage.sku'), cell: (r) => r.sku, csv: (r) => r.sku },
    { id: 'location', header: t('stockPage.location'), cell: (r) => r.location_id, csv: (r) => r.location_id },
    { id: 'on_hand', header: t('stockPage.onHand'), cell: (r) => r.on_hand, csv: (r) => r.on_hand, numeric: true },
    { id: 'reserved', header: t('stockPage.reserved'), cell: (r) => r.reserved, csv: (r) => r.reserved, numeric: true },
    { id: 'in_transit', header: t('stockPage.inTransit'), cell: (r) => r.in_transit, csv: (r) => r.in_transit, numeric: true },
    { id: 'incoming', header: t('stockPage.incoming'), cell: (r) => r.incoming, csv: (r) => r.incoming, numeric: true },
    { id: 'available', header: t('stockPage.available'), cell: (r) => <strong>{r.available}</strong>, csv: (r) => r.available, numeric: true },
  ]
  const kindLabel = (k: string) => ((KINDS as readonly string[]).includes(k) ? t(`stockPage.kinds.${k as (typeof KINDS)[number]}`) : k)
  const movementColumns: Column<MovementRow>[] = [
    { id: 'at', header: t('stockPage.at'), cell: (r) => formatDateTime(r.occurred_at, timeZone, locale), csv: (r) => r.occurred_at },
    { id: 'position', header: `${t('stockPage.sku')}@${t('stockPage.location')}`, cell: (r) => `${r.sku}@${r.location_id}`, csv: (r) => `${r.sku}@${r.location_id}` },
    { id: 'kind', header: t('stockPage.kind'), cell: (r) => kindLabel(r.kind), csv: (r) => r.kind },
    { id: 'on_hand', header: t('stockPage.onHand'), cell: (r) => signed(r.on_hand_delta), csv: (r) => r.on_hand_delta, numeric: true },
    { id: 'reserved', header: t('stockPage.reserved'), cell: (r) => signed(r.reserved_delta), csv: (r) => r.reserved_delta, numeric: true },
    { id: 'in_transit', header: t('stockPage.inTransit'), cell: (r) => signed(r.in_transit_delta), csv: (r) => r.in_transit_delta, numeric: true },
    { id: 'incoming', header: t('stockPage.incoming'), cell: (r) => signed(r.incoming_delta), csv: (r) => r.incoming_delta, numeric: true },
    { id: 'reference', header: t('stockPage.reference'), cell: (r) => r.reference, csv: (r) => r.reference },
    { id: 'actor', header: t('stockPage.actor'), cell: (r) => r.actor, csv: (r) => r.actor },
  ]
  const transferColumns: Column<TransferRow>[] = [
    { id: 'id', header: 'ID', cell: (r) => r.transfer_id, csv: (r) => r.transfer_id },
    { id: 'route', header: `${t('stockPage.from')} → ${t('stockPage.to')}`, cell: (r) => `${r.from_location_id} → ${r.to_location_id}`, csv: (r) => `${r.from_location_id} -> ${r.to_location_id}` },
    { id: 'lines', header: t('stockPage.quantity'), cell: (r) => r.lines.map((l) => `${l.sku} × ${l.quantity}`).join(', '), csv: (r) => r.lines.map((l) => `${l.sku} x ${l.quantity}`).join('; ') },
    { id: 'status', header: t('stockPage.status'), cell: (r) => t(`stockPage.transferStatuses.${r.status}`), csv: (r) => r.status },
    { id: 'reason', header: t('stockPage.reference'), cell: (r) => `${r.reason}${r.reference ? ` · ${r.reference}` : ''}`, csv: (r) => r.reference ?? r.reason },
    {
      id: 'actions',
      header: '',
      cell: (r) =>
        canWrite &&
        r.allowed_actions.map((a) => (
          <button key={a} type="button" className="button button-ghost" data-testid={`transfer-${a}-${r.transfer_id}`} onClick={() => void post(`/api/v1/transfers/${encodeURIComponent(r.transfer_id)}/actions`, { action: a })}>
            {t(`stockPage.transferActions.${a}`)}
          </button>
        )),
      csv: () => '',
    },
  ]
  const suggestionColumns: Column<SuggestionRow>[] = [
    { id: 'position', header: `${t('stockPage.sku')}@${t('stockPage.location')}`, cell: (r) => `${r.sku}@${r.location_id}`, csv: (r) => `${r.sku}@${r.location_id}` },
    { id: 'kind', header: t('stockPage.kind'), cell: (r) => <>{t(`stockPage.suggestionKinds.${r.kind}`)}{r.from_location_id ? ` ← ${r.from_location_id}` : ''} {r.urgent && <span className="badge badge-warning">{t('stockPage.urgent')}</span>}</>, csv: (r) => r.kind },
    { id: 'available', header: t('stockPage.available'), cell: (r) => r.available, csv: (r) => r.available, numeric: true },
    { id: 'quantity', header: t('stockPage.quantity'), cell: (r) => r.quantity, csv: (r) => r.quantity, numeric: true },
    {
      id: 'decide',
      header: '',
      cell: (r) =>
        canWrite && (
          <>
            <button type="button" className="button button-ghost" onClick={() => void post(`/api/v1/replenishment/suggestions/${encodeURIComponent(r.suggestion_id)}`, { decision: 'accept' })}>{t('stockPage.accept')}</button>
            <button type="button" className="button button-ghost" onClick={() => void post(`/api/v1/replenishment/suggestions/${encodeURIComponent(r.suggestion_id)}`, { decision: 'dismiss' })}>{t('stockPage.dismiss')}</button>
          </>
        ),
      csv: () => '',
    },
  ]
  const channelColumns: Column<ChannelRow>[] = [
    { id: 'channel', header: t('orderCentre.channel'), cell: (r) => channelLabel(r.channel, locale), csv: (r) => r.channel },
    { id: 'pool', header: t('stockPage.available'), cell: (r) => r.pool_available, csv: (r) => r.pool_available, numeric: true },
    { id: 'buffer', header: t('stockPage.buffer'), cell: (r) => r.buffer, csv: (r) => r.buffer, numeric: true },
    { id: 'quantity', header: t('stockPage.channelQuantity'), cell: (r) => <strong>{r.quantity}</strong>, csv: (r) => r.quantity, numeric: true },
  ]

  return (
    <div className="dashboard" data-testid="stock-page">
      <header className="page-header">
        <div>
          <h1>{t('stockPage.title')}</h1>
          <p className="muted">{t('stockPage.subtitle')}</p>
        </div>
      </header>
      <form className="card panel toolbar" onSubmit={submit}>
        <label className="field">
          {t('stockPage.sku')}
          <input value={draft.sku} onChange={(e) => setDraft({ ...draft, sku: e.target.value })} data-testid="stock-sku" />
        </label>
        <label className="field">
          {t('stockPage.location')}
          <input value={draft.location} onChange={(e) => setDraft({ ...draft, location: e.target.value })} data-testid="stock-location" />
        </label>
        <button type="submit" className="button button-primary">{t('stockPage.filter')}</button>
      </form>
      {error && <p className="state-error-inline" role="alert" data-testid="stock-error">{error}</p>}
      <DataTable
        title={t('stockPage.balances')}
        columns={balanceColumns}
        rows={balances.data?.rows}
        rowKey={(r) => `${r.sku}@${r.location_id}`}
        onRowClick={(r) => setSelected(r)}
        rowTestIdPrefix="stock-row-"
        rowTitle={t('stockPage.historyHint')}
        error={balances.error}
        onRetry={() => void balances.refetch()}
        empty={t('stockPage.empty')}
        csvFileName="stock.csv"
        testId="stock-table"
        maxRows={300}
      />
      <DataTable
        title={<>{t('stockPage.history')}{selected ? ` · ${selected.sku}@${selected.location_id}` : ''}</>}
        columns={movementColumns}
        rows={history.data?.movements}
        rowKey={(r) => r.movement_id}
        error={history.error}
        onRetry={() => void history.refetch()}
        empty={t('stockPage.historyHint')}
        csvFileName="stock-ledger.csv"
        testId="movements-table"
      />
      {channelSku !== '' && (
        <DataTable title={`${t('stockPage.channels')} · ${channelSku}`} columns={channelColumns} rows={channels.data?.rows} rowKey={(r) => r.channel} error={channels.error} empty="" csvFileName="channel-availability.csv" testId="channel-table" />
      )}
      <DataTable
        title={t('stockPage.transfers')}
        columns={transferColumns}
        rows={transfers.data?.transfers}
        rowKey={(r) => r.transfer_id}
        error={transfers.error}
        empty={t('stockPage.noTransfers')}
        csvFileName="transfers.csv"
        testId="transfers-table"
        footnote={canWrite ? <TransferForm onRequest={(body) => post('/api/v1/transfers', body)} /> : undefined}
      />
      <DataTable
        title={t('stockPage.suggestions')}
        columns={suggestionColumns}
        rows={suggestions.data?.suggestions}
        rowKey={(r) => r.suggestion_id}
        error={suggestions.error}
        empty={t('stockPage.noSuggestions')}
        csvFileName="replenishment.csv"
        testId="suggestions-table"
        actions={canWrite ? <button type="button" className="button" onClick={() => void post('/api/v1/replenishment/evaluate')}>{t('stockPage.evaluate')}</button> : undefined}
      />
    </div>
  )
}

function TransferForm({ onRequest }: { onRequest: (body: unknown) => Promise<void> }) {
  const { t } = useI18n()
  const [f, setF] = useState({ from: '', to: '', sku: '', quantity: '1' })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void onRequest({ from_location_id: f.from.trim(), to_location_id: f.to.trim(), lines: [{ sku: f.sku.trim(), quantity: Number(f.quantity) }] })
  }
  return (
    <form className="toolbar" onSubmit={submit} data-testid="transfer-form">
      <strong>{t('stockPage.newTransfer')}</strong>
      <label className="field-inline">{t('stockPage.from')} <input value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} size={10} /></label>
      <label className="field-inline">{t('stockPage.to')} <input value={f.to} onChange={(e) => setF({ ...f, to: e.target.value })} size={10} /></label>
      <label className="field-inline">{t('stockPage.sku')} <input value={f.sku} onChange={(e) => setF({ ...f, sku: e.target.value })} size={10} /></label>
      <label className="field-inline">{t('stockPage.quantity')} <input value={f.quantity} onChange={(e) => setF({ ...f, quantity: e.target.value })} size={4} inputMode="numeric" /></label>
      <button type="submit" className="button button-primary">{t('stockPage.request')}</button>
    </form>
  )
}
