import { describe, expect, it } from 'vitest'
import { addDays, chooseBaseline, daysOf, defaultBaseline, defaultCurrent, displayShare, improvement, kpiValue, measureInWindow, targetDirectionOk, targetShare, weekOf, weeksOf, type MeasureEntry, type WindowFacts } from './maths'

const w = (kpis: WindowFacts['kpis'], measures: MeasureEntry[] = [], from = '2026-01-01', to = '2026-01-10'): WindowFacts => ({ from, to, kpis, measures })

describe('improvement, signed so that better is positive', () => {
  it('higher is better: a rise is an improvement', () => {
    expect(improvement('higher', 0.3, 0.36)).toBe(0.2)
    expect(improvement('higher', 0.3, 0.24)).toBe(-0.2)
  })
  it('lower is better: a fall is an improvement', () => {
    expect(improvement('lower', 20, 15)).toBe(0.25)
    expect(improvement('lower', 20, 25)).toBe(-0.25)
    expect(improvement('lower', 0.05, 0.05)).toBe(0)
  })
  it('is relative to the baseline’s magnitude when it is negative', () => {
    expect(improvement('higher', -100, -50)).toBe(0.5)
  })
  it('is missing with missing data or a zero baseline', () => {
    expect(improvement('higher', null, 1)).toBeNull()
    expect(improvement('lower', 1, null)).toBeNull()
    expect(improvement('lower', 0, 0.1)).toBeNull()
  })
})

describe('share of the target reached', () => {
  it('is (current − baseline) / (target − baseline) for both directions', () => {
    expect(targetShare(20, 10, 15)).toBe(0.5) // lower is better: target below the baseline
    expect(targetShare(0.3, 0.4, 0.35)).toBe(0.5)
    expect(targetShare(20, 10, 10)).toBe(1)
    expect(targetShare(20, 10, 5)).toBe(1.5)
    expect(targetShare(20, 10, 25)).toBe(-0.5)
  })
  it('is null when the target equals the baseline or data is missing', () => {
    expect(targetShare(5, 5, 7)).toBeNull()
    expect(targetShare(null, 5, 7)).toBeNull()
    expect(targetShare(1, 5, null)).toBeNull()
  })
  it('is drawn clamped to 0…1', () => {
    expect(displayShare(1.5)).toBe(1)
    expect(displayShare(-0.5)).toBe(0)
    expect(displayShare(0.25)).toBe(0.25)
    expect(displayShare(null)).toBeNull()
  })
  it('warns when a target asks for a move the wrong way', () => {
    expect(targetDirectionOk('lower', 20, 25)).toBe(false)
    expect(targetDirectionOk('lower', 20, 10)).toBe(true)
    expect(targetDirectionOk('higher', 0.3, 0.2)).toBe(false)
    expect(targetDirectionOk('higher', null, 0.2)).toBeNull()
  })
})

describe('baseline choice', () => {
  it('a manual baseline overrides the computed one and is marked with who and when', () => {
    expect(chooseBaseline(12, { value: 30, by: 'analyst', at: '2026-01-01T00:00:00.000Z' })).toEqual({ value: 30, source: 'manual', computed: 12, manual: { by: 'analyst', at: '2026-01-01T00:00:00.000Z' } })
    expect(chooseBaseline(null, null)).toEqual({ value: null, source: 'computed', computed: null, manual: null })
  })
})

describe('KPI values of a window', () => {
  const kpis = { net_revenue: '1000.50', orders: 40, placed_orders: 50, oversell_rate: 0.02, gross_margin: 0.4, aov: '25.01', inventory_turnover_days: 31.5, processing_time_p50_hours: 7.25, gross_profit: '-12.00' }
  it('takes analytics KPIs from the snapshot, money in cents', () => {
    expect(kpiValue('net_revenue', w(kpis))).toBe(100_050)
    expect(kpiValue('gross_profit', w(kpis))).toBe(-1200)
    expect(kpiValue('oversell_rate', w(kpis))).toBe(0.02)
    expect(kpiValue('inventory_turnover_days', w(kpis))).toBe(31.5)
    expect(kpiValue('processing_time_p50_hours', w(kpis))).toBe(7.25)
  })
  it('daily net revenue divides by the window’s days', () => {
    expect(kpiValue('daily_net_revenue', w(kpis))).toBe(10_005)
    expect(kpiValue('daily_net_revenue', w(kpis, [], '2026-01-01', '2026-01-03'))).toBe(33_350)
  })
  it('combines orders with the manual measures inside the window', () => {
    const m: MeasureEntry[] = [
      { measure: 'staff_hours', from: '2026-01-01', to: '2026-01-05', value: 60 },
      { measure: 'staff_hours', from: '2026-01-06', to: '2026-01-10', value: 20 },
      { measure: 'staff_hours', from: '2026-01-06', to: '2026-01-11', value: 999 }, // reaches outside: not counted
      { measure: 'labour_cost', from: '2026-01-01', to: '2026-01-10', value: 300_000 },
    ]
    expect(kpiValue('orders_per_staff_hour', w(kpis, m))).toBe(0.5)
    expect(kpiValue('labour_cost_per_order', w(kpis, m))).toBe(7500)
  })
  it('is missing, not zero, without the data', () => {
    expect(kpiValue('orders_per_staff_hour', w(kpis))).toBeNull()
    expect(kpiValue('labour_cost_per_order', w({ ...kpis, orders: 0 }, [{ measure: 'labour_cost', from: '2026-01-01', to: '2026-01-02', value: 5 }]))).toBeNull()
    expect(kpiValue('gross_margin', w(null))).toBeNull()
    expect(kpiValue('aov', w({ aov: null }))).toBeNull()
    expect(kpiValue('daily_net_revenue', w(null))).toBeNull()
    expect(kpiValue('customer_satisfaction', w(kpis))).toBeNull()
  })
  it('averages scores weighted by days, sums additive measures', () => {
    const m: MeasureEntry[] = [
      { measure: 'customer_satisfaction', from: '2026-01-01', to: '2026-01-03', value: 80 },
      { measure: 'customer_satisfaction', from: '2026-01-04', to: '2026-01-04', value: 60 },
    ]
    expect(measureInWindow('customer_satisfaction', m, '2026-01-01', '2026-01-31')).toBe(75)
    expect(kpiValue('customer_satisfaction', w(null, m))).toBe(75)
    expect(measureInWindow('partner_satisfaction', m, '2026-01-01', '2026-01-31')).toBeNull()
  })
})

describe('windows and weeks', () => {
  it('defaults: the 90 days before go-live, the 30 days ending today', () => {
    expect(defaultBaseline('2026-03-01')).toEqual({ from: '2025-12-01', to: '2026-02-28' })
    expect(daysOf('2025-12-01', '2026-02-28')).toBe(90)
    expect(defaultCurrent('2026-03-30')).toEqual({ from: '2026-03-01', to: '2026-03-30' })
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
  })
  it('weeks start on Monday and are clipped to the range', () => {
    expect(weekOf('2026-11-29')).toBe('2026-11-23')
    expect(weeksOf('2026-11-25', '2026-12-08')).toEqual([
      { week: '2026-11-23', from: '2026-11-25', to: '2026-11-29' },
      { week: '2026-11-30', from: '2026-11-30', to: '2026-12-06' },
      { week: '2026-12-07', from: '2026-12-07', to: '2026-12-08' },
    ])
  })
})
