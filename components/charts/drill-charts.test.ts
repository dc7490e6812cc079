import { describe, expect, it } from 'vitest'
import { buildBreakdownBarOption } from '@/components/charts/breakdown-bar'
import { sparkline } from '@/components/charts/sparkline'
import { buildTrendOption } from '@/components/charts/trend'

describe('buildTrendOption', () => {
  const money = buildTrendOption({
    kind: 'money',
    rows: [
      { bucket: '2026-11', channel: 'tmall', value: 10_010 },
      { bucket: '2026-10', channel: 'web', value: 5_000 },
      { bucket: '2026-11', channel: 'web', value: 25 },
    ],
    buckets: ['2026-09', '2026-10', '2026-11'],
    level: 'month',
    locale: 'zh',
    title: '净收入',
    fileName: 'fourflow-net-revenue-x',
    anomalies: [{ bucket: '2026-11', text: '净收入高于预期' }],
  })

  it('stacks money per channel, zero-filled, with month labels and click keys', () => {
    expect(money.series.map((s) => s.id)).toEqual(['web', 'tmall'])
    expect(money.series.every((s) => s.type === 'bar' && s.stack === 'total')).toBe(true)
    expect(money.series[0]?.data).toEqual([0, 50, 0.25])
    expect(money.series[1]?.data).toEqual([0, 0, 100.1])
    expect(money.xAxis.data).toEqual(['2026年9月', '2026年10月', '2026年11月'])
    expect(money.buckets).toEqual(['2026-09', '2026-10', '2026-11'])
    expect(money.toolbox.feature.saveAsImage.name).toBe('fourflow-net-revenue-x')
  })

  it('marks an anomaly on the stack total', () => {
    const mark = money.series[1]?.markPoint
    expect(mark?.data).toEqual([{ name: '净收入高于预期', coord: [2, 100.35], value: '!' }])
    expect(money.series[0]?.markPoint).toBeUndefined()
  })

  it('rates: a line per channel and a total that is the ratio of sums', () => {
    const rate = buildTrendOption({
      kind: 'rate',
      rows: [
        { bucket: '2026-11-25', channel: 'tmall', value: 0.1, num: 1, den: 10 },
        { bucket: '2026-11-25', channel: 'jd', value: 0.5, num: 5, den: 10 },
        { bucket: '2026-11-26', channel: 'jd', value: null, num: 0, den: 0 },
      ],
      buckets: ['2026-11-25', '2026-11-26'],
      level: 'day',
      locale: 'en',
      title: 'Oversell',
      fileName: 'f',
      anomalies: [{ bucket: '2026-11-25', text: 'high' }],
    })
    expect(rate.series.map((s) => s.id)).toEqual(['tmall', 'jd', '__total'])
    expect(rate.series.find((s) => s.id === '__total')?.data).toEqual([0.3, null])
    expect(rate.series.find((s) => s.id === 'jd')?.data).toEqual([0.5, null])
    expect(rate.series.find((s) => s.id === '__total')?.markPoint?.data[0]?.coord).toEqual([0, 0.3])
    expect(rate.xAxis.data).toEqual(['Nov 25', 'Nov 26'])
    expect(rate.yAxis.axisLabel.formatter(0.125)).toBe('12.5%')
  })

  it('hours within a day show the time only', () => {
    const o = buildTrendOption({ kind: 'money', rows: [], buckets: ['2026-11-27 00:00', '2026-11-27 01:00'], level: 'hour', locale: 'zh', title: '', fileName: 'f' })
    expect(o.xAxis.data).toEqual(['00:00', '01:00'])
    expect(o.series).toEqual([])
  })
})

describe('buildBreakdownBarOption', () => {
  it('sorts members by value, keeps click keys aligned, marks anomalies', () => {
    const o = buildBreakdownBarOption({
      items: [
        { member: 'east', label: '华东', value: 10 },
        { member: 'north', label: '华北', value: 30 },
        { member: 'south', label: '华南', value: 20 },
      ],
      locale: 'zh',
      title: '净收入',
      fileName: 'fourflow-region',
      anomalies: [{ member: 'south', text: '偏低' }],
    })
    expect(o.members).toEqual(['north', 'south', 'east'])
    expect(o.yAxis.data).toEqual(['华北', '华南', '华东'])
    expect(o.series[0].data.map((d) => d.value)).toEqual([30, 20, 10])
    expect(o.series[0].markPoint?.data).toEqual([{ name: '偏低', coord: [20, 1], value: '!' }])
    expect(o.toolbox.feature.saveAsImage.title).toBe('保存为图片')
  })
})

describe('sparkline', () => {
  it('scales into the box, top is the maximum', () => {
    const g = sparkline([0, 10, 5], 100, 20, 0)
    expect(g.path).toBe('M0 20 L50 0 L100 10')
    expect(g.last).toEqual({ x: 100, y: 10 })
  })
  it('breaks at gaps, centres flat or single values, and draws nothing without data', () => {
    expect(sparkline([1, null, 1], 100, 20, 0).path).toBe('M0 10 M100 10')
    expect(sparkline([7], 100, 20).path).toBe('M50 10')
    expect(sparkline([null, null], 100, 20)).toEqual({ path: '', last: null })
    expect(sparkline([], 100, 20)).toEqual({ path: '', last: null })
  })
})
