import { describe, expect, it } from 'vitest'
import { timeMemberInRange, timeMemberOfDay } from './dimensions'
import { sortRows, type BreakdownRow } from './breakdown'
import { customerKpis, orderFlowKpis, salesKpis } from './kpis'

describe('time members of a local day', () => {
  it('labels years, quarters, months, ISO weeks (their Monday), days and hours', () => {
    expect(timeMemberOfDay('year', '2026-11-27')).toBe('2026')
    expect(timeMemberOfDay('quarter', '2026-11-27')).toBe('2026-Q4')
    expect(timeMemberOfDay('quarter', '2026-09-30')).toBe('2026-Q3')
    expect(timeMemberOfDay('month', '2026-11-27')).toBe('2026-11')
    expect(timeMemberOfDay('week', '2026-11-27')).toBe('2026-11-23') // a Friday
    expect(timeMemberOfDay('week', '2026-11-23')).toBe('2026-11-23') // a Monday
    expect(timeMemberOfDay('week', '2026-11-29')).toBe('2026-11-23') // a Sunday ends the week
    expect(timeMemberOfDay('week', '2027-01-01')).toBe('2026-12-28') // across the year
    expect(timeMemberOfDay('hour', '2026-11-27')).toBe('2026-11-27 00:00')
  })

  it('tells whether a member lies in a range', () => {
    expect(timeMemberInRange('day', '2028-02-28', '2028-02-29', '2028-02-29')).toBe(false)
    expect(timeMemberInRange('week', '2026-11-23', '2026-11-25', '2026-12-02')).toBe(true)
    expect(timeMemberInRange('hour', '2026-11-27 23:00', '2026-11-27', '2026-11-27')).toBe(true)
    expect(timeMemberInRange('month', '2026-10', '2026-11-01', '2026-11-30')).toBe(false)
  })
})

const row = (channel: string, net: number, orders: number): BreakdownRow => ({
  channel,
  ...salesKpis({ gross_cents: net, net_cents: net, cost_cents: 0, paid_orders: orders, customers: 0 }),
  ...customerKpis({ customers: 0, new_customers: 0, repeat_customers: 0 }),
  ...orderFlowKpis({ placed_orders: orders, oversold_orders: 0, processing_p50_seconds: null, processing_p90_seconds: null }),
})

describe('top lists', () => {
  const rows = [row('jd', 5_000, 1), row('tmall', 90_000, 3), row('web', -2_000, 0), row('douyin', 90_000, 2)]
  it('orders by member without a sort, by net revenue for a limit, by any KPI descending with nulls last', () => {
    expect(sortRows(['channel'], rows).map((r) => r.channel)).toEqual(['douyin', 'jd', 'tmall', 'web'])
    expect(sortRows(['channel'], rows, undefined, 2).map((r) => r.channel)).toEqual(['douyin', 'tmall'])
    expect(sortRows(['channel'], rows, 'orders').map((r) => r.channel)).toEqual(['tmall', 'douyin', 'jd', 'web'])
    expect(sortRows(['channel'], rows, 'aov').map((r) => r.channel)).toEqual(['douyin', 'tmall', 'jd', 'web'])
  })
})
