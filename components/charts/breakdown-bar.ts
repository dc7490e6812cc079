/**
 * Option builder for one KPI across the members of a drill level (channels, regions,
 * stores, categories, SKUs…): horizontal bars, largest first, anomalous members marked.
 * Pure; a click's dataIndex maps back to `members`.
 */
import { translate, type Locale } from '@/lib/i18n/core'
import { formatMoney } from '@/lib/i18n/format'
import { formatAxisMoney } from '@/components/charts/axis'

export interface BarItem {
  member: string
  label: string
  /** Money in yuan. */
  value: number
  color?: string
}

export interface BreakdownBarInput {
  items: readonly BarItem[]
  locale: Locale
  title: string
  fileName: string
  /** Members to mark, with the explanation for the tooltip. */
  anomalies?: readonly { member: string; text: string }[]
}

export interface BreakdownBarOption {
  animationDurationUpdate: number
  aria: { enabled: true; label: { description: string } }
  grid: { left: number; right: number; top: number; bottom: number; outerBoundsMode: 'same'; outerBoundsContain: 'axisLabel' }
  toolbox: { right: number; top: number; feature: { saveAsImage: { title: string; name: string; pixelRatio: number; backgroundColor: string } } }
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' }; confine: true; valueFormatter: (v: unknown) => string }
  xAxis: { type: 'value'; axisLabel: { formatter: (value: number) => string } }
  yAxis: { type: 'category'; inverse: true; data: string[]; axisLabel: { width: number; overflow: 'truncate' } }
  series: [
    {
      id: 'value'
      type: 'bar'
      name: string
      barMaxWidth: number
      data: { value: number; itemStyle: { color: string } }[]
      markPoint?: { symbol: 'pin'; symbolSize: number; itemStyle: { color: string }; data: { name: string; coord: [number, number]; value: string }[] }
    },
  ]
  members: string[]
}

const DEFAULT_COLOR = '#3b6fd8'

export function buildBreakdownBarOption(input: BreakdownBarInput): BreakdownBarOption {
  const items = [...input.items].sort((a, b) => b.value - a.value || a.member.localeCompare(b.member))
  const marks = (input.anomalies ?? []).flatMap((a) => {
    const i = items.findIndex((item) => item.member === a.member)
    const item = items[i]
    return item ? [{ name: a.text, coord: [item.value, i] as [number, number], value: '!' }] : []
  })
  return {
    animationDurationUpdate: 300,
    aria: { enabled: true, label: { description: input.title } },
    grid: { left: 8, right: 24, top: 32, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    toolbox: {
      right: 4,
      top: 0,
      feature: {
        saveAsImage: { title: translate(input.locale, 'chart.saveImage'), name: input.fileName, pixelRatio: 2, backgroundColor: '#ffffff' },
      },
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: (v) => (typeof v === 'number' ? formatMoney(v) : '—') },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatAxisMoney(v, input.locale) } },
    yAxis: { type: 'category', inverse: true, data: items.map((i) => i.label), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [
      {
        id: 'value',
        type: 'bar',
        name: input.title,
        barMaxWidth: 22,
        data: items.map((i) => ({ value: i.value, itemStyle: { color: i.color ?? DEFAULT_COLOR } })),
        ...(marks.length > 0
          ? { markPoint: { symbol: 'pin' as const, symbolSize: 32, itemStyle: { color: '#b42318' }, data: marks } }
          : {}),
      },
    ],
    members: items.map((i) => i.member),
  }
}
