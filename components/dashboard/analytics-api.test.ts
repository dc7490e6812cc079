import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  fetchBreakdown,
  fetchInventory,
  fetchOverviewKpis,
  rollUpRows,
  topRows,
  type BreakdownRow,
} from '@/components/dashboard/analytics-api'
import { ApiError } from '@/components/dashboard/api'
import { memberOf } from '@/lib/i18n/time-range'

const range = { from: '2026-11-21', to: '2026-11-27', time_zone: 'Asia/Shanghai' }
const freshness = { newest_event_at: '2026-11-27T07:00:00.000Z', as_of: '2026-11-27T07:00:01.000Z' }
const sales = { net_revenue: '100.00', gmv: '120.00', cogs: '50.00', gross_profit: '50.00', gross_margin: 0.5, orders: 2, aov: '50.00', customers: 2 }

function mockFetch(...responses: { status: number; body: unknown }[]) {
  const calls: string[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      calls.push(url)
      const r = responses[Math.min(calls.length - 1, responses.length - 1)]!
      return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } })
    }),
  )
  return calls
}

afterEach(() => vi.unstubAllGlobals())

describe('fetchOverviewKpis', () => {
  it('sends range, comparison and repeated filters; missing optional parts become null / empty', async () => {
    const calls = mockFetch({ status: 200, body: { range, kpis: sales, freshness } })
    const data = await fetchOverviewKpis({ range, filters: { channel: ['tmall', 'jd'], region: ['east'] }, compare: 'yoy' })
    expect(calls[0]).toBe('/api/v1/kpis?from=2026-11-21&to=2026-11-27&compare=yoy&channel=tmall&channel=jd&region=east')
    expect(data.kpis.inventory_turnover_days).toBeNull()
    expect(data.kpis.oversell_rate).toBeNull()
    expect(data.comparison).toBeNull()
    expect(data.anomalies).toEqual([])
  })

  it('parses comparison and anomalies; a malformed anomaly is dropped, not fatal', async () => {
    mockFetch({
      status: 200,
      body: {
        range,
        kpis: { ...sales, oversell_rate: 0.02, inventory_turnover_days: 31.5 },
        comparison: { mode: 'previous', range: { from: '2026-11-14', to: '2026-11-20' }, kpis: sales, change: { net_revenue: { previous: '80.00', change: '20.00', change_pct: 0.25 } } },
        anomalies: [
          { kpi: 'net_revenue', scope: null, value: '100.00', expected: '60.00', low: '40.00', high: '80.00', direction: 'above', explanation_zh: '高', explanation_en: 'high' },
          { kpi: 'broken' },
        ],
        freshness,
      },
    })
    const data = await fetchOverviewKpis({ range, filters: {}, compare: 'previous' })
    expect(data.comparison?.change.net_revenue?.change_pct).toBe(0.25)
    expect(data.anomalies).toHaveLength(1)
    expect(data.kpis.inventory_turnover_days).toBe(31.5)
  })
})

describe('fetchBreakdown', () => {
  it('normalises members, total and comparison; sorts and cuts to the limit on the client too', async () => {
    const calls = mockFetch({
      status: 200,
      body: {
        range,
        by: 'region',
        split: null,
        rows: [
          { region: 'east', ...sales, net_revenue: '10.00' },
          { region: 'north', ...sales, net_revenue: '30.00', comparison: { kpis: sales, change: { net_revenue: { previous: '20.00', change: '10.00', change_pct: 0.5 } } } },
          { region: 'south', ...sales, net_revenue: '20.00' },
        ],
        total: { ...sales, net_revenue: '60.00' },
        freshness,
      },
    })
    const data = await fetchBreakdown({ range, filters: { channel: ['tmall'] }, compare: null, by: 'region', limit: 2 })
    expect(calls[0]).toBe('/api/v1/breakdown?by=region&from=2026-11-21&to=2026-11-27&limit=2&sort=net_revenue&channel=tmall')
    expect(data.rows.map((r) => r.member)).toEqual(['north', 'south'])
    expect(data.rows[0]?.change?.net_revenue?.change_pct).toBe(0.5)
    expect(data.total?.kpis.net_revenue).toBe('60.00')
  })

  it('a row without its member is an invalid response', async () => {
    mockFetch({ status: 200, body: { range, by: 'region', rows: [sales], total: sales, freshness } })
    await expect(fetchBreakdown({ range, filters: {}, compare: null, by: 'region' })).rejects.toMatchObject({ kind: 'invalid_response' })
  })

  it('rolls daily rows up to months when the server does not offer by=month', async () => {
    const calls = mockFetch(
      { status: 400, body: { error: { code: 'invalid_parameter', field: 'by', message: 'by: invalid' } } },
      {
        status: 200,
        body: {
          range,
          by: 'day',
          rows: [
            { day: '2026-10-31', ...sales },
            { day: '2026-11-01', ...sales, net_revenue: '0.10', gross_profit: '0.05', orders: 1 },
          ],
          total: sales,
          freshness,
        },
      },
    )
    const data = await fetchBreakdown({ range, filters: {}, compare: null, by: 'month' })
    expect(calls[1]).toContain('by=day')
    expect(data.rolledUp).toBe(true)
    expect(data.rows.map((r) => [r.member, r.kpis.net_revenue])).toEqual([
      ['2026-10', '100.00'],
      ['2026-11', '0.10'],
    ])
  })

  it('other errors are not hidden by the fallback', async () => {
    mockFetch({ status: 400, body: { error: { code: 'invalid_parameter', field: 'from', message: 'bad' } } })
    await expect(fetchBreakdown({ range, filters: {}, compare: null, by: 'month' })).rejects.toBeInstanceOf(ApiError)
  })
})

describe('rollUpRows and topRows', () => {
  const row = (member: string, net: string, gp: string, orders: number | null, split: string | null = null): BreakdownRow => ({
    member,
    split,
    change: null,
    kpis: {
      net_revenue: net, gmv: net, cogs: null, gross_profit: gp, gross_margin: null, orders, aov: null, customers: 3,
      new_customers: null, returning_customers: null, repurchase_rate: null, placed_orders: 4, oversold_orders: 1,
      oversell_rate: null, processing_time_p50_hours: 5, processing_time_p90_hours: 9, inventory_turnover_days: null,
    },
  })
  it('sums exactly, recomputes ratios, and leaves distinct counts and percentiles unknown', () => {
    const rows = [row('2026-11-23', '0.10', '0.05', 1, 'web'), row('2026-11-24', '0.20', '0.05', 1, 'web'), row('2026-11-30', '1.00', '0.50', 2, 'web'), row('2026-11-24', '9.99', '0.00', 0, 'jd')]
    const weeks = rollUpRows(rows, (d) => memberOf('week', d))
    expect(weeks.map((r) => [r.member, r.split, r.kpis.net_revenue])).toEqual([
      ['2026-11-23', 'jd', '9.99'],
      ['2026-11-23', 'web', '0.30'],
      ['2026-11-30', 'web', '1.00'],
    ])
    const web = weeks[1]!.kpis
    expect(web.gross_margin).toBeCloseTo(1 / 3)
    expect(web.aov).toBe('0.15')
    expect(web.oversell_rate).toBe(0.25)
    expect(web.customers).toBeNull()
    expect(web.processing_time_p50_hours).toBeNull()
    expect(weeks[0]!.kpis.aov).toBeNull()
  })
  it('topRows', () => {
    expect(topRows([row('a', '1.00', '0', 1), row('b', '3.00', '0', 1), row('c', '2.00', '0', 1)], 'net_revenue', 2).map((r) => r.member)).toEqual(['b', 'c'])
  })
})

describe('fetchInventory', () => {
  it('a missing endpoint is a not_found error (the page says "not available yet")', async () => {
    mockFetch({ status: 404, body: {} })
    await expect(fetchInventory({ range, filters: {} })).rejects.toMatchObject({ kind: 'not_found' })
  })
})
