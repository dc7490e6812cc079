'use client'

import { useId } from 'react'
import { useI18n } from '@/lib/i18n'
import { RANGE_PRESETS, type RangePreset } from '@/lib/i18n/time-range'

function isPreset(value: string): value is RangePreset {
  return (RANGE_PRESETS as readonly string[]).includes(value)
}

export function RangeSelect({ value, onChange }: { value: RangePreset; onChange: (preset: RangePreset) => void }) {
  const { t } = useI18n()
  const id = useId()
  return (
    <div className="field-inline">
      <label htmlFor={id}>{t('dashboard.rangeLabel')}</label>
      <select
        id={id}
        data-testid="range-select"
        value={value}
        onChange={(event) => {
          if (isPreset(event.target.value)) onChange(event.target.value)
        }}
      >
        {RANGE_PRESETS.map((preset) => (
          <option key={preset} value={preset}>
            {t(`ranges.${preset}`)}
          </option>
        ))}
      </select>
    </div>
  )
}
