'use client'

import { useState } from 'react'
import { useRouter } from 'next/navigation'
import { useI18n } from '@/lib/i18n'
import { channelLabel } from '@/lib/i18n/core'
import { CHANNEL_IDS } from '@/lib/events/channels'
import { launchCampaign } from './api'

const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)

/** Issue a coupon (amount or 满减 threshold, validity, channels, holdout share) to the segment. */
export function CampaignForm({ segmentId }: { segmentId: string }) {
  const { t, locale } = useI18n()
  const router = useRouter()
  const now = new Date()
  const [name, setName] = useState('')
  const [amount, setAmount] = useState('30.00')
  const [threshold, setThreshold] = useState('200.00')
  const [from, setFrom] = useState(local(now))
  const [to, setTo] = useState(local(new Date(now.getTime() + 7 * 86_400_000)))
  const [channels, setChannels] = useState<string[]>(['web', 'tmall', 'jd', 'miniprogram', 'douyin', 'store'])
  const [holdout, setHoldout] = useState('10')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    setError(null)
    setBusy(true)
    try {
      const c = await launchCampaign({
        name,
        segment_id: segmentId,
        amount,
        threshold,
        valid_from: new Date(from).toISOString(),
        valid_to: new Date(to).toISOString(),
        channels,
        holdout_share: Number(holdout) / 100,
      })
      router.push(`/campaigns/${encodeURIComponent(c.campaign_id)}`)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" data-testid="campaign-form">
      <header className="card-header">
        <h2>{t('campaigns.launch')}</h2>
      </header>
      <label className="field">
        {t('campaigns.name')}
        <input data-testid="campaign-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
      </label>
      <div className="toolbar">
        <label className="field">
          {t('campaigns.amount')}
          <input data-testid="campaign-amount" value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" />
        </label>
        <label className="field">
          {t('campaigns.threshold')}
          <input data-testid="campaign-threshold" value={threshold} onChange={(e) => setThreshold(e.target.value)} inputMode="decimal" />
        </label>
        <label className="field">
          {t('campaigns.holdout')} (%)
          <input data-testid="campaign-holdout" type="number" min={0} max={50} value={holdout} onChange={(e) => setHoldout(e.target.value)} />
        </label>
      </div>
      <div className="toolbar">
        <label className="field">
          {t('campaigns.validFrom')}
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="field">
          {t('campaigns.validTo')}
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <fieldset className="toolbar">
        <legend>{t('campaigns.channels')}</legend>
        {CHANNEL_IDS.map((c) => (
          <label key={c} className="field-inline">
            <input type="checkbox" checked={channels.includes(c)} onChange={(e) => setChannels(e.target.checked ? [...channels, c] : channels.filter((x) => x !== c))} />
            {channelLabel(c, locale)}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="notice notice-error" role="alert" data-testid="campaign-error">
          {error}
        </p>
      )}
      <button type="button" className="button button-primary" data-testid="campaign-launch" disabled={busy || !name.trim() || channels.length === 0} onClick={() => void submit()}>
        {t('campaigns.launch')}
      </button>
    </section>
  )
}
