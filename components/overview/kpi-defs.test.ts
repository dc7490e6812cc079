import { describe, expect, it } from 'vitest'
import { formatChangePct } from '@/lib/i18n/format'
import { KPI_DEFS, changeTone, formatKpi } from '@/components/overview/kpi-defs'

const def = (key: string) => {
  const d = KPI_DEFS.find((k) => k.key === key)
  if (!d) throw new Error(key)
  return d
}

describe('change colouring', () => {
  it('a rise is good for revenue, bad for oversell rate, turnover days and processing time', () => {
    expect(changeTone(def('net_revenue'), 0.12)).toBe('good')
    expect(changeTone(def('net_revenue'), -0.12)).toBe('bad')
    for (const key of ['oversell_rate', 'inventory_turnover_days', 'processing_time_p50_hours', 'processing_time_p90_hours']) {
      expect(def(key).lowerIsBetter, key).toBe(true)
      expect(changeTone(def(key), -0.2), key).toBe('good')
      expect(changeTone(def(key), 0.2), key).toBe('bad')
    }
  })
  it('no change and no comparison', () => {
    expect(changeTone(def('orders'), 0)).toBe('flat')
    expect(changeTone(def('orders'), 0.0001)).toBe('flat')
    expect(changeTone(def('orders'), null)).toBe('none')
    expect(changeTone(def('oversell_rate'), undefined)).toBe('none')
  })
  it('arrows and percentages', () => {
    expect(formatChangePct(0.1234)).toBe('▲ 12.3%')
    expect(formatChangePct(-0.04)).toBe('▼ 4.0%')
    expect(formatChangePct(0.00001)).toBe('0.0%')
    expect(formatChangePct(null)).toBe('—')
  })
})

describe('formatKpi', () => {
  it('formats every kind, with a dash for a KPI the server does not send yet', () => {
    expect(formatKpi('money', '123456.78', 'zh', true)).toBe('¥12.3万')
    expect(formatKpi('money', '123456.78', 'zh')).toBe('¥123,456.78')
    expect(formatKpi('percent', 0.4963, 'en')).toBe('49.6%')
    expect(formatKpi('count', 1751, 'en')).toBe('1,751')
    expect(formatKpi('days', 12.345, 'zh')).toBe('12.3 天')
    expect(formatKpi('hours', 2.55, 'en')).toBe('2.6 h')
    expect(formatKpi('days', null, 'zh')).toBe('—')
  })
  it('covers the KPIs of the overview', () => {
    expect(KPI_DEFS.map((d) => d.testId)).toEqual([
      'net-revenue', 'gmv', 'gross-profit', 'gross-margin', 'orders', 'aov', 'customers',
      'repurchase-rate', 'oversell-rate', 'inventory-turnover-days', 'processing-p50', 'processing-p90',
    ])
  })
})
