'use client'

import { useId, useState } from 'react'
import { useI18n } from '@/lib/i18n'
import { RANGE_PRESETS, type DayRange, type RangePreset } from '@/lib/i18n/time-range'
import type { Freshness } from '@/components/dashboard/api'
import { FreshnessBadge } from '@/components/dashboard/freshness-badge'
import { COMPARES, setCompare, setRange, type Compare, type ViewState } from '@/components/drill/state'

interface Props {
  state: ViewState
  navigate: (next: ViewState) => void
  /** The range shown now (for prefilling the custom dates). */
  range: DayRange
  showCompare?: boolean
  paused: boolean
  onPause: (paused: boolean) => void
  freshness: Freshness | undefined
  receivedAt: number
  now: number
  timeZone: string
  failed: boolean
}

function isPreset(value: string): value is RangePreset {
  return (RANGE_PRESETS as readonly string[]).includes(value)
}

/** Range (presets or two dates), comparison, pause switch and freshness — shared by every page. */
export function LiveToolbar(props: Props) {
  const { t } = useI18n()
  const { state, navigate } = props
  const rangeId = useId()
  const compareId = useId()
  const current = state.range.preset
  const [customOpen, setCustomOpen] = useState(false)
  const [from, setFrom] = useState(props.range.from)
  const [to, setTo] = useState(props.range.to)
  const showCustom = customOpen || current === 'custom'
  const invalid = !from || !to || from > to

  return (
    <div className="toolbar">
      <div className="field-inline">
        <label htmlFor={rangeId}>{t('dashboard.rangeLabel')}</label>
        <select
          id={rangeId}
          data-testid="range-select"
          value={customOpen ? 'custom' : current}
          onChange={(event) => {
            const value = event.target.value
            if (value === 'custom') {
              setFrom(props.range.from)
              setTo(props.range.to)
              setCustomOpen(true)
            } else if (isPreset(value)) {
              setCustomOpen(false)
              navigate(setRange(state, { preset: value }))
            }
          }}
        >
          {RANGE_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {t(`ranges.${preset}`)}
            </option>
          ))}
          <option value="custom">{t('ranges.custom')}</option>
        </select>
      </div>
      {showCustom && (
        <form
          className="custom-range"
          onSubmit={(event) => {
            event.preventDefault()
            if (invalid) return
            setCustomOpen(false)
            navigate(setRange(state, { preset: 'custom', from, to }))
          }}
        >
          <input
            type="date"
            aria-label={t('ranges.from')}
            data-testid="range-from"
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.target.value)}
          />
          <span aria-hidden="true">–</span>
          <input
            type="date"
            aria-label={t('ranges.to')}
            data-testid="range-to"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
            aria-invalid={invalid}
          />
          <button type="submit" className="button" data-testid="range-apply" disabled={invalid} title={invalid ? t('ranges.invalid') : undefined}>
            {t('ranges.apply')}
          </button>
        </form>
      )}
      {props.showCompare && (
        <div className="field-inline">
          <label htmlFor={compareId}>{t('compare.label')}</label>
          <select
            id={compareId}
            data-testid="compare-select"
            value={state.compare}
            onChange={(event) => {
              const value = event.target.value
              if ((COMPARES as readonly string[]).includes(value)) navigate(setCompare(state, value as Compare))
            }}
          >
            {COMPARES.map((c) => (
              <option key={c} value={c}>
                {t(`compare.${c}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      <button
        type="button"
        className="button"
        data-testid="pause-toggle"
        aria-pressed={props.paused}
        onClick={() => props.onPause(!props.paused)}
      >
        {props.paused ? t('dashboard.resume') : t('dashboard.pause')}
      </button>
      <FreshnessBadge
        freshness={props.freshness}
        receivedAt={props.receivedAt}
        now={props.now}
        timeZone={props.timeZone}
        paused={props.paused}
        failed={props.failed}
      />
    </div>
  )
}
