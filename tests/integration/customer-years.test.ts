import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { breakdown } from '@/lib/analytics/breakdown'
import { breakdownQuerySchema, rangeQuerySchema } from '@/lib/analytics/filters'
import { kpiSnapshot } from '@/lib/analytics/snapshot'
import { queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import type { Db } from '@/lib/db'
import { placeOrder, actOnOrder } from '@/lib/ops/orders'
import { customersPerPeriod, expectedFromPostgres, HOUR, ingestAll, ingestedStores, placeScenario, TZ } from './expected'

/**
 * Customer KPIs over ranges that hold a 1 January (clickhouse/0012): whole calendar years are
 * read from customer_years, and the year still running only while nothing is stored after the
 * range — else its days are read. The scenario runs from 29 December 2025 to 4 January 2026
 * (Asia/Shanghai), so every kind of range meets the year boundary. And a payment that arrives
 * after later ones (its first payment moves earlier) still makes the customer not new: the
 * first-payment tables take a row only when it lowers the minimum, and queries read the exact
 * minimum of their candidates. customer_months (clickhouse/0016) holds the same customers and
 * paid orders per month, and customer_channel_days (0017) per day and channel, one row each once
 * read with FINAL.
 */
const BASE = Date.parse('2025-12-29T02:00:00Z')
let db: Db
let ch: ClickHouseClient

beforeAll(async () => ({ db, ch } = await ingestedStores((db) => placeScenario(db, BASE))))
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

const RANGES = [
  ['2026 so far, with days stored after the range: read by day', '2026-01-01', '2026-01-02', {}],
  ['the whole of 2026: read as a year', '2026-01-01', '2026-12-31', {}],
  ['the whole of 2025', '2025-01-01', '2025-12-31', {}],
  ['2026 so far, nothing stored after the range: read as a year', '2026-01-01', '2026-01-31', {}],
  ['days of 2025 and 2026 up to after the last sale', '2025-12-30', '2026-01-31', {}],
  ['the same, one channel', '2025-12-30', '2026-01-31', { channel: 'tmall' }],
  ['the same, one store', '2025-12-30', '2026-01-31', { store: 'ST-SH-01' }],
] as const

describe('customer KPIs over ranges holding a 1 January', () => {
  it.each(RANGES)('%s: every KPI to the cent', async (_, from, to, filter: { channel?: string; store?: string }) => {
    const q = rangeQuerySchema.parse({ from, to, ...(filter.channel ? { channel: [filter.channel] } : {}), ...(filter.store ? { store: [filter.store] } : {}) })
    expect(await kpiSnapshot(ch, q, TZ)).toMatchObject(await expectedFromPostgres(db, from, to, filter))
  })

  it('a breakdown by channel: every row and the total', async () => {
    const { rows, total } = await breakdown(ch, breakdownQuerySchema.parse({ from: '2025-12-30', to: '2026-01-31', by: 'channel' }), TZ)
    expect(rows.length).toBeGreaterThan(2)
    for (const { channel, ...kpis } of rows) expect(kpis, channel).toEqual(await expectedFromPostgres(db, '2025-12-30', '2026-01-31', { channel }))
    expect(total).toEqual(await expectedFromPostgres(db, '2025-12-30', '2026-01-31'))
  })

  it.each([
    ['month', [['2025-12', '2025-12-30', '2025-12-31'], ['2026-01', '2026-01-01', '2026-01-31']]],
    ['quarter', [['2025-Q4', '2025-12-30', '2025-12-31'], ['2026-Q1', '2026-01-01', '2026-01-31']]],
    ['year', [['2025', '2025-12-30', '2025-12-31'], ['2026', '2026-01-01', '2026-01-31']]],
  ] as const)('a breakdown by %s: each member is its slice alone, and the total the range', async (by, members) => {
    for (const filter of [{}, { channel: 'tmall' }] as const) {
      const { rows, total } = await breakdown(ch, breakdownQuerySchema.parse({ from: '2025-12-30', to: '2026-01-31', by, ...filter }), TZ)
      expect(rows.map((r) => r[by])).toEqual(members.map(([m]) => m))
      for (const [member, from, to] of members) {
        const { [by]: _, ...kpis } = rows.find((r) => r[by] === member)!
        expect(kpis, member).toEqual(await expectedFromPostgres(db, from, to, filter))
      }
      expect(total).toEqual(await expectedFromPostgres(db, '2025-12-30', '2026-01-31', filter))
    }
  })

  // customer_months (clickhouse/0016): December whole, January still running — read whole only
  // while nothing is stored after the range, else by its days.
  it.each([
    ['nothing stored after the range', '2026-01-31'],
    ['days stored after the range', '2026-01-02'],
  ])('a breakdown by month over whole and running months, %s: each member its slice, and the total', async (_, to) => {
    const { rows, total } = await breakdown(ch, breakdownQuerySchema.parse({ from: '2025-12-01', to, by: 'month' }), TZ)
    expect(rows.map((r) => r.month)).toEqual(['2025-12', '2026-01'])
    for (const [member, from, until] of [['2025-12', '2025-12-01', '2025-12-31'], ['2026-01', '2026-01-01', to]] as const) {
      const { month: _, ...kpis } = rows.find((r) => r.month === member)!
      expect(kpis, member).toEqual(await expectedFromPostgres(db, from, until))
    }
    expect(total).toEqual(await expectedFromPostgres(db, '2025-12-01', to))
  })

  it('the yearly rollup holds what the daily one holds, year by year', async () => {
    expect(await queryRows(ch, customersPerPeriod(TABLES.customerYears, 'year'))).toEqual(await queryRows(ch, customersPerPeriod(TABLES.customerDays, 'toYear(day)')))
  })

  it('the monthly rollup holds what the daily one holds, month by month, and one row per customer and month read with FINAL', async () => {
    // A new customer's payment on 1 January in Asia/Shanghai, 31 December in UTC: a month in the wrong zone differs.
    const at = new Date('2025-12-31T17:00:00Z')
    const placed = await placeOrder(db, { channel: 'web', external_id: 'NEW-YEAR', customer: { phone: '13700000099' }, lines: [{ sku: 'SKU-B', quantity: 1 }], pay: false }, { actor: 'test', at })
    await actOnOrder(db, placed.order.order_id, 'pay', { actor: 'test', at: new Date(at.getTime() + 60_000) })
    await ingestAll(db, ch)
    const months = await queryRows<{ p: string }>(ch, customersPerPeriod(TABLES.customerMonths, 'month'))
    expect(months.map((r) => r.p)).toEqual(['2025-12-01', '2026-01-01'])
    expect(months).toEqual(await queryRows(ch, customersPerPeriod(TABLES.customerDays, 'toStartOfMonth(day)')))
    const merged = await queryRows<{ rows: string; c: string }>(ch, `SELECT toString(count()) AS rows, toString(uniqExact(month, customer_key)) AS c FROM ${TABLES.customerMonths} FINAL`)
    expect(merged[0]!.rows).toBe(merged[0]!.c)
  })

  it('the day × channel rollup holds what the daily one holds, day and channel by day and channel, and one row per customer, day and channel read with FINAL', async () => {
    // A payment at 18:00 UTC on 30 December, 31 December in Asia/Shanghai: a day in the wrong zone differs.
    const at = new Date('2025-12-30T18:00:00Z')
    const placed = await placeOrder(db, { channel: 'tmall', external_id: 'LATE-EVENING', customer: { phone: '13700000098' }, lines: [{ sku: 'SKU-B', quantity: 1 }], pay: false }, { actor: 'test', at })
    await actOnOrder(db, placed.order.order_id, 'pay', { actor: 'test', at: new Date(at.getTime() + 60_000) })
    await ingestAll(db, ch)
    const days = await queryRows<{ p: string; s: string }>(ch, customersPerPeriod(TABLES.customerChannelDays, 'day', 'channel'))
    expect(days.map((r) => `${r.p} ${r.s}`)).toContain('2025-12-31 tmall')
    expect(days).toEqual(await queryRows(ch, customersPerPeriod(TABLES.customerDays, 'day', 'channel')))
    const merged = await queryRows<{ rows: string; c: string }>(ch, `SELECT toString(count()) AS rows, toString(uniqExact(day, channel, customer_key)) AS c FROM ${TABLES.customerChannelDays} FINAL`)
    expect(merged[0]!.rows).toBe(merged[0]!.c)
  })
})

describe('a first payment that arrives after later ones', () => {
  it('is stored as one more row only because it lowers the minimum, and the customer is no longer new', async () => {
    const rows = async () => (await queryRows<{ rows: string; customers: string }>(ch, `SELECT toString(count()) AS rows, toString(uniqExact(customer_key)) AS customers FROM ${TABLES.customerFirstPaid}`))[0]!
    const before = await rows()
    expect(before.rows).toBe(before.customers)
    const wasNew = (await expectedFromPostgres(db, '2025-12-30', '2026-01-31')).new_customers
    // A customer of the scenario (phone …0003, first paid on 30 December) paid long before.
    const at = new Date(BASE - 30 * 24 * HOUR)
    const placed = await placeOrder(db, { channel: 'web', external_id: 'EARLIER', customer: { phone: '13700000003' }, lines: [{ sku: 'SKU-B', quantity: 1 }], pay: false }, { actor: 'test', at })
    await actOnOrder(db, placed.order.order_id, 'pay', { actor: 'test', at: new Date(at.getTime() + 60_000) })
    await ingestAll(db, ch)
    expect(await rows()).toEqual({ rows: String(Number(before.rows) + 1), customers: before.customers })
    const expected = await expectedFromPostgres(db, '2025-12-30', '2026-01-31')
    expect(expected.new_customers).toBe(wasNew - 1)
    expect(await kpiSnapshot(ch, rangeQuerySchema.parse({ from: '2025-12-30', to: '2026-01-31' }), TZ)).toMatchObject(expected)
  })
})
