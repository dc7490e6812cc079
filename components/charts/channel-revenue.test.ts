import { describe, expect, it } from 'vitest'
import { bucketLabel, buildChannelRevenueOption, formatAxisMoney } from '@/components/charts/channel-revenue'
import { CHANNEL_COLORS, channelColor, sortChannels } from '@/components/charts/palette'

const days = ['2026-11-25', '2026-11-26', '2026-11-27']

describe('buildChannelRevenueOption (daily)', () => {
  const rows = [
    { bucket: '2026-11-25', channel: 'tmall', net_revenue: '100.10' },
    { bucket: '2026-11-27', channel: 'tmall', net_revenue: '0.20' },
    { bucket: '2026-11-26', channel: 'web', net_revenue: '50.00' },
    { bucket: '2026-11-27', channel: 'web', net_revenue: '0.10' },
    // A second row for the same cell is added, not overwritten.
    { bucket: '2026-11-27', channel: 'web', net_revenue: '0.05' },
  ]
  const option = buildChannelRevenueOption({ rows, buckets: days, granularity: 'day', locale: 'zh' })

  it('has one stacked bar series per channel, in channel order', () => {
    expect(option.series.map((s) => s.id)).toEqual(['web', 'tmall'])
    expect(option.series.map((s) => s.name)).toEqual(['官网', '天猫'])
    for (const s of option.series) {
      expect(s.type).toBe('bar')
      expect(s.stack).toBe('net_revenue')
      expect(s.data).toHaveLength(days.length)
    }
    expect(option.legend.data).toEqual(['官网', '天猫'])
  })

  it('fills missing cells with 0 and sums exactly', () => {
    const web = option.series.find((s) => s.id === 'web')
    const tmall = option.series.find((s) => s.id === 'tmall')
    expect(web?.data).toEqual([0, 50, 0.15])
    expect(tmall?.data).toEqual([100.1, 0, 0.2])
    const total27 = option.series.reduce((sum, s) => sum + Math.round((s.data[2] ?? 0) * 100), 0)
    expect(total27).toBe(35) // 0.10 + 0.05 + 0.20 yuan, no float drift
  })

  it('labels days on the category axis', () => {
    expect(option.xAxis.type).toBe('category')
    expect(option.xAxis.data).toEqual(['11月25日', '11月26日', '11月27日'])
    const en = buildChannelRevenueOption({ rows, buckets: days, granularity: 'day', locale: 'en' })
    expect(en.xAxis.data).toEqual(['Nov 25', 'Nov 26', 'Nov 27'])
    expect(en.series.map((s) => s.name)).toEqual(['Web shop', 'Tmall'])
  })

  it('formats the value axis and tooltip as CNY', () => {
    expect(option.yAxis.axisLabel.formatter(123456)).toBe('¥12.3万')
    expect(option.yAxis.axisLabel.formatter(5000)).toBe('¥5,000')
    const html = option.tooltip.formatter([{ dataIndex: 2 }])
    expect(html).toContain('11月27日')
    expect(html).toContain('¥0.15')
    expect(html).toContain('¥0.20')
    expect(html).toContain('合计')
    expect(html).toContain('¥0.35')
  })

  it('keeps a fixed colour per channel and offers saveAsImage', () => {
    expect(option.series[0]?.itemStyle.color).toBe(CHANNEL_COLORS.web)
    expect(option.toolbox.feature.saveAsImage.title).toBe('保存为图片')
    expect(option.aria.enabled).toBe(true)
  })
})

describe('buildChannelRevenueOption (hourly)', () => {
  it('labels hours only within a single day', () => {
    const buckets = ['2026-11-27 00:00', '2026-11-27 01:00', '2026-11-27 02:00']
    const option = buildChannelRevenueOption({
      rows: [{ bucket: '2026-11-27 01:00', channel: 'jd', net_revenue: '12.00' }],
      buckets,
      granularity: 'hour',
      locale: 'en',
      range: { from: '2026-11-27', to: '2026-11-27' },
    })
    expect(option.xAxis.data).toEqual(['00:00', '01:00', '02:00'])
    expect(option.series).toHaveLength(1)
    expect(option.series[0]?.data).toEqual([0, 12, 0])
    expect(option.toolbox.feature.saveAsImage.name).toBe('fourflow-net-revenue-2026-11-27_2026-11-27')
  })

  it('adds buckets that only appear in the data, in time order', () => {
    const option = buildChannelRevenueOption({
      rows: [{ bucket: '2026-11-28 00:00', channel: 'store', net_revenue: '1.00' }],
      buckets: ['2026-11-27 23:00'],
      granularity: 'hour',
      locale: 'zh',
    })
    expect(option.xAxis.data).toEqual(['11月27日 23:00', '11月28日 00:00'])
    expect(option.series[0]?.data).toEqual([0, 1])
  })

  it('empty data: axis present, no series', () => {
    const option = buildChannelRevenueOption({ rows: [], buckets: days, granularity: 'day', locale: 'zh' })
    expect(option.series).toEqual([])
    expect(option.xAxis.data).toHaveLength(3)
    expect(option.tooltip.formatter([{ dataIndex: 0 }])).toContain('¥0.00')
  })

  it('shows unknown channel ids verbatim and escapes them in the tooltip', () => {
    const option = buildChannelRevenueOption({
      rows: [{ bucket: '2026-11-27', channel: '<x>', net_revenue: '1.00' }],
      buckets: ['2026-11-27'],
      granularity: 'day',
      locale: 'zh',
    })
    expect(option.series[0]?.name).toBe('<x>')
    expect(option.tooltip.formatter([{ dataIndex: 0 }])).not.toContain('<x>')
  })
})

describe('helpers', () => {
  it('bucketLabel', () => {
    expect(bucketLabel('2026-11-27 14:00', 'hour', 'zh', true)).toBe('14:00')
    expect(bucketLabel('2026-11-27 14:00', 'hour', 'en', false)).toBe('Nov 27 14:00')
  })
  it('formatAxisMoney', () => {
    expect(formatAxisMoney(0, 'zh')).toBe('¥0')
    expect(formatAxisMoney(2500, 'en')).toBe('¥2.5K')
    expect(formatAxisMoney(-800, 'en')).toBe('-¥800')
  })
  it('sortChannels and channelColor', () => {
    expect(sortChannels(['zzz', 'store', 'web', 'aaa', 'web'])).toEqual(['web', 'store', 'aaa', 'zzz'])
    expect(channelColor('unknown')).toBe(channelColor('unknown'))
    expect(channelColor('tmall')).toBe(CHANNEL_COLORS.tmall)
  })
})
