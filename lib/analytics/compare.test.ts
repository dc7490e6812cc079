import { describe, expect, it } from 'vitest'
import { comparisonRange, kpiChanges } from './compare'
import { customerKpis, orderFlowKpis, salesKpis, type Kpis } from './kpis'

describe('comparison ranges', () => {
  it('takes the same number of days just before for the previous period', () => {
    expect(comparisonRange('2026-11-21', '2026-11-27', 'previous')).toEqual({ from: '2026-11-14', to: '2026-11-20' })
    expect(comparisonRange('2026-03-01', '2026-03-01', 'previous')).toEqual({ from: '2026-02-28', to: '2026-02-28' })
    expect(comparisonRange('2026-01-01', '2026-01-31', 'previous')).toEqual({ from: '2025-12-01', to: '2025-12-31' })
  })

  it('takes the same dates last year, 29 February becoming the 28th', () => {
    expect(comparisonRange('2026-11-01', '2026-11-27', 'yoy')).toEqual({ from: '2025-11-01', to: '2025-11-27' })
    expect(comparisonRange('2028-02-29', '2028-02-29', 'yoy')).toEqual({ from: '2027-02-28', to: '2027-02-28' })
  })
})

const kpis = (net: number, orders: number, customers: number, fresh: number): Kpis => ({
  ...salesKpis({ gross_cents: net, net_cents: net, cost_cents: net / 2, paid_orders: orders, customers }),
  ...customerKpis({ customers, new_customers: fresh, repeat_customers: 0 }),
  ...orderFlowKpis({ placed_orders: orders, oversold_orders: 0, processing_p50_seconds: null, processing_p90_seconds: 7200 }),
})

describe('KPI changes', () => {
  it('gives money differences to the cent, counts and rates as numbers, and no change where a side is missing', () => {
    const change = kpiChanges(kpis(15_000, 3, 2, 1), kpis(10_000, 4, 2, 0))
    expect(change.net_revenue).toEqual({ previous: '100.00', change: '50.00', change_pct: 0.5 })
    expect(change.orders).toEqual({ previous: 4, change: -1, change_pct: -0.25 })
    expect(change.new_customers).toEqual({ previous: 0, change: 1, change_pct: null })
    expect(change.processing_time_p50_hours).toEqual({ previous: null, change: null, change_pct: null })
    expect(change.processing_time_p90_hours).toEqual({ previous: 2, change: 0, change_pct: 0 })
  })

  it('measures a fall from a negative base against its size', () => {
    const change = kpiChanges(kpis(-200, 0, 0, 0), kpis(-100, 0, 0, 0))
    expect(change.net_revenue).toEqual({ previous: '-1.00', change: '-1.00', change_pct: -1 })
  })
})

describe('customer and order-flow KPIs', () => {
  it('splits new from returning customers and rates repurchase', () => {
    expect(customerKpis({ customers: 10, new_customers: 4, repeat_customers: 3 })).toEqual({ new_customers: 4, returning_customers: 6, repurchase_rate: 0.3 })
    expect(customerKpis({ customers: 0, new_customers: 0, repeat_customers: 0 }).repurchase_rate).toBeNull()
  })

  it('rates oversells against placed orders and gives processing time in hours', () => {
    expect(orderFlowKpis({ placed_orders: 200, oversold_orders: 3, processing_p50_seconds: 5400, processing_p90_seconds: 86_400 })).toEqual({
      placed_orders: 200,
      oversold_orders: 3,
      oversell_rate: 0.015,
      processing_time_p50_hours: 1.5,
      processing_time_p90_hours: 24,
    })
    expect(orderFlowKpis({ placed_orders: 0, oversold_orders: 0, processing_p50_seconds: null, processing_p90_seconds: null }).oversell_rate).toBeNull()
  })
})
