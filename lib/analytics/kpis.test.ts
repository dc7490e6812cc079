import { describe, expect, it } from 'vitest'
import { ALL_SOURCES, KPI_KEYS, SALES_KPIS, salesKpis, sourcesOf } from './kpis'

describe('sales KPIs', () => {
  it('derives margin, AOV and profit from the totals', () => {
    const k = salesKpis({ gross_cents: 50_000, net_cents: 40_000, cost_cents: 30_000, paid_orders: 3, customers: 2 })
    expect(k).toEqual({
      net_revenue: '400.00',
      gmv: '500.00',
      cogs: '300.00',
      gross_profit: '100.00',
      gross_margin: 0.25,
      orders: 3,
      aov: '133.33',
      customers: 2,
    })
  })

  it('has no margin or AOV without revenue or orders', () => {
    const k = salesKpis({ gross_cents: 0, net_cents: 0, cost_cents: 0, paid_orders: 0, customers: 0 })
    expect(k.gross_margin).toBeNull()
    expect(k.aov).toBeNull()
  })

  it('reports a negative margin when refunds exceed sales', () => {
    const k = salesKpis({ gross_cents: -100, net_cents: -100, cost_cents: -50, paid_orders: 0, customers: 0 })
    expect(k.gross_profit).toBe('-0.50')
    expect(k.gross_margin).toBeNull()
  })
})

describe('KPI sources', () => {
  it('names what each KPI is read from, so a call asked for some reads only those', () => {
    expect(SALES_KPIS).toEqual(['net_revenue', 'gmv', 'cogs', 'gross_profit', 'gross_margin', 'orders', 'aov'])
    expect([...sourcesOf(['net_revenue', 'gross_margin'])]).toEqual(['sales'])
    expect([...sourcesOf(['aov', 'repurchase_rate', 'oversell_rate'])].sort()).toEqual(['customers', 'order_flow', 'sales'])
    expect([...ALL_SOURCES].sort()).toEqual(['customers', 'order_flow', 'sales'])
    expect(sourcesOf(KPI_KEYS)).toEqual(ALL_SOURCES)
  })
})
