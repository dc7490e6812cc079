import { describe, expect, it } from 'vitest'
import { liftChartOption } from './lift-option'

describe('liftChartOption', () => {
  it('puts treated and holdout revenue per customer side by side with the interval as a band', () => {
    const o = liftChartOption({ treatedLabel: 'T', controlLabel: 'H', treated: 120.456, control: 100, diffLow: 5, diffHigh: 35.5, title: 'x' })
    expect(o.xAxis.data).toEqual(['T', 'H'])
    expect(o.series[0]!.data).toEqual([120.46, 100])
    expect(o.series[0]!.markArea!.data).toEqual([[{ yAxis: 105 }, { yAxis: 135.5 }]])
    expect(liftChartOption({ treatedLabel: 'T', controlLabel: 'H', treated: 1, control: 1, diffLow: null, diffHigh: null, title: 'x' }).series[0]!.markArea).toBeUndefined()
  })
})
