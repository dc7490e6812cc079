'use client'

import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { useRouter } from 'next/navigation'
import { useI18n } from '@/lib/i18n'
import { formatDateTime } from '@/lib/i18n/format'
import type { RuleGroup } from '@/lib/customers/segments/rules'
import { post, saveSegment, type SegmentDetail } from './api'
import { CampaignForm } from './campaign-form'
import { SegmentPreview } from './preview'
import { RuleBuilder } from './rule-builder'
import { fromRules, toRules } from './rules-draft'

/** Name, rules and live preview of a segment; for a saved one also versions, snapshots, export and a campaign. */
export function SegmentEditor({ initial, detail }: { initial: { name: string; description: string; rules: RuleGroup }; detail?: SegmentDetail }) {
  const { t, locale } = useI18n()
  const router = useRouter()
  const queryClient = useQueryClient()
  const [name, setName] = useState(initial.name)
  const [description, setDescription] = useState(initial.description)
  const [draft, setDraft] = useState(() => fromRules(initial.rules))
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const rules = toRules(draft)
  const id = detail?.segment.segment_id ?? null
  const canEdit = detail ? detail.can_edit : true

  const save = async () => {
    setError(null)
    try {
      const saved = await saveSegment(id, { name, description, rules })
      setMessage(t('segments.saved', { v: saved.version }))
      void queryClient.invalidateQueries({ queryKey: ['segment', saved.segment_id] })
      void queryClient.invalidateQueries({ queryKey: ['segments'] })
      if (!id) router.push(`/segments/${encodeURIComponent(saved.segment_id)}`)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const snapshot = async () => {
    setError(null)
    try {
      await post(`/api/v1/segments/${encodeURIComponent(id!)}/snapshots`, {})
      void queryClient.invalidateQueries({ queryKey: ['segment', id] })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const refresh = async () => {
    await post('/api/v1/segments/refresh', {}).catch((e: Error) => setError(e.message))
    void queryClient.invalidateQueries({ queryKey: ['segment-preview'] })
  }

  return (
    <div className="dashboard" data-testid="segment-editor">
      {!canEdit && <p className="muted">{t('segments.readOnly')}</p>}
      <section className="card">
        <label className="field">
          {t('segments.name')}
          <input data-testid="segment-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} disabled={!canEdit} />
        </label>
        <label className="field">
          {t('segments.description')}
          <input data-testid="segment-description" value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} disabled={!canEdit} />
        </label>
      </section>
      <RuleBuilder value={draft} onChange={setDraft} readOnly={!canEdit} />
      <SegmentPreview rules={rules} />
      {canEdit && (
        <div className="toolbar">
          <button type="button" className="button button-primary" data-testid="segment-save" disabled={!name.trim()} onClick={() => void save()}>
            {id ? t('segments.saveNew') : t('segments.save')}
          </button>
          <button type="button" className="button" data-testid="segment-refresh" onClick={() => void refresh()}>
            {t('segments.refresh')}
          </button>
          {message && <span className="badge badge-ok" data-testid="segment-saved">{message}</span>}
        </div>
      )}
      {error && (
        <p className="notice notice-error" role="alert" data-testid="segment-error">
          {error}
        </p>
      )}
      {detail && (
        <>
          <section className="card" data-testid="segment-versions">
            <header className="card-header">
              <h2>
                {t('segments.versions')} · {t('segments.version', { v: detail.segment.version })}
              </h2>
              <div className="toolbar">
                <a className="button" data-testid="segment-export" href={`/api/v1/segments/${encodeURIComponent(detail.segment.segment_id)}/members?format=csv&limit=100000`} download>
                  {t('segments.export')}
                </a>
                {canEdit && (
                  <button type="button" className="button" data-testid="segment-snapshot" onClick={() => void snapshot()}>
                    {t('segments.snapshot')}
                  </button>
                )}
              </div>
            </header>
            <p className="muted">{t('segments.exportHint')}</p>
            <ul>
              {detail.versions.map((v) => (
                <li key={v.version}>
                  {t('segments.version', { v: v.version })} · {v.name} · {v.saved_by} · {formatDateTime(v.saved_at, detail.time_zone, locale)}
                </li>
              ))}
            </ul>
            <h3>{t('segments.snapshots')}</h3>
            <ul data-testid="segment-snapshots">
              {detail.snapshots.map((s) => (
                <li key={s.snapshot_id}>{t('segments.snapshotRow', { v: s.version, n: s.member_count, at: formatDateTime(s.taken_at, detail.time_zone, locale) })}</li>
              ))}
            </ul>
          </section>
          {detail.can_launch && <CampaignForm segmentId={detail.segment.segment_id} />}
        </>
      )}
    </div>
  )
}
