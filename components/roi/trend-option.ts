/**
 * Option builder for a tracked KPI's weekly trend: the actual weekly values as a line, the
 * baseline and the target as flat dashed lines across every week. Pure.
 */
import { translate, type Locale } from '@/lib/i18n/core'
import { timeMemberName } from '@/components/drill/names'
import type { Unit } from '@/lib/roi/catalogue'
import { formatRoiValue } from './format'

type Value = string | number | null

export interface RoiTrendInput {
  weeks: readonly string[]
  values: readonly Value[]
  baseline: Value
  target: Value
  unit: Unit
  locale: Locale
  title: string
  fileName: string
}

export interface RoiTrendSeries {
  id: 'actual' | 'baseline' | 'target'
  name: string
  type: 'line'
  data: (number | null)[]
  connectNulls: boolean
  symbolSize: number
  lineStyle: { width: number; type: 'solid' | 'dashed' }
  itemStyle: { color: string }
}

/** Money is drawn in yuan; everything else as its number. */
export function chartNumber(unit: Unit, v: Value): number | null {
  if (v === null) return null
  const n = typeof v === 'number' ? v : Number(v)
  if (!Number.isFinite(n)) return null
  return unit === 'money' ? Math.round(n * 100) / 100 : n
}

export function buildRoiTrendOption(input: RoiTrendInput) {
  const { unit, locale } = input
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key)
  const flat = (v: Value) => input.weeks.map(() => chartNumber(unit, v))
  const series: RoiTrendSeries[] = [
    { id: 'actual', name: t('roi.actual'), type: 'line', data: input.values.map((v) => chartNumber(unit, v)), connectNulls: false, symbolSize: 6, lineStyle: { width: 2.5, type: 'solid' }, itemStyle: { color: '#2f6fde' } },
    { id: 'baseline', name: t('roi.baseline'), type: 'line', data: flat(input.baseline), connectNulls: true, symbolSize: 0, lineStyle: { width: 1.5, type: 'dashed' }, itemStyle: { color: '#8a94a6' } },
    { id: 'target', name: t('roi.target'), type: 'line', data: flat(input.target), connectNulls: true, symbolSize: 0, lineStyle: { width: 1.5, type: 'dashed' }, itemStyle: { color: '#1a9c5b' } },
  ]
  const show = (v: unknown) => (typeof v === 'number' ? formatRoiValue(unit, unit === 'money' ? v.toFixed(2) : v, locale) : '—')
  return {
    animationDurationUpdate: 300,
    aria: { enabled: true, label: { description: input.title } },
    grid: { left: 8, right: 16, top: 40, bottom: 8, outerBoundsMode: 'same' as const, outerBoundsContain: 'axisLabel' as const },
    legend: { top: 4, left: 0, right: 48, data: series.map((s) => s.name) },
    toolbox: { right: 4, top: 0, feature: { saveAsImage: { title: t('chart.saveImage'), name: input.fileName, pixelRatio: 2, backgroundColor: '#ffffff' } } },
    tooltip: { trigger: 'axis' as const, confine: true, valueFormatter: show },
    xAxis: { type: 'category' as const, data: input.weeks.map((w) => timeMemberName('week', w, locale)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value' as const, scale: true, axisLabel: { formatter: (v: number) => (unit === 'rate' ? `${Math.round(v * 1000) / 10}%` : String(Math.round(v * 100) / 100)) } },
    series,
  }
}
