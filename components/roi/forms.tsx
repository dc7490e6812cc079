'use client'

import { useState, type FormEvent, type ReactNode } from 'react'
import { useI18n } from '@/lib/i18n'
import { DEFAULT_KPIS, KPI_DEFS, MEASURE_DEFS, MEASURES, ROI_KPIS, type Measure, type RoiKpi } from '@/lib/roi/catalogue'
import { ApiError } from '@/components/dashboard/api'
import { postRoi, type RoiReport } from './api'
import { inputValue, toApiValue } from './format'

/** Submits a form's body; shows the refusal naming the field, or "saved". */
function useSubmit(onDone: (result: unknown) => void) {
  const { t } = useI18n()
  const [state, setState] = useState<{ busy: boolean; error: string | null; saved: boolean }>({ busy: false, error: null, saved: false })
  const submit = async (path: string, body: unknown) => {
    setState({ busy: true, error: null, saved: false })
    try {
      const result = await postRoi(path, body)
      setState({ busy: false, error: null, saved: true })
      onDone(result)
    } catch (e) {
      const message = e instanceof ApiError && e.field ? t('roi.invalid', { field: e.field, message: e.message }) : e instanceof Error ? e.message : String(e)
      setState({ busy: false, error: message, saved: false })
    }
  }
  const status: ReactNode = state.error ? (
    <p className="state-error-inline" role="alert" data-testid="roi-form-error">{state.error}</p>
  ) : state.saved ? (
    <span className="muted" role="status">{t('roi.saved')}</span>
  ) : null
  return { submit, busy: state.busy, status }
}

type Targets = Partial<Record<RoiKpi, string>>

/** Which KPIs to track, each with its target in the KPI's unit. */
function KpiTargets({ targets, onChange }: { targets: Targets; onChange: (next: Targets) => void }) {
  const { t } = useI18n()
  return (
    <fieldset className="roi-targets">
      <legend>{t('roi.kpi')} · {t('roi.target')}</legend>
      {ROI_KPIS.map((kpi) => {
        const on = targets[kpi] !== undefined
        return (
          <div key={kpi} className="field-inline">
            <label>
              <input
                type="checkbox"
                checked={on}
                data-testid={`roi-track-${kpi}`}
                onChange={(e) => {
                  const next = { ...targets }
                  if (e.target.checked) next[kpi] = ''
                  else delete next[kpi]
                  onChange(next)
                }}
              />{' '}
              {t(`roi.kpis.${kpi}`)} <span className="muted">({t(KPI_DEFS[kpi].direction === 'lower' ? 'roi.lower' : 'roi.higher')})</span>
            </label>
            {on && (
              <input
                aria-label={`${t(`roi.kpis.${kpi}`)} ${t('roi.target')}`}
                data-testid={`roi-target-${kpi}`}
                inputMode="decimal"
                value={targets[kpi] ?? ''}
                onChange={(e) => onChange({ ...targets, [kpi]: e.target.value })}
                size={10}
              />
            )}
          </div>
        )
      })}
    </fieldset>
  )
}

const targetList = (targets: Targets) =>
  (Object.entries(targets) as [RoiKpi, string][]).map(([kpi, text]) => ({ kpi, target: toApiValue(KPI_DEFS[kpi].unit, text) }))

type AssumptionText = { hourly_labour_cost: string; labour_hours_per_processing_hour: string; cost_of_capital_rate: string }
const assumptionBody = (a: AssumptionText) => ({
  hourly_labour_cost: a.hourly_labour_cost.trim() === '' ? null : a.hourly_labour_cost.trim(),
  labour_hours_per_processing_hour: a.labour_hours_per_processing_hour.trim() === '' ? null : toApiValue('ratio', a.labour_hours_per_processing_hour),
  cost_of_capital_rate: a.cost_of_capital_rate.trim() === '' ? null : toApiValue('rate', a.cost_of_capital_rate),
})

function AssumptionFields({ value, onChange }: { value: AssumptionText; onChange: (v: AssumptionText) => void }) {
  const { t } = useI18n()
  const field = (key: keyof AssumptionText, label: string) => (
    <label className="field-inline" key={key}>
      {label}
      <input data-testid={`roi-assumption-${key}`} inputMode="decimal" value={value[key]} onChange={(e) => onChange({ ...value, [key]: e.target.value })} size={10} />
    </label>
  )
  return (
    <fieldset>
      <legend>{t('roi.assumptions')}</legend>
      {field('hourly_labour_cost', t('roi.hourlyLabourCost'))}
      {field('labour_hours_per_processing_hour', t('roi.labourHoursPerProcessingHour'))}
      {field('cost_of_capital_rate', t('roi.costOfCapitalRate'))}
    </fieldset>
  )
}

function DateRangeFields({ label, hint, from, to, onChange, testId }: { label: string; hint: string; from: string; to: string; onChange: (from: string, to: string) => void; testId: string }) {
  const { t } = useI18n()
  return (
    <div className="field-inline">
      <span>{label}</span>
      <input type="date" aria-label={`${label} ${t('roi.from')}`} data-testid={`${testId}-from`} value={from} onChange={(e) => onChange(e.target.value, to)} />
      <input type="date" aria-label={`${label} ${t('roi.to')}`} data-testid={`${testId}-to`} value={to} onChange={(e) => onChange(from, e.target.value)} />
      <span className="muted">{hint}</span>
    </div>
  )
}

const optionalRange = (prefix: 'baseline' | 'current', from: string, to: string) => (from || to ? { [`${prefix}_from`]: from || undefined, [`${prefix}_to`]: to || undefined } : {})

/** A new programme: name, go-live, optional windows, tracked KPIs with targets, assumptions. */
export function CreateProgrammeForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useI18n()
  const [name, setName] = useState('')
  const [goLive, setGoLive] = useState('')
  const [baseline, setBaseline] = useState({ from: '', to: '' })
  const [current, setCurrent] = useState({ from: '', to: '' })
  const [targets, setTargets] = useState<Targets>(Object.fromEntries(DEFAULT_KPIS.map((k) => [k, ''])))
  const [assumptions, setAssumptions] = useState<AssumptionText>({ hourly_labour_cost: '', labour_hours_per_processing_hour: '', cost_of_capital_rate: '' })
  const { submit, busy, status } = useSubmit((r) => {
    if (typeof r === 'object' && r !== null && 'id' in r && typeof r.id === 'string') onCreated(r.id)
  })
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void submit('/api/v1/roi', {
      name,
      go_live: goLive,
      ...optionalRange('baseline', baseline.from, baseline.to),
      ...optionalRange('current', current.from, current.to),
      kpis: targetList(targets),
      assumptions: assumptionBody(assumptions),
    })
  }
  return (
    <form className="card roi-form" onSubmit={onSubmit} data-testid="roi-create-form">
      <h2>{t('roi.newProgramme')}</h2>
      <label className="field-inline">
        {t('roi.name')}
        <input data-testid="roi-new-name" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label className="field-inline">
        {t('roi.goLive')}
        <input type="date" data-testid="roi-new-golive" value={goLive} onChange={(e) => setGoLive(e.target.value)} required />
      </label>
      <DateRangeFields label={t('roi.baselineWindow')} hint={t('roi.defaultBaseline')} from={baseline.from} to={baseline.to} onChange={(from, to) => setBaseline({ from, to })} testId="roi-new-baseline" />
      <DateRangeFields label={t('roi.currentWindow')} hint={t('roi.defaultCurrent')} from={current.from} to={current.to} onChange={(from, to) => setCurrent({ from, to })} testId="roi-new-current" />
      <KpiTargets targets={targets} onChange={setTargets} />
      <AssumptionFields value={assumptions} onChange={setAssumptions} />
      <button type="submit" className="button button-primary" disabled={busy} data-testid="roi-create">
        {busy ? t('roi.saving') : t('roi.create')}
      </button>
      {status}
    </form>
  )
}

/** Settings of an existing programme: tracked KPIs and targets, current window, assumptions. */
export function SettingsForm({ report, onSaved }: { report: RoiReport; onSaved: () => void }) {
  const { t } = useI18n()
  const p = report.programme
  const [targets, setTargets] = useState<Targets>(Object.fromEntries(report.kpis.map((k) => [k.kpi, inputValue(k.target)])))
  const [current, setCurrent] = useState(p.current.default ? { from: '', to: '' } : { from: p.current.from, to: p.current.to })
  const [assumptions, setAssumptions] = useState<AssumptionText>({
    hourly_labour_cost: p.assumptions.hourly_labour_cost ?? '',
    labour_hours_per_processing_hour: inputValue(p.assumptions.labour_hours_per_processing_hour),
    cost_of_capital_rate: inputValue(p.assumptions.cost_of_capital_rate),
  })
  const { submit, busy, status } = useSubmit(onSaved)
  return (
    <form
      className="card roi-form"
      data-testid="roi-settings-form"
      onSubmit={(e) => {
        e.preventDefault()
        const window = current.from || current.to ? { current_from: current.from || undefined, current_to: current.to || undefined } : { current_from: null, current_to: null }
        void submit(`/api/v1/roi/${encodeURIComponent(p.id)}`, { kpis: targetList(targets), ...window, assumptions: assumptionBody(assumptions) })
      }}
    >
      <h2>{t('roi.settings')}</h2>
      <DateRangeFields label={t('roi.currentWindow')} hint={t('roi.defaultCurrent')} from={current.from} to={current.to} onChange={(from, to) => setCurrent({ from, to })} testId="roi-settings-current" />
      <KpiTargets targets={targets} onChange={setTargets} />
      <AssumptionFields value={assumptions} onChange={setAssumptions} />
      <button type="submit" className="button button-primary" disabled={busy} data-testid="roi-settings-save">
        {busy ? t('roi.saving') : t('roi.save')}
      </button>
      {status}
    </form>
  )
}

/** A baseline entered by hand for a tracked KPI (or cleared). */
export function ManualBaselineForm({ report, onSaved }: { report: RoiReport; onSaved: () => void }) {
  const { t } = useI18n()
  const [kpi, setKpi] = useState<RoiKpi | ''>(report.kpis[0]?.kpi ?? '')
  const [value, setValue] = useState('')
  const { submit, busy, status } = useSubmit(() => {
    setValue('')
    onSaved()
  })
  const path = `/api/v1/roi/${encodeURIComponent(report.programme.id)}/baselines`
  return (
    <form
      className="card roi-form"
      data-testid="roi-baseline-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (kpi) void submit(path, { kpi, value: toApiValue(KPI_DEFS[kpi].unit, value) })
      }}
    >
      <h2>{t('roi.manualBaseline')}</h2>
      <p className="muted">{t('roi.manualHint')}</p>
      <select aria-label={t('roi.kpi')} data-testid="roi-baseline-kpi" value={kpi} onChange={(e) => setKpi(e.target.value as RoiKpi)}>
        {report.kpis.map((k) => (
          <option key={k.kpi} value={k.kpi}>
            {t(`roi.kpis.${k.kpi}`)}
          </option>
        ))}
      </select>
      <input aria-label={t('roi.value')} data-testid="roi-baseline-value" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} size={10} required />
      <button type="submit" className="button button-primary" disabled={busy || !kpi} data-testid="roi-baseline-save">
        {t('roi.enter')}
      </button>
      <button type="button" className="button" disabled={busy || !kpi} onClick={() => kpi && void submit(path, { kpi, value: null })}>
        {t('roi.clear')}
      </button>
      {status}
    </form>
  )
}

/** A measure the system cannot see, for one period (audited). */
export function MeasureForm({ report, onSaved }: { report: RoiReport; onSaved: () => void }) {
  const { t } = useI18n()
  const [measure, setMeasure] = useState<Measure>('labour_cost')
  const [from, setFrom] = useState(report.programme.current.from)
  const [to, setTo] = useState(report.programme.current.to)
  const [value, setValue] = useState('')
  const { submit, busy, status } = useSubmit(() => {
    setValue('')
    onSaved()
  })
  return (
    <form
      className="card roi-form"
      data-testid="roi-measure-form"
      onSubmit={(e) => {
        e.preventDefault()
        void submit(`/api/v1/roi/${encodeURIComponent(report.programme.id)}/measures`, { measure, from, to, value: toApiValue(MEASURE_DEFS[measure].unit, value) })
      }}
    >
      <h2>{t('roi.measures')}</h2>
      <select aria-label={t('roi.measure')} data-testid="roi-measure-name" value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
        {MEASURES.map((m) => (
          <option key={m} value={m}>
            {t(`roi.measureNames.${m}`)}
          </option>
        ))}
      </select>
      <input type="date" aria-label={t('roi.from')} data-testid="roi-measure-from" value={from} onChange={(e) => setFrom(e.target.value)} required />
      <input type="date" aria-label={t('roi.to')} data-testid="roi-measure-to" value={to} onChange={(e) => setTo(e.target.value)} required />
      <input aria-label={t('roi.value')} data-testid="roi-measure-value" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} size={10} required />
      <button type="submit" className="button button-primary" disabled={busy} data-testid="roi-measure-save">
        {t('roi.enter')}
      </button>
      {status}
    </form>
  )
}
