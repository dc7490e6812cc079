import { describe, expect, it } from 'vitest'
import { financeExplanation, formatRoiValue, formatShare, kpiCsvColumns, toApiValue } from './format'
import { buildRoiTrendOption, chartNumber } from './trend-option'
import type { RoiRow } from './api'

describe('ROI values as shown', () => {
  it('formats each unit', () => {
    expect(formatRoiValue('money', '1234.50', 'zh')).toBe('¥1,234.50')
    expect(formatRoiValue('rate', 0.0525, 'en')).toBe('5.3%')
    expect(formatRoiValue('hours', 7.25, 'en')).toBe('7.3 h')
    expect(formatRoiValue('days', null, 'zh')).toBe('—')
    expect(formatRoiValue('ratio', 1.23456, 'en')).toBe('1.23')
    expect(formatShare(1.5)).toBe('150%')
    expect(formatShare(null)).toBe('—')
  })
  it('turns inputs into API values of the unit', () => {
    expect(toApiValue('money', ' 12.50 ')).toBe('12.50')
    expect(toApiValue('rate', '0.05')).toBe(0.05)
    expect(toApiValue('hours', 'abc')).toBe('abc') // the server names the field
  })
  it('explains a finance item with its assumptions', () => {
    const text = financeExplanation(
      { kpi: 'processing_time_p50_hours', kind: 'cost_saving', amount: '24000.00', missing: [], inputs: { baseline_hours: 24, current_hours: 18, orders: 1000, labour_hours_per_processing_hour: 0.1, hourly_labour_cost_cents: 4000, labour_hours_saved: 600 } },
      'zh',
    )
    expect(text).toContain('24 小时 → 18 小时')
    expect(text).toContain('600 人工小时')
    expect(text).toContain('¥40.00')
  })
  it('exports the KPI table with raw values and the manual mark', () => {
    const row: RoiRow = { kpi: 'gross_margin', unit: 'rate', direction: 'higher', source: 'data', baseline: 0.3, baseline_source: 'manual', baseline_computed: 0.2, baseline_manual: { by: 'ana', at: '2026-01-01T00:00:00.000Z' }, target: 0.4, target_direction_ok: true, current: 0.35, improvement_pct: 0.166667, target_share: 0.5, target_share_display: 0.5 }
    const cols = kpiCsvColumns('en')
    expect(cols.map((c) => c.csv(row))).toEqual(['Gross margin', 'gross_margin', 'Higher is better', 0.3, 'Entered by hand (ana 2026-01-01T00:00:00.000Z)', 0.4, 0.35, 0.166667, 0.5])
  })
})

describe('buildRoiTrendOption', () => {
  it('draws the weekly values with flat baseline and target lines', () => {
    const o = buildRoiTrendOption({ weeks: ['2026-11-16', '2026-11-23'], values: ['100.50', null], baseline: '90.00', target: '120.00', unit: 'money', locale: 'en', title: 'Daily net revenue', fileName: 'f' })
    expect(o.series.map((s) => s.id)).toEqual(['actual', 'baseline', 'target'])
    expect(o.series[0]?.data).toEqual([100.5, null])
    expect(o.series[1]?.data).toEqual([90, 90])
    expect(o.series[2]?.data).toEqual([120, 120])
    expect(o.series[1]?.lineStyle.type).toBe('dashed')
    expect(o.xAxis.data).toHaveLength(2)
    expect(o.tooltip.valueFormatter(100.5)).toBe('¥100.50')
  })
  it('leaves lines out where the baseline or target is missing', () => {
    const o = buildRoiTrendOption({ weeks: ['2026-11-16'], values: [0.1], baseline: null, target: 0.05, unit: 'rate', locale: 'zh', title: 't', fileName: 'f' })
    expect(o.series[1]?.data).toEqual([null])
    expect(o.yAxis.axisLabel.formatter(0.125)).toBe('12.5%')
    expect(chartNumber('count', 'x')).toBeNull()
  })
})
