import { describe, expect, it } from 'vitest'
import { creditChartOption } from './credit-chart'

describe('credit chart option', () => {
  it('draws exposure beside the limit per distributor, in yuan', () => {
    const option = creditChartOption(
      [
        { distributor_id: 'HD-001', credit_limit: '50000.00', credit: { exposure: '53765.50' } },
        { distributor_id: 'BJ-002', credit_limit: '30000.00', credit: { exposure: '0.00' } },
      ],
      { limit: 'Limit', exposure: 'Exposure' },
    )
    expect(option.xAxis.data).toEqual(['HD-001', 'BJ-002'])
    expect(option.series.map((s) => [s.id, s.data])).toEqual([
      ['exposure', [53765.5, 0]],
      ['limit', [50000, 30000]],
    ])
  })
})
