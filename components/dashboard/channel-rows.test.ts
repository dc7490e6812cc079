import { describe, expect, it } from 'vitest'
import type { ChannelRow } from '@/components/dashboard/api'
import { orderChannelRows } from '@/components/dashboard/channel-rows'

const row = (channel: string, net_revenue: string): ChannelRow => ({
  channel,
  net_revenue,
  gmv: net_revenue,
  cogs: '0.00',
  gross_profit: net_revenue,
  gross_margin: 1,
  orders: 1,
  aov: net_revenue,
  customers: 1,
})

describe('orderChannelRows', () => {
  it('sorts by net revenue, ties by channel order, without mutating', () => {
    const rows = [row('store', '5.00'), row('web', '5.00'), row('jd', '1000.00'), row('tmall', '99.99')]
    expect(orderChannelRows(rows).map((r) => r.channel)).toEqual(['jd', 'tmall', 'web', 'store'])
    expect(rows[0]?.channel).toBe('store')
  })
})
