'use client'

import { useMutation, useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { CHANNEL_IDS, type Channel } from '@/lib/events/channels'
import { channelLabel } from '@/lib/i18n/core'
import { useI18n } from '@/lib/i18n'
import { COLUMN_FIELDS, REQUIRED_COLUMNS, type ColumnField, type ImportMappingInput } from '@/lib/import/mapping'
import { formFromMapping, mappingFromForm, progressPercent, type MappingForm } from './form'

type Upload = { upload_id: string; bytes: number; header: string[]; sample: string[][]; suggested_mapping: ImportMappingInput }
type PreviewRow = {
  row: number
  ok: boolean
  order_id: string
  order_date: string | null
  channel: string | null
  customer: string | null
  region: string | null
  category: string | null
  sku: string | null
  quantity: number | null
  net_amount: string | null
  cost: string | null
  issues: { column: string; value: string; reason: string }[]
}
type Job = {
  id: string
  state: 'running' | 'done' | 'failed'
  error: string | null
  has_errors: boolean
  progress: { phase: string; rows_total: number | null; rows_read: number; rows_imported: number; rows_rejected: number; orders_imported: number; customers: number; percent: number; rows_per_second: number }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin', ...init })
  const body = (await res.json().catch(() => null)) as { error?: { message?: string; field?: string } } | null
  if (!res.ok) throw new Error(body?.error ? `${body.error.field ? `${body.error.field}: ` : ''}${body.error.message ?? res.status}` : `HTTP ${res.status}`)
  return body as T
}
const postJson = <T,>(url: string, body: unknown) => call<T>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

const n = (x: number | null | undefined) => (x ?? 0).toLocaleString()

/** Upload → map → preview → run, with a progress bar polled from the server's background job. */
export function ImportWizard({ defaultTimeZone }: { defaultTimeZone: string }) {
  const { t, locale } = useI18n()
  const [file, setFile] = useState<File | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  // A file chosen while the page was still hydrating fired no onChange React saw: pick it up.
  useEffect(() => setFile((f) => f ?? fileInput.current?.files?.[0] ?? null), [])
  const [upload, setUpload] = useState<Upload | null>(null)
  const [form, setForm] = useState<MappingForm | null>(null)
  const [jobId, setJobId] = useState<string | null>(null)

  const uploading = useMutation({
    mutationFn: (f: File) => call<Upload>('/api/v1/imports/uploads', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: f }),
    onSuccess: (u) => {
      setUpload(u)
      setForm(formFromMapping(u.suggested_mapping))
      setJobId(null)
    },
  })
  const previewing = useMutation({
    mutationFn: (f: MappingForm) => postJson<{ rows: PreviewRow[] }>('/api/v1/imports/preview', { upload_id: upload!.upload_id, mapping: mappingFromForm(f), rows: 20 }),
  })
  const starting = useMutation({
    mutationFn: (f: MappingForm) => postJson<Job>('/api/v1/imports', { upload_id: upload!.upload_id, mapping: mappingFromForm(f) }),
    onSuccess: (job) => setJobId(job.id),
  })
  const job = useQuery({
    queryKey: ['import-job', jobId],
    queryFn: () => call<Job>(`/api/v1/imports/${jobId}`),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data && q.state.data.state !== 'running' ? false : 500),
  })

  const set = <K extends keyof MappingForm>(key: K, value: MappingForm[K]) => setForm((f) => (f ? { ...f, [key]: value } : f))
  const setColumn = (field: ColumnField, value: string) => setForm((f) => (f ? { ...f, columns: { ...f.columns, [field]: value } } : f))
  const header = upload?.header ?? []
  const columnSelect = (value: string, onChange: (v: string) => void, testId: string, optional = true) => (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {optional || value === '' ? <option value="">{t('import.notMapped')}</option> : null}
      {header.map((h) => (
        <option key={h} value={h}>
          {h}
        </option>
      ))}
    </select>
  )
  const failure = (e: Error | null) => (e ? <p className="notice notice-error" role="alert" data-testid="import-error">{t('import.requestFailed', { message: e.message })}</p> : null)
  const p = job.data?.progress
  const percent = progressPercent(job.data ? { phase: job.data.state === 'done' ? 'done' : p!.phase, percent: p!.percent } : undefined)

  return (
    <div className="dashboard">
      <header className="page-header">
        <div>
          <h1>{t('import.title')}</h1>
          <p className="muted">{t('import.subtitle')}</p>
        </div>
      </header>
      <p className="notice">{t('import.notice')}</p>

      <Step title={t('import.stepUpload')}>
        <div className="field-inline">
          <label htmlFor="import-file">{t('import.file')}</label>
          <input ref={fileInput} id="import-file" type="file" accept=".csv,text/csv" data-testid="import-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <button className="button button-primary" type="button" disabled={!file || uploading.isPending} onClick={() => file && uploading.mutate(file)} data-testid="import-upload">
            {uploading.isPending ? t('import.uploading') : t('import.upload')}
          </button>
        </div>
        {upload ? <p className="muted" data-testid="import-uploaded">{t('import.uploaded', { bytes: n(upload.bytes), columns: upload.header.length })}</p> : null}
        {failure(uploading.error)}
      </Step>

      {form ? (
        <Step title={t('import.stepMap')}>
          <div className="two-col">
            <div>
              {COLUMN_FIELDS.map((f) => {
                const required = (REQUIRED_COLUMNS as readonly string[]).includes(f)
                return (
                  <div className="field" key={f}>
                    <label>
                      {t(`import.fields.${f}`)}
                      {required ? <span className="muted"> · {t('import.required')}</span> : null}
                    </label>
                    {columnSelect(form.columns[f], (v) => setColumn(f, v), `map-${f}`, !required)}
                  </div>
                )
              })}
            </div>
            <div>
              <div className="field">
                <label>{t('import.namespace')}</label>
                <input value={form.namespace} onChange={(e) => set('namespace', e.target.value)} data-testid="map-namespace" />
                <span className="muted">{t('import.namespaceHint')}</span>
              </div>
              <div className="field">
                <label>{t('import.channel')}</label>
                <select value={form.channelMode} onChange={(e) => set('channelMode', e.target.value as MappingForm['channelMode'])} data-testid="map-channel-mode">
                  <option value="constant">{t('import.constant')}</option>
                  <option value="column">{t('import.fromColumn')}</option>
                </select>
                {form.channelMode === 'constant' ? (
                  <select value={form.channelConstant} onChange={(e) => set('channelConstant', e.target.value as Channel)} data-testid="map-channel-constant">
                    {CHANNEL_IDS.map((c) => (
                      <option key={c} value={c}>
                        {channelLabel(c, locale)}
                      </option>
                    ))}
                  </select>
                ) : (
                  columnSelect(form.channelColumn, (v) => set('channelColumn', v), 'map-channel-column', false)
                )}
              </div>
              <div className="field">
                <label>{t('import.store')}</label>
                <select value={form.storeMode} onChange={(e) => set('storeMode', e.target.value as MappingForm['storeMode'])} data-testid="map-store-mode">
                  <option value="constant">{t('import.constant')}</option>
                  <option value="column">{t('import.fromColumn')}</option>
                </select>
                {form.storeMode === 'constant' ? (
                  <input value={form.storeConstant} onChange={(e) => set('storeConstant', e.target.value)} data-testid="map-store-constant" />
                ) : (
                  columnSelect(form.storeColumn, (v) => set('storeColumn', v), 'map-store-column', false)
                )}
              </div>
              <div className="field">
                <label>{t('import.amountIs')}</label>
                <select value={form.amountIs} onChange={(e) => set('amountIs', e.target.value as MappingForm['amountIs'])} data-testid="map-amount-is">
                  <option value="net">{t('import.amountNet')}</option>
                  <option value="gross">{t('import.amountGross')}</option>
                </select>
              </div>
              <div className="field">
                <label>{t('import.discount')}</label>
                <select value={form.discountKind} onChange={(e) => set('discountKind', e.target.value as MappingForm['discountKind'])} data-testid="map-discount-kind">
                  <option value="none">{t('import.discountNone')}</option>
                  <option value="amount">{t('import.discountAmount')}</option>
                  <option value="rate">{t('import.discountRate')}</option>
                </select>
                {form.discountKind !== 'none' ? columnSelect(form.discountColumn, (v) => set('discountColumn', v), 'map-discount-column', false) : null}
              </div>
              <div className="field">
                <label>{t('import.cost')}</label>
                <select value={form.costKind} onChange={(e) => set('costKind', e.target.value as MappingForm['costKind'])} data-testid="map-cost-kind">
                  <option value="profit">{t('import.costProfit')}</option>
                  <option value="unit">{t('import.costUnit')}</option>
                  <option value="line">{t('import.costLine')}</option>
                </select>
                {columnSelect(form.costColumn, (v) => set('costColumn', v), 'map-cost-column', false)}
              </div>
              <div className="field">
                <label>{t('import.categoryFrom')}</label>
                <select value={form.categoryFrom} onChange={(e) => set('categoryFrom', e.target.value as MappingForm['categoryFrom'])} data-testid="map-category-from">
                  <option value="category">{t('import.categoryCategory')}</option>
                  <option value="sub_category">{t('import.categorySub')}</option>
                  <option value="both">{t('import.categoryBoth')}</option>
                </select>
              </div>
              <div className="field">
                <label>{t('import.dateFormats')}</label>
                <input value={form.dateFormats} onChange={(e) => set('dateFormats', e.target.value)} data-testid="map-date-formats" />
              </div>
              <div className="field">
                <label>{t('import.timeZone', { timeZone: defaultTimeZone })}</label>
                <input value={form.timeZone} placeholder={defaultTimeZone} onChange={(e) => set('timeZone', e.target.value)} data-testid="map-time-zone" />
              </div>
            </div>
          </div>
        </Step>
      ) : null}

      {form ? (
        <Step title={t('import.stepPreview')}>
          <button className="button" type="button" disabled={previewing.isPending} onClick={() => previewing.mutate(form)} data-testid="import-preview">
            {previewing.isPending ? t('import.previewing') : t('import.preview')}
          </button>
          {failure(previewing.error)}
          {previewing.data ? (
            <>
              <p className="muted">{t('import.previewHint', { n: previewing.data.rows.length })}</p>
              <div className="table-scroll">
                <table className="data-table" data-testid="import-preview-table">
                  <thead>
                    <tr>
                      {(['row', 'status', 'orderId', 'orderDate', 'channel', 'customer', 'region', 'category', 'sku', 'quantity', 'amount', 'cost', 'issues'] as const).map((k) => (
                        <th key={k}>{t(`import.table.${k}`)}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {previewing.data.rows.map((r) => (
                      <tr key={r.row} data-testid={`preview-row-${r.row}`} data-ok={r.ok ? 'true' : 'false'}>
                        <td className="num">{r.row}</td>
                        <td>{r.ok ? <span className="badge badge-ok">{t('import.ok')}</span> : <span className="badge badge-warning">{t('import.bad')}</span>}</td>
                        <td>{r.order_id}</td>
                        <td>{r.order_date ? new Date(r.order_date).toLocaleDateString(locale === 'zh' ? 'zh-CN' : 'en-US', { timeZone: form.timeZone || defaultTimeZone }) : ''}</td>
                        <td>{r.channel ? channelLabel(r.channel, locale) : ''}</td>
                        <td>{r.customer}</td>
                        <td>{r.region}</td>
                        <td>{r.category}</td>
                        <td>{r.sku}</td>
                        <td className="num">{r.quantity ?? ''}</td>
                        <td className="num">{r.net_amount ? `¥${r.net_amount}` : ''}</td>
                        <td className="num">{r.cost ? `¥${r.cost}` : ''}</td>
                        <td>{r.issues.map((i) => `${i.column}: ${i.reason}`).join('; ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </Step>
      ) : null}

      {form ? (
        <Step title={t('import.stepRun')}>
          <button className="button button-primary" type="button" disabled={starting.isPending || job.data?.state === 'running'} onClick={() => starting.mutate(form)} data-testid="import-run">
            {t('import.run')}
          </button>
          {failure(starting.error)}
          {job.data ? (
            <div data-testid="import-job" data-state={job.data.state}>
              <p>
                <strong data-testid="import-phase">
                  {job.data.state === 'failed' ? t('import.phaseFailed') : job.data.state === 'done' ? t('import.phaseDone') : p!.phase === 'scanning' ? t('import.phaseScanning') : t('import.phaseImporting')}
                </strong>
              </p>
              <progress max={100} value={percent} style={{ width: '100%', height: 16 }} data-testid="import-progress" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} />
              <p className="muted" data-testid="import-progress-text">
                {t('import.progress', { percent, read: n(p!.rows_read), total: n(p!.rows_total), rate: n(p!.rows_per_second) })}
              </p>
              {job.data.state === 'failed' ? <p className="notice notice-error">{job.data.error}</p> : null}
              {job.data.state === 'done' ? (
                <>
                  <p data-testid="import-summary" data-rejected={p!.rows_rejected}>
                    {t('import.summary', { rows: n(p!.rows_imported), orders: n(p!.orders_imported), customers: n(p!.customers), rejected: n(p!.rows_rejected) })}
                  </p>
                  {job.data.has_errors ? (
                    <a className="button" href={`/api/v1/imports/${job.data.id}/errors`} download data-testid="import-errors">
                      {t('import.downloadErrors')}
                    </a>
                  ) : (
                    <p className="muted">{t('import.noErrors')}</p>
                  )}
                </>
              ) : null}
            </div>
          ) : null}
          {failure(job.error)}
        </Step>
      ) : null}
    </div>
  )
}

function Step({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card" style={{ marginBottom: 16 }}>
      <h2 style={{ marginTop: 0 }}>{title}</h2>
      {children}
    </section>
  )
}
