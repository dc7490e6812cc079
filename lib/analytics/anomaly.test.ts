import { describe, expect, it } from 'vitest'
import { assess, explain, median, spreadFloor } from './anomaly'

const revenue = { zh: '净收入', en: 'Net revenue' }

describe('the anomaly rule', () => {
  it('takes the median and scales the MAD to a standard deviation', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    const a = assess(1000, [900, 1000, 1100, 1000, 950, 1050], 'count')!
    expect(a.expected).toBe(1000)
    expect(a.spread).toBeCloseTo(1.4826 * 50)
    expect(a.anomaly).toBe(false)
  })

  it('does not flag noise against a flat history, thanks to the floor, but flags a real drop', () => {
    const flat = [12_300, 12_300, 12_300, 12_300, 12_300, 12_300]
    const small = assess(12_000, flat, 'money')!
    expect(small.spread).toBe(spreadFloor('money', 12_300))
    expect(small.anomaly).toBe(false)
    const drop = assess(6_400, flat, 'money')!
    expect(drop).toMatchObject({ anomaly: true, direction: 'below', expected: 12_300 })
    const text = explain(drop, 'money', revenue)
    expect(text.zh).toBe('净收入 ¥6,400，比过去 6 周同一星期几的中位数 ¥12,300 低 48%（正常范围 ¥10,455–¥14,145）')
    expect(text.en).toBe('Net revenue ¥6,400 is 48% below the median ¥12,300 of the same weekday over the past 6 weeks (normal range ¥10,455–¥14,145)')
    // A flat zero history of a rare count needs more than one order to alarm.
    expect(assess(1, [0, 0, 0, 0], 'count')!.anomaly).toBe(false)
    expect(assess(0.005, [0, 0, 0], 'rate')!.anomaly).toBe(false)
  })

  it('follows a steady trend without flagging its next step, and flags a break in it', () => {
    const trend = [100, 110, 120, 130, 140, 150]
    expect(assess(160, trend, 'count')!.anomaly).toBe(false)
    expect(assess(40, trend, 'count')).toMatchObject({ anomaly: true, direction: 'below' })
    expect(assess(260, trend, 'count')).toMatchObject({ anomaly: true, direction: 'above' })
  })

  it('expects nothing from fewer than three points', () => {
    expect(assess(5, [], 'count')).toBeNull()
    expect(assess(5, [1, 100], 'count')).toBeNull()
    expect(assess(5, [1, 2, Number.NaN], 'count')).toBeNull()
    expect(assess(5, [1, 2, 3], 'count')).not.toBeNull()
  })

  it('handles negative values (refunds above sales) and a zero median', () => {
    const a = assess(-5_000, [1_000, 1_200, 900, 1_100], 'money')!
    expect(a).toMatchObject({ anomaly: true, direction: 'below' })
    expect(explain(a, 'money', revenue).en).toContain('-¥5,000 is 576% below the median ¥1,050')
    const b = assess(-300, [-1_000, -1_100, -900], 'money')!
    expect(b).toMatchObject({ anomaly: true, direction: 'above', expected: -1_000 })
    expect(explain(b, 'money', revenue).zh).toContain('高 70%')
    const zero = assess(300, [0, 0, 0], 'money')!
    expect(explain(zero, 'money', revenue).en).toContain('is ¥300 above the median ¥0.00')
  })

  it('speaks of rates in percentage points and of hours as the same hour', () => {
    const a = assess(0.045, [0.01, 0.012, 0.008, 0.01, 0.011], 'rate')!
    expect(a.anomaly).toBe(true)
    const text = explain(a, 'rate', { zh: '超卖率', en: 'Oversell rate' }, 'hour')
    expect(text.zh).toBe('超卖率 4.5%，比过去 5 周同一星期几同一时段的中位数 1% 高 3.5 个百分点（正常范围 0%–4%）')
    expect(text.en).toContain('3.5 percentage points above the median 1% of the same weekday and hour over the past 5 weeks')
  })
})
