/**
 * Option builder for "net revenue by channel over time": one stacked bar series per
 * channel, one category per time bucket. Pure (no React, no DOM), so it is unit-tested;
 * the component only hands the result to ECharts.
 */
import type { EChartsOption } from 'echarts'
import { channelLabel, translate, type Locale } from '@/lib/i18n/core'
import { formatCompactMoney, formatDayLabel, formatMoney, moneyToCents } from '@/lib/i18n/format'
import type { Granularity } from '@/lib/i18n/time-range'
import { channelColor, sortChannels } from '@/components/charts/palette'

export interface ChannelRevenuePoint {
  /** `YYYY-MM-DD` (daily) or `YYYY-MM-DD HH:00` (hourly), local to the business time zone. */
  bucket: string
  channel: string
  /** Decimal yuan string, e.g. "1234.50". */
  net_revenue: string
}

export interface ChannelRevenueInput {
  rows: readonly ChannelRevenuePoint[]
  /** Expected buckets in order (from `listBuckets`); buckets seen only in rows are added. */
  buckets: readonly string[]
  granularity: Granularity
  locale: Locale
  /** Used for the saved image's file name. */
  range?: { from: string; to: string }
}

export type ChannelRevenueSeries = {
  id: string
  name: string
  type: 'bar'
  stack: 'net_revenue'
  barMaxWidth: number
  emphasis: { focus: 'series' }
  itemStyle: { color: string }
  /** Net revenue in yuan per bucket, 0 where the channel sold nothing. */
  data: number[]
}

export type ChannelRevenueOption = {
  animationDurationUpdate: number
  aria: { enabled: true; label: { description: string } }
  grid: {
    left: number
    right: number
    top: number
    bottom: number
    outerBoundsMode: 'same'
    outerBoundsContain: 'axisLabel'
  }
  legend: { type: 'scroll'; top: number; left: number; right: number; data: string[] }
  toolbox: {
    right: number
    top: number
    feature: { saveAsImage: { title: string; name: string; pixelRatio: number; backgroundColor: string } }
  }
  tooltip: {
    trigger: 'axis'
    axisPointer: { type: 'shadow' }
    confine: true
    formatter: (params: unknown) => string
  }
  xAxis: {
    type: 'category'
    data: string[]
    axisTick: { alignWithLabel: true }
    axisLabel: { hideOverlap: true }
  }
  yAxis: { type: 'value'; axisLabel: { formatter: (value: number) => string } }
  series: ChannelRevenueSeries[]
}

// The narrow type above must stay a valid ECharts option.
type AssertAssignable<T extends EChartsOption> = T
export type CheckedChannelRevenueOption = AssertAssignable<ChannelRevenueOption>

/** Money for a value axis: compact above the first unit, whole yuan below ("¥5,000"). */
export function formatAxisMoney(value: number, locale: Locale): string {
  const small = locale === 'zh' ? 1e4 : 1e3
  if (Math.abs(value) >= small) return formatCompactMoney(value, locale)
  const whole = Math.round(Math.abs(value))
  return `${value < 0 && whole !== 0 ? '-' : ''}¥${whole.toLocaleString('en-US')}`
}

/** Axis label of a bucket: "14:00" within one day; day + hour across days; day label daily. */
export function bucketLabel(bucket: string, granularity: Granularity, locale: Locale, singleDay: boolean): string {
  if (granularity === 'day') return formatDayLabel(bucket, locale)
  const [day = bucket, time = ''] = bucket.split(' ')
  if (singleDay) return time
  return `${formatDayLabel(day, locale)} ${time}`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function dataIndexOf(params: unknown): number | null {
  const first: unknown = Array.isArray(params) ? params[0] : params
  if (typeof first === 'object' && first !== null && 'dataIndex' in first) {
    const index = (first as { dataIndex: unknown }).dataIndex
    return typeof index === 'number' ? index : null
  }
  return null
}

export function buildChannelRevenueOption(input: ChannelRevenueInput): ChannelRevenueOption {
  const { rows, granularity, locale } = input

  // Sum in integer fen so stacked totals are exact.
  const cents = new Map<string, Map<string, number>>()
  const bucketSet = new Set(input.buckets)
  for (const row of rows) {
    const value = moneyToCents(row.net_revenue) ?? 0
    bucketSet.add(row.bucket)
    let byBucket = cents.get(row.channel)
    if (!byBucket) {
      byBucket = new Map()
      cents.set(row.channel, byBucket)
    }
    byBucket.set(row.bucket, (byBucket.get(row.bucket) ?? 0) + value)
  }

  // Bucket keys sort lexically in time order ("YYYY-MM-DD" / "YYYY-MM-DD HH:00").
  const buckets = [...bucketSet].sort()
  const channels = sortChannels(cents.keys())
  const singleDay = new Set(buckets.map((b) => b.slice(0, 10))).size <= 1
  const labels = buckets.map((b) => bucketLabel(b, granularity, locale, singleDay))

  const series: ChannelRevenueSeries[] = channels.map((channel) => {
    const byBucket = cents.get(channel)
    return {
      id: channel,
      name: channelLabel(channel, locale),
      type: 'bar',
      stack: 'net_revenue',
      barMaxWidth: 48,
      emphasis: { focus: 'series' },
      itemStyle: { color: channelColor(channel) },
      data: buckets.map((b) => (byBucket?.get(b) ?? 0) / 100),
    }
  })

  const totalsCents = buckets.map((b) => channels.reduce((sum, c) => sum + (cents.get(c)?.get(b) ?? 0), 0))

  const tooltipFormatter = (params: unknown): string => {
    const index = dataIndexOf(params)
    if (index === null) return ''
    const lines = [`<div style="font-weight:600;margin-bottom:4px">${escapeHtml(labels[index] ?? '')}</div>`]
    for (const s of series) {
      const value = s.data[index] ?? 0
      if (value === 0) continue
      lines.push(
        `<div style="display:flex;gap:12px;justify-content:space-between">` +
          `<span><span style="display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:6px;background:${s.itemStyle.color}"></span>${escapeHtml(s.name)}</span>` +
          `<span style="font-variant-numeric:tabular-nums">${formatMoney(value)}</span></div>`,
      )
    }
    lines.push(
      `<div style="display:flex;gap:12px;justify-content:space-between;border-top:1px solid #e5e7eb;margin-top:4px;padding-top:4px;font-weight:600">` +
        `<span>${escapeHtml(translate(locale, 'chart.total'))}</span>` +
        `<span style="font-variant-numeric:tabular-nums">${formatMoney((totalsCents[index] ?? 0) / 100)}</span></div>`,
    )
    return lines.join('')
  }

  const fileSuffix = input.range ? `-${input.range.from}_${input.range.to}` : ''

  return {
    animationDurationUpdate: 300,
    aria: { enabled: true, label: { description: translate(locale, 'chart.ariaDescription') } },
    grid: { left: 8, right: 16, top: 44, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: { type: 'scroll', top: 4, left: 0, right: 48, data: series.map((s) => s.name) },
    toolbox: {
      right: 4,
      top: 0,
      feature: {
        saveAsImage: {
          title: translate(locale, 'chart.saveImage'),
          name: `fourflow-net-revenue${fileSuffix}`,
          pixelRatio: 2,
          backgroundColor: '#ffffff',
        },
      },
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, formatter: tooltipFormatter },
    xAxis: { type: 'category', data: labels, axisTick: { alignWithLabel: true }, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatAxisMoney(value, locale) } },
    series,
  }
}
