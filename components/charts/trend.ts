/**
 * Option builder for a KPI over time by channel, at any time level (year … hour):
 * money as stacked bars (net revenue), rates as one line per channel plus the total
 * (gross margin, oversell rate). Anomalies are marked on the total (markPoint). Pure.
 */
import { channelLabel, translate, type Locale } from '@/lib/i18n/core'
import { formatMoney, formatPercent } from '@/lib/i18n/format'
import type { TimeLevel } from '@/lib/i18n/time-range'
import { channelColor, sortChannels } from '@/components/charts/palette'
import { formatAxisMoney } from '@/components/charts/axis'
import { timeMemberName } from '@/components/drill/names'

export interface TrendPoint {
  bucket: string
  channel: string
  /** Money in fen (kind money) or the channel's rate (kind rate). */
  value: number | null
  /** For rates: numerator and denominator, so the total is the ratio of sums. */
  num?: number
  den?: number
}

export interface TrendInput {
  kind: 'money' | 'rate'
  rows: readonly TrendPoint[]
  /** Expected buckets in order; buckets seen only in rows are added. */
  buckets: readonly string[]
  level: TimeLevel
  locale: Locale
  title: string
  fileName: string
  /** Buckets to mark as anomalous, with the explanation shown in the tooltip. */
  anomalies?: readonly { bucket: string; text: string }[]
}

interface MarkPointDatum {
  name: string
  coord: [number, number]
  value: string
}

export interface TrendSeries {
  id: string
  name: string
  type: 'bar' | 'line'
  stack?: string
  barMaxWidth?: number
  smooth?: boolean
  connectNulls?: boolean
  symbolSize?: number
  lineStyle?: { width: number; type?: 'dashed' | 'solid' }
  emphasis: { focus: 'series' }
  itemStyle: { color: string }
  data: (number | null)[]
  markPoint?: {
    symbol: 'pin'
    symbolSize: number
    itemStyle: { color: string }
    label: { formatter: string }
    tooltip: { formatter: (p: unknown) => string }
    data: MarkPointDatum[]
  }
}

export interface TrendOption {
  animationDurationUpdate: number
  aria: { enabled: true; label: { description: string } }
  grid: { left: number; right: number; top: number; bottom: number; outerBoundsMode: 'same'; outerBoundsContain: 'axisLabel' }
  legend: { type: 'scroll'; top: number; left: number; right: number; data: string[] }
  toolbox: { right: number; top: number; feature: { saveAsImage: { title: string; name: string; pixelRatio: number; backgroundColor: string } } }
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' | 'line' }; confine: true; valueFormatter: (v: unknown) => string }
  xAxis: { type: 'category'; data: string[]; axisTick: { alignWithLabel: true }; axisLabel: { hideOverlap: true } }
  yAxis: { type: 'value'; axisLabel: { formatter: (value: number) => string } }
  series: TrendSeries[]
  /** Bucket keys in axis order (a click's dataIndex → member). */
  buckets: string[]
}

const TOTAL_COLOR = '#1d2330'
const ANOMALY_COLOR = '#b42318'

function shortLabel(bucket: string, level: TimeLevel, locale: Locale, singleDay: boolean): string {
  if (level === 'hour' && singleDay) return bucket.slice(11)
  return timeMemberName(level, bucket, locale)
}

export function buildTrendOption(input: TrendInput): TrendOption {
  const { kind, rows, level, locale } = input
  const bucketSet = new Set(input.buckets)
  const cells = new Map<string, Map<string, TrendPoint>>()
  for (const row of rows) {
    bucketSet.add(row.bucket)
    let byBucket = cells.get(row.channel)
    if (!byBucket) {
      byBucket = new Map()
      cells.set(row.channel, byBucket)
    }
    const prev = byBucket.get(row.bucket)
    byBucket.set(
      row.bucket,
      prev && kind === 'money' ? { ...row, value: (prev.value ?? 0) + (row.value ?? 0) } : row,
    )
  }
  const buckets = [...bucketSet].sort()
  const channels = sortChannels(cells.keys())
  const singleDay = new Set(buckets.map((b) => b.slice(0, 10))).size <= 1
  const labels = buckets.map((b) => shortLabel(b, level, locale, singleDay))

  const series: TrendSeries[] = channels.map((channel) => {
    const byBucket = cells.get(channel)
    const data = buckets.map((b) => {
      const cell = byBucket?.get(b)
      if (kind === 'money') return (cell?.value ?? 0) / 100
      return cell?.value ?? null
    })
    return kind === 'money'
      ? {
          id: channel,
          name: channelLabel(channel, locale),
          type: 'bar',
          stack: 'total',
          barMaxWidth: 48,
          emphasis: { focus: 'series' },
          itemStyle: { color: channelColor(channel) },
          data,
        }
      : {
          id: channel,
          name: channelLabel(channel, locale),
          type: 'line',
          connectNulls: false,
          symbolSize: 4,
          lineStyle: { width: 1.5 },
          emphasis: { focus: 'series' },
          itemStyle: { color: channelColor(channel) },
          data,
        }
  })

  // Totals per bucket: a sum for money (fen), a ratio of sums for rates.
  const totals = buckets.map((b) => {
    if (kind === 'money') return channels.reduce((sum, c) => sum + (cells.get(c)?.get(b)?.value ?? 0), 0) / 100
    let num = 0
    let den = 0
    for (const c of channels) {
      const cell = cells.get(c)?.get(b)
      num += cell?.num ?? 0
      den += cell?.den ?? 0
    }
    return den > 0 ? num / den : null
  })
  if (kind === 'rate' && series.length > 0) {
    series.push({
      id: '__total',
      name: translate(locale, 'chart.total'),
      type: 'line',
      connectNulls: false,
      symbolSize: 5,
      lineStyle: { width: 2.5, type: 'dashed' },
      emphasis: { focus: 'series' },
      itemStyle: { color: TOTAL_COLOR },
      data: totals,
    })
  }

  const formatValue = (v: unknown) =>
    typeof v !== 'number' ? '—' : kind === 'money' ? formatMoney(v) : formatPercent(v)
  const marks: MarkPointDatum[] = []
  for (const a of input.anomalies ?? []) {
    const i = buckets.indexOf(a.bucket)
    const total = totals[i]
    if (i === -1 || total === null || total === undefined) continue
    marks.push({ name: a.text, coord: [i, total], value: '!' })
  }
  const target = kind === 'money' ? series[series.length - 1] : series.find((s) => s.id === '__total')
  if (target && marks.length > 0) {
    target.markPoint = {
      symbol: 'pin',
      symbolSize: 36,
      itemStyle: { color: ANOMALY_COLOR },
      label: { formatter: '!' },
      tooltip: { formatter: (p: unknown) => (typeof p === 'object' && p !== null && 'name' in p ? String((p as { name: unknown }).name) : '') },
      data: marks,
    }
  }

  return {
    animationDurationUpdate: 300,
    aria: { enabled: true, label: { description: input.title } },
    grid: { left: 8, right: 16, top: 44, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: { type: 'scroll', top: 4, left: 0, right: 48, data: series.map((s) => s.name) },
    toolbox: {
      right: 4,
      top: 0,
      feature: {
        saveAsImage: { title: translate(locale, 'chart.saveImage'), name: input.fileName, pixelRatio: 2, backgroundColor: '#ffffff' },
      },
    },
    tooltip: { trigger: 'axis', axisPointer: { type: kind === 'money' ? 'shadow' : 'line' }, confine: true, valueFormatter: formatValue },
    xAxis: { type: 'category', data: labels, axisTick: { alignWithLabel: true }, axisLabel: { hideOverlap: true } },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (v: number) => (kind === 'money' ? formatAxisMoney(v, locale) : `${Math.round(v * 1000) / 10}%`) },
    },
    series,
    buckets,
  }
}
