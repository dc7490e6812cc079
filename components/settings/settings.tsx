'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useSession } from 'next-auth/react'
import { useEffect, useState, type FormEvent } from 'react'
import { CHANNEL_IDS } from '@/lib/events/channels'
import { channelLabel, useI18n } from '@/lib/i18n'
import { formatDateTime } from '@/lib/i18n/format'
import { ApiError } from '@/components/dashboard/api'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { DataTable, type Column } from '@/components/tables/data-table'
import { fetchRules, fetchSettings, postJson, type RuleRow, type SettingsResponse } from '@/components/orders/api'
import { settingsBody, type SettingsDraft } from './draft'

type AuditRow = SettingsResponse['audit'][number]
const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v))

/** Operational rules: ops read them, admins change them (validated by the server, audited, effective at once). */
export function Settings({ timeZone }: { timeZone: string }) {
  const { t, locale } = useI18n()
  const queryClient = useQueryClient()
  const { data: session } = useSession()
  const canEdit = session?.user?.role === 'admin'
  const settings = useQuery({ queryKey: ['settings'], queryFn: ({ signal }) => fetchSettings({ signal }) })
  const rules = useQuery({ queryKey: ['rules'], queryFn: ({ signal }) => fetchRules({ signal }) })
  const [draft, setDraft] = useState<SettingsDraft | null>(null)
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)

  useEffect(() => {
    if (settings.data && !draft) {
      const s = settings.data.settings
      setDraft({
        store_radius_km: String(s.store_radius_km),
        unpaid_expiry_minutes: String(s.unpaid_expiry_minutes),
        buffers: Object.fromEntries(CHANNEL_IDS.map((c) => [c, String(s.channel_buffers[c] ?? 0)])),
      })
    }
  }, [settings.data, draft])

  const post = async (path: string, body: unknown) => {
    setMessage(null)
    try {
      await postJson(path, body)
      setMessage({ error: false, text: t('settingsPage.saved') })
      void queryClient.invalidateQueries({ queryKey: ['settings'] })
      void queryClient.invalidateQueries({ queryKey: ['rules'] })
    } catch (e) {
      const text = e instanceof ApiError && e.field ? t('settingsPage.invalid', { field: e.field, message: e.message }) : e instanceof Error ? e.message : String(e)
      setMessage({ error: true, text })
    }
  }
  const save = (e: FormEvent) => {
    e.preventDefault()
    if (draft) void post('/api/v1/settings', settingsBody(draft))
  }

  if (settings.error && !settings.data) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
  if (!settings.data || !draft) return <Skeleton height={240} />

  const ruleColumns: Column<RuleRow>[] = [
    { id: 'sku', header: t('stockPage.sku'), cell: (r) => r.sku, csv: (r) => r.sku },
    { id: 'location', header: t('stockPage.location'), cell: (r) => r.location_id, csv: (r) => r.location_id },
    { id: 'safety', header: t('settingsPage.safetyStock'), cell: (r) => r.safety_stock, csv: (r) => r.safety_stock, numeric: true },
    { id: 'reorder', header: t('settingsPage.reorderPoint'), cell: (r) => r.reorder_point, csv: (r) => r.reorder_point, numeric: true },
    { id: 'target', header: t('settingsPage.targetLevel'), cell: (r) => r.target_level, csv: (r) => r.target_level, numeric: true },
    { id: 'available', header: t('stockPage.available'), cell: (r) => r.available, csv: (r) => r.available, numeric: true },
    { id: 'incoming', header: t('stockPage.incoming'), cell: (r) => r.incoming, csv: (r) => r.incoming, numeric: true },
  ]
  const auditColumns: Column<AuditRow>[] = [
    { id: 'at', header: t('settingsPage.at'), cell: (r) => formatDateTime(r.at, timeZone, locale), csv: (r) => r.at },
    { id: 'subject', header: t('settingsPage.subject'), cell: (r) => r.subject, csv: (r) => r.subject },
    { id: 'old', header: t('settingsPage.oldValue'), cell: (r) => show(r.old_value), csv: (r) => show(r.old_value) },
    { id: 'new', header: t('settingsPage.newValue'), cell: (r) => show(r.new_value), csv: (r) => show(r.new_value) },
    { id: 'actor', header: t('settingsPage.actor'), cell: (r) => r.actor, csv: (r) => r.actor },
  ]

  return (
    <div className="dashboard" data-testid="settings-page">
      <header className="page-header">
        <div>
          <h1>{t('settingsPage.title')}</h1>
          <p className="muted">{t('settingsPage.subtitle')}</p>
        </div>
      </header>
      {!canEdit && <p className="notice">{t('settingsPage.readOnly')}</p>}
      {message && <p className={message.error ? 'state-error-inline' : 'muted'} role={message.error ? 'alert' : 'status'} data-testid="settings-message">{message.text}</p>}
      <form className="card panel" onSubmit={save} data-testid="settings-form">
        <fieldset disabled={!canEdit}>
          <label className="field">
            {t('settingsPage.radius')}
            <input inputMode="decimal" value={draft.store_radius_km} onChange={(e) => setDraft({ ...draft, store_radius_km: e.target.value })} data-testid="setting-radius" />
          </label>
          <label className="field">
            {t('settingsPage.expiry')}
            <input inputMode="numeric" value={draft.unpaid_expiry_minutes} onChange={(e) => setDraft({ ...draft, unpaid_expiry_minutes: e.target.value })} data-testid="setting-expiry" />
          </label>
          <fieldset>
            <legend>{t('settingsPage.buffers')}</legend>
            {CHANNEL_IDS.map((c) => (
              <label key={c} className="field-inline">
                {channelLabel(c, locale)}
                <input inputMode="numeric" size={5} value={draft.buffers[c] ?? '0'} onChange={(e) => setDraft({ ...draft, buffers: { ...draft.buffers, [c]: e.target.value } })} data-testid={`setting-buffer-${c}`} />
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button button-primary" data-testid="settings-save">{t('settingsPage.save')}</button>
        </fieldset>
      </form>
      <DataTable
        title={t('settingsPage.rules')}
        columns={ruleColumns}
        rows={rules.data?.rules}
        rowKey={(r) => `${r.sku}@${r.location_id}`}
        error={rules.error}
        empty={t('settingsPage.noRules')}
        csvFileName="replenishment-rules.csv"
        testId="rules-table"
        footnote={canEdit ? <RuleForm onSave={(body) => post('/api/v1/replenishment/rules', body)} /> : undefined}
      />
      <DataTable title={t('settingsPage.audit')} columns={auditColumns} rows={settings.data.audit} rowKey={(r) => String(r.audit_id)} empty="—" csvFileName="settings-audit.csv" testId="settings-audit" />
    </div>
  )
}

function RuleForm({ onSave }: { onSave: (body: unknown) => Promise<void> }) {
  const { t } = useI18n()
  const [f, setF] = useState({ sku: '', location_id: '', safety_stock: '0', reorder_point: '0', target_level: '0' })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void onSave({ sku: f.sku.trim(), location_id: f.location_id.trim(), safety_stock: Number(f.safety_stock), reorder_point: Number(f.reorder_point), target_level: Number(f.target_level) })
  }
  const field = (key: keyof typeof f, label: string, size = 5) => (
    <label className="field-inline">
      {label} <input value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} size={size} />
    </label>
  )
  return (
    <form className="toolbar" onSubmit={submit} data-testid="rule-form">
      {field('sku', t('stockPage.sku'), 10)}
      {field('location_id', t('stockPage.location'), 10)}
      {field('safety_stock', t('settingsPage.safetyStock'))}
      {field('reorder_point', t('settingsPage.reorderPoint'))}
      {field('target_level', t('settingsPage.targetLevel'))}
      <button type="submit" className="button button-primary">{t('settingsPage.addRule')}</button>
    </form>
  )
}
