import { describe, expect, it } from 'vitest'
import { assumptionsSchema, financeItems, financeTotal, NO_ASSUMPTIONS, type CurrentFacts } from './finance'

const facts: CurrentFacts = { from: '2026-01-01', to: '2026-01-30', orders: 1000, placed_orders: 1200, aov_cents: 25_000, cogs_cents: 3_000_000 }
const a = { hourly_labour_cost: '40.00', labour_hours_per_processing_hour: 0.1, cost_of_capital_rate: 0.073 }

describe('money saved or gained', () => {
  it('processing time → labour hours × hourly cost', () => {
    const [item] = financeItems([{ kpi: 'processing_time_p50_hours', baseline: 24, current: 18 }], facts, a)
    // 6 h faster × 1000 orders × 0.1 labour h per processing h = 600 h × ¥40
    expect(item).toMatchObject({ kind: 'cost_saving', amount_cents: 2_400_000, missing: [] })
    expect(item?.inputs.labour_hours_saved).toBe(600)
  })
  it('oversell rate → oversells avoided × AOV', () => {
    const [item] = financeItems([{ kpi: 'oversell_rate', baseline: 0.03, current: 0.01 }], facts, a)
    expect(item).toMatchObject({ kind: 'revenue', amount_cents: 24 * 25_000 })
    expect(item?.inputs.oversells_avoided).toBe(24)
  })
  it('turnover days → capital freed × cost of capital over the period', () => {
    const [item] = financeItems([{ kpi: 'inventory_turnover_days', baseline: 40, current: 30 }], facts, a)
    // daily COGS ¥1000; 10 days less stock = ¥10,000 freed; × 7.3% × 30/365 = ¥60
    expect(item).toMatchObject({ amount_cents: 6000 })
    expect(item?.inputs.capital_freed_cents).toBe(1_000_000)
  })
  it('labour cost per order and daily net revenue need no assumption', () => {
    const items = financeItems(
      [
        { kpi: 'labour_cost_per_order', baseline: 1200, current: 1000 },
        { kpi: 'daily_net_revenue', baseline: 100_000, current: 90_000 },
        { kpi: 'gross_margin', baseline: 0.3, current: 0.35 },
      ],
      facts,
      NO_ASSUMPTIONS,
    )
    expect(items.map((i) => [i.kpi, i.amount_cents])).toEqual([['labour_cost_per_order', 200_000], ['daily_net_revenue', -300_000]])
    expect(financeTotal(items)).toBe(-100_000)
  })
  it('lower-is-better moving the wrong way costs money', () => {
    const [item] = financeItems([{ kpi: 'processing_time_p50_hours', baseline: 18, current: 24 }], facts, a)
    expect(item?.amount_cents).toBe(-2_400_000)
  })
  it('names what is missing instead of guessing', () => {
    const items = financeItems(
      [
        { kpi: 'processing_time_p50_hours', baseline: 24, current: 18 },
        { kpi: 'inventory_turnover_days', baseline: null, current: 30 },
        { kpi: 'oversell_rate', baseline: 0.03, current: 0.01 },
      ],
      { ...facts, aov_cents: null },
      NO_ASSUMPTIONS,
    )
    expect(items.map((i) => i.amount_cents)).toEqual([null, null, null])
    expect(items[0]?.missing).toEqual(['labour_hours_per_processing_hour', 'hourly_labour_cost_cents'])
    expect(items[1]?.missing).toEqual(['baseline_days', 'cost_of_capital_rate'])
    expect(items[2]?.missing).toEqual(['aov_cents'])
    expect(financeTotal(items)).toBe(0)
  })
  it('assumptions are validated and default to not entered', () => {
    expect(assumptionsSchema.parse({})).toEqual(NO_ASSUMPTIONS)
    expect(assumptionsSchema.safeParse({ hourly_labour_cost: '40.123' }).success).toBe(false)
    expect(assumptionsSchema.safeParse({ cost_of_capital_rate: -1 }).success).toBe(false)
  })
})
