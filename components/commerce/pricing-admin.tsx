'use client'

import { useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { CHANNEL_IDS } from '@/lib/events/channels'
import { channelLabel, useI18n } from '@/lib/i18n'
import { formatDateTime } from '@/lib/i18n/format'
import { DataTable, type Column } from '@/components/tables/data-table'
import { fetchFrom, promotionsSchema, sendJson, tiersSchema, type PromotionView, type RuleView, type TierView } from './api'
import { FieldError, useFormState } from './form-state'
import { yuan } from './shared'

/** Rules and brackets are edited as text; the server validates and names the field it refuses. */
type RuleText = { rule_id: string; scope: 'sku' | 'category'; target: string; min_quantity: string; kind: 'price' | 'percent_off'; value: string }
type BracketText = { min_volume: string; percent: string }

const ruleText = (r: RuleView): RuleText => ({ rule_id: r.rule_id, scope: r.scope, target: r.target, min_quantity: String(r.min_quantity), kind: r.kind, value: r.kind === 'price' ? (r.price ?? '') : String(r.percent_off ?? '') })
const number = (s: string) => (s.trim() === '' || Number.isNaN(Number(s)) ? s : Number(s))
const ruleBody = (r: RuleText) => ({
  rule_id: r.rule_id,
  scope: r.scope,
  target: r.target,
  min_quantity: number(r.min_quantity),
  kind: r.kind,
  ...(r.kind === 'price' ? { price: r.value.trim() } : { percent_off: number(r.value) }),
})

/** Tiers with their price lists and rebate brackets, and promotions (pricing:write to edit). */
export function PricingAdmin({ timeZone, canWrite }: { timeZone: string; canWrite: boolean }) {
  const { t, locale } = useI18n()
  const queryClient = useQueryClient()
  const tiers = useQuery({ queryKey: ['tiers'], queryFn: fetchFrom('/api/v1/pricing/tiers', tiersSchema) })
  const promotions = useQuery({ queryKey: ['promotions'], queryFn: fetchFrom('/api/v1/pricing/promotions', promotionsSchema) })
  const [editing, setEditing] = useState<TierView | 'new' | null>(null)
  const [promotion, setPromotion] = useState<PromotionView | null>(null)
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['tiers'] })
    void queryClient.invalidateQueries({ queryKey: ['promotions'] })
  }
  const tierColumns: Column<TierView>[] = [
    { id: 'id', header: t('commerce.tier'), cell: (x) => `${x.tier_id} · ${x.name}`, csv: (x) => x.tier_id },
    { id: 'rules', header: t('commerce.rules'), cell: (x) => x.price_rules.length, csv: (x) => x.price_rules.length, numeric: true },
    { id: 'brackets', header: t('commerce.rebateBrackets'), cell: (x) => x.rebate_brackets.map((b) => `≥${yuan(b.min_volume)} → ${b.percent}%`).join('; ') || '—', csv: (x) => x.rebate_brackets.map((b) => `${b.min_volume}:${b.percent}`).join(' ') },
    { id: 'updated', header: t('commerce.updated'), cell: (x) => `${formatDateTime(x.updated_at, timeZone, locale)} · ${x.updated_by}`, csv: (x) => x.updated_at },
    {
      id: 'edit',
      header: '',
      cell: (x) =>
        canWrite ? (
          <button type="button" className="button" onClick={() => setEditing(x)} data-testid={`tier-edit-${x.tier_id}`}>
            {t('commerce.edit')}
          </button>
        ) : null,
      csv: () => '',
    },
  ]
  const promotionColumns: Column<PromotionView>[] = [
    { id: 'id', header: t('commerce.promotion'), cell: (p) => `${p.promotion_id} · ${p.name}`, csv: (p) => p.promotion_id },
    { id: 'rule', header: t('commerce.promotionRule'), cell: (p) => t(p.repeating ? 'commerce.everySpend' : 'commerce.spend', { threshold: yuan(p.threshold), discount: yuan(p.discount) }) + (p.cap ? ` · ${t('commerce.cap')} ${yuan(p.cap)}` : ''), csv: (p) => `${p.threshold}-${p.discount}` },
    { id: 'channels', header: t('commerce.channels'), cell: (p) => p.channels.map((c) => channelLabel(c, locale)).join('、'), csv: (p) => p.channels.join(' ') },
    { id: 'window', header: t('commerce.window'), cell: (p) => `${formatDateTime(p.starts_at, timeZone, locale)} – ${formatDateTime(p.ends_at, timeZone, locale)}`, csv: (p) => `${p.starts_at} ${p.ends_at}` },
    { id: 'priority', header: t('commerce.priority'), cell: (p) => `${p.priority}${p.exclusive ? ` · ${t('commerce.exclusive')}` : ''}${p.active ? '' : ` · ${t('commerce.inactive')}`}`, csv: (p) => p.priority, numeric: true },
    {
      id: 'edit',
      header: '',
      cell: (p) =>
        canWrite ? (
          <button type="button" className="button" onClick={() => setPromotion(p)} data-testid={`promotion-edit-${p.promotion_id}`}>
            {t('commerce.edit')}
          </button>
        ) : null,
      csv: () => '',
    },
  ]
  return (
    <div className="dashboard" data-testid="pricing-page">
      <header className="page-header">
        <div>
          <h1>{t('commerce.pricingTitle')}</h1>
          <p className="muted">{t('commerce.pricingSubtitle')}</p>
        </div>
        {canWrite && (
          <button type="button" className="button" onClick={() => setEditing('new')} data-testid="tier-new">
            {t('commerce.newTier')}
          </button>
        )}
      </header>
      <DataTable title={t('commerce.tiers')} columns={tierColumns} rows={tiers.data?.tiers} rowKey={(x) => x.tier_id} error={tiers.error} onRetry={() => void tiers.refetch()} empty={t('commerce.tiersEmpty')} csvFileName="tiers.csv" testId="pricing-tiers" />
      {editing && <TierForm key={editing === 'new' ? 'new' : editing.tier_id} tier={editing === 'new' ? null : editing} onSaved={refresh} />}
      <DataTable title={t('commerce.promotions')} columns={promotionColumns} rows={promotions.data?.promotions} rowKey={(p) => p.promotion_id} error={promotions.error} empty={t('commerce.promotionsEmpty')} csvFileName="promotions.csv" testId="pricing-promotions" />
      {canWrite && <PromotionForm key={promotion?.promotion_id ?? 'new'} promotion={promotion} timeZone={timeZone} onSaved={refresh} />}
    </div>
  )
}

function TierForm({ tier, onSaved }: { tier: TierView | null; onSaved: () => void }) {
  const { t } = useI18n()
  const form = useFormState()
  const [id, setId] = useState(tier?.tier_id ?? '')
  const [name, setName] = useState(tier?.name ?? '')
  const [rules, setRules] = useState<RuleText[]>(tier?.price_rules.map(ruleText) ?? [])
  const [brackets, setBrackets] = useState<BracketText[]>(tier?.rebate_brackets.map((b) => ({ min_volume: b.min_volume, percent: String(b.percent) })) ?? [])
  const setRule = (i: number, patch: Partial<RuleText>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const err = (path: string) => form.fieldError(path)
  const save = () =>
    form.run(
      () =>
        sendJson(
          '/api/v1/pricing/tiers',
          { tier_id: id, name, price_rules: rules.map(ruleBody), rebate_brackets: brackets.map((b) => ({ min_volume: b.min_volume.trim(), percent: number(b.percent) })) },
          z.object({ tier_id: z.string() }).loose(),
        ).then(onSaved),
      () => t('commerce.saved'),
    )
  return (
    <section className="card commerce-card" data-testid="tier-form">
      <h2>{tier ? t('commerce.editTier', { tier: tier.tier_id }) : t('commerce.newTier')}</h2>
      <div className="two-col">
        <label className="field">
          {t('commerce.tierId')}
          <input value={id} disabled={tier !== null} onChange={(e) => setId(e.target.value)} data-testid="tier-id" aria-invalid={err('tier_id') ? 'true' : undefined} />
          <FieldError message={err('tier_id')} testId="tier-error-tier_id" />
        </label>
        <label className="field">
          {t('commerce.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="tier-name" aria-invalid={err('name') ? 'true' : undefined} />
          <FieldError message={err('name')} testId="tier-error-name" />
        </label>
      </div>
      <h3>{t('commerce.rules')}</h3>
      <p className="muted">{t('commerce.rulesHint')}</p>
      <FieldError message={err('price_rules')} testId="tier-error-price_rules" />
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('commerce.ruleId')}</th>
            <th>{t('commerce.scope')}</th>
            <th>{t('commerce.target')}</th>
            <th>{t('commerce.minQuantity')}</th>
            <th>{t('commerce.kind')}</th>
            <th>{t('commerce.value')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => (
            <tr key={i} data-testid={`rule-row-${i}`}>
              <td>
                <input value={r.rule_id} onChange={(e) => setRule(i, { rule_id: e.target.value })} data-testid={`rule-${i}-rule_id`} aria-invalid={err(`price_rules.${i}.rule_id`) ? 'true' : undefined} />
                <FieldError message={err(`price_rules.${i}.rule_id`)} />
              </td>
              <td>
                <select value={r.scope} onChange={(e) => setRule(i, { scope: e.target.value as RuleText['scope'] })} data-testid={`rule-${i}-scope`}>
                  <option value="sku">{t('commerce.scopeSku')}</option>
                  <option value="category">{t('commerce.scopeCategory')}</option>
                </select>
              </td>
              <td>
                <input value={r.target} onChange={(e) => setRule(i, { target: e.target.value })} data-testid={`rule-${i}-target`} aria-invalid={err(`price_rules.${i}.target`) ? 'true' : undefined} />
                <FieldError message={err(`price_rules.${i}.target`)} testId={`rule-${i}-error-target`} />
              </td>
              <td>
                <input value={r.min_quantity} onChange={(e) => setRule(i, { min_quantity: e.target.value })} style={{ width: 80 }} data-testid={`rule-${i}-min_quantity`} aria-invalid={err(`price_rules.${i}.min_quantity`) ? 'true' : undefined} />
                <FieldError message={err(`price_rules.${i}.min_quantity`)} />
              </td>
              <td>
                <select value={r.kind} onChange={(e) => setRule(i, { kind: e.target.value as RuleText['kind'] })} data-testid={`rule-${i}-kind`}>
                  <option value="price">{t('commerce.kindPrice')}</option>
                  <option value="percent_off">{t('commerce.kindPercent')}</option>
                </select>
              </td>
              <td>
                <input value={r.value} onChange={(e) => setRule(i, { value: e.target.value })} style={{ width: 100 }} data-testid={`rule-${i}-value`} aria-invalid={err(`price_rules.${i}.${r.kind}`) ? 'true' : undefined} />
                <FieldError message={err(`price_rules.${i}.${r.kind}`)} testId={`rule-${i}-error-value`} />
              </td>
              <td>
                <button type="button" className="button button-ghost" onClick={() => setRules(rules.filter((_, j) => j !== i))}>
                  {t('commerce.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="button" onClick={() => setRules([...rules, { rule_id: `r${rules.length + 1}`, scope: 'category', target: '', min_quantity: '1', kind: 'percent_off', value: '' }])} data-testid="rule-add">
        {t('commerce.addRule')}
      </button>
      <h3>{t('commerce.rebateBrackets')}</h3>
      {brackets.map((b, i) => (
        <div key={i} className="toolbar">
          <label className="field-inline">
            {t('commerce.minVolume')}
            <input value={b.min_volume} onChange={(e) => setBrackets(brackets.map((x, j) => (j === i ? { ...x, min_volume: e.target.value } : x)))} style={{ width: 140 }} />
          </label>
          <FieldError message={err(`rebate_brackets.${i}.min_volume`)} />
          <label className="field-inline">
            {t('commerce.rebateRate')}
            <input value={b.percent} onChange={(e) => setBrackets(brackets.map((x, j) => (j === i ? { ...x, percent: e.target.value } : x)))} style={{ width: 80 }} />
          </label>
          <FieldError message={err(`rebate_brackets.${i}.percent`)} />
          <button type="button" className="button button-ghost" onClick={() => setBrackets(brackets.filter((_, j) => j !== i))}>
            {t('commerce.remove')}
          </button>
        </div>
      ))}
      <div className="toolbar">
        <button type="button" className="button" onClick={() => setBrackets([...brackets, { min_volume: '', percent: '' }])}>
          {t('commerce.addBracket')}
        </button>
        <button type="button" className="button button-primary" disabled={form.busy} onClick={() => void save()} data-testid="tier-save">
          {t('commerce.save')}
        </button>
        {form.done && <span className="muted" data-testid="tier-saved">{form.done}</span>}
      </div>
    </section>
  )
}

/** An instant as the value of a datetime-local input in the configured time zone. */
const localInput = (iso: string, timeZone: string) => new Date(iso).toLocaleString('sv-SE', { timeZone }).slice(0, 16).replace(' ', 'T')

function PromotionForm({ promotion, timeZone, onSaved }: { promotion: PromotionView | null; timeZone: string; onSaved: () => void }) {
  const { t, locale } = useI18n()
  const form = useFormState()
  const today = new Date().toLocaleDateString('sv-SE', { timeZone })
  const [v, setV] = useState(() =>
    promotion
      ? { ...promotion, cap: promotion.cap ?? '', priority: String(promotion.priority), starts_at: localInput(promotion.starts_at, timeZone), ends_at: localInput(promotion.ends_at, timeZone) }
      : { promotion_id: '', name: '', threshold: '', discount: '', repeating: false, cap: '', channels: ['distributor'] as string[], starts_at: `${today}T00:00`, ends_at: `${today}T23:59`, priority: '0', exclusive: false, active: true },
  )
  // The form's local times are in the configured zone (Asia/Shanghai by default: +08:00).
  const offset = () => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date())
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+08:00'
    return name === 'GMT' ? '+00:00' : name.replace('GMT', '')
  }
  const save = () =>
    form.run(
      () =>
        sendJson(
          '/api/v1/pricing/promotions',
          { ...v, cap: v.cap.trim() === '' ? null : v.cap.trim(), priority: number(v.priority), starts_at: `${v.starts_at}:00${offset()}`, ends_at: `${v.ends_at}:00${offset()}` },
          z.object({ promotion_id: z.string() }).loose(),
        ).then(onSaved),
      () => t('commerce.saved'),
    )
  const text = (key: 'promotion_id' | 'name' | 'threshold' | 'discount' | 'cap' | 'priority', label: string) => (
    <label className="field" key={key}>
      {label}
      <input value={v[key]} disabled={key === 'promotion_id' && promotion !== null} onChange={(e) => setV({ ...v, [key]: e.target.value })} aria-invalid={form.fieldError(key) ? 'true' : undefined} data-testid={`promotion-${key}`} />
      <FieldError message={form.fieldError(key)} testId={`promotion-error-${key}`} />
    </label>
  )
  return (
    <section className="card commerce-card" data-testid="promotion-form">
      <h2>{promotion ? t('commerce.editPromotion', { promotion: promotion.promotion_id }) : t('commerce.promotionForm')}</h2>
      <div className="two-col">
        {text('promotion_id', t('commerce.promotionId'))}
        {text('name', t('commerce.name'))}
        {text('threshold', t('commerce.threshold'))}
        {text('discount', t('commerce.discount'))}
        {text('cap', t('commerce.cap'))}
        {text('priority', t('commerce.priority'))}
        <label className="field">
          {t('commerce.startsAt')}
          <input type="datetime-local" value={v.starts_at} onChange={(e) => setV({ ...v, starts_at: e.target.value })} />
          <FieldError message={form.fieldError('starts_at')} />
        </label>
        <label className="field">
          {t('commerce.endsAt')}
          <input type="datetime-local" value={v.ends_at} onChange={(e) => setV({ ...v, ends_at: e.target.value })} data-testid="promotion-ends_at" />
          <FieldError message={form.fieldError('ends_at')} testId="promotion-error-ends_at" />
        </label>
      </div>
      <fieldset>
        <legend>{t('commerce.channels')}</legend>
        {CHANNEL_IDS.map((c) => (
          <label key={c} className="field-inline">
            <input type="checkbox" style={{ width: 'auto', height: 'auto' }} checked={v.channels.includes(c)} onChange={(e) => setV({ ...v, channels: e.target.checked ? [...v.channels, c] : v.channels.filter((x) => x !== c) })} />
            {channelLabel(c, locale)}
          </label>
        ))}
        <FieldError message={form.fieldError('channels')} testId="promotion-error-channels" />
      </fieldset>
      <div className="toolbar">
        {(['repeating', 'exclusive', 'active'] as const).map((key) => (
          <label key={key} className="field-inline">
            <input type="checkbox" style={{ width: 'auto', height: 'auto' }} checked={v[key]} onChange={(e) => setV({ ...v, [key]: e.target.checked })} />
            {t(`commerce.${key}`)}
          </label>
        ))}
        <button type="button" className="button button-primary" disabled={form.busy} onClick={() => void save()} data-testid="promotion-save">
          {t('commerce.save')}
        </button>
        {form.done && <span className="muted">{form.done}</span>}
      </div>
    </section>
  )
}
