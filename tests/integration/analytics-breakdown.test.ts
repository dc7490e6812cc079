import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { breakdown, type BreakdownRow } from '@/lib/analytics/breakdown'
import { breakdownQuerySchema, DIMENSIONS, isLineDimension, rangeQuerySchema, TIME_DIMENSIONS, type Dimension } from '@/lib/analytics/filters'
import { detectAnomalies } from '@/lib/analytics/anomalies'
import { breakdownAnswer, onlyFields } from '@/lib/analytics/answers'
import { KPI_KEYS, SALES_KPIS, type KpiKey } from '@/lib/analytics/kpis'
import { oversells } from '@/lib/analytics/oversells'
import type { ClickHouseClient } from '@/lib/clickhouse/client'
import type { Db } from '@/lib/db'
import { CHANNEL_IDS } from '@/lib/events'
import { toCents } from '@/lib/money'
import { placeOrder } from '@/lib/ops/orders'
import { expectedFromPostgres, ingestedStores, oversoldFromPostgres, placeScenario, TZ } from './expected'

/**
 * The drill-down API against its promises: rows add up to the total for random dimensions,
 * filters and ranges; every KPI by channel and by store equals a recomputation from Postgres;
 * a comparison equals two separate calls; the oversold orders are Postgres's; time members
 * are labelled in Asia/Shanghai across a month (and quarter) boundary.
 */
const BASE = Date.parse('2026-09-28T02:00:00Z') // Monday 28 September, 10:00 in Shanghai
const FIRST = '2026-09-26'
const LAST = '2026-10-08'
let db: Db
let ch: ClickHouseClient

beforeAll(async () => {
  ;({ db, ch } = await ingestedStores(async (db) => {
    await placeScenario(db, BASE)
    // Either side of local midnight into October: UTC still says 30 September for both.
    for (const [id, at] of [['EDGE-1', '2026-09-30T15:30:00Z'], ['EDGE-2', '2026-09-30T16:30:00Z']] as const) {
      await placeOrder(db, { channel: 'web', external_id: id, lines: [{ sku: 'SKU-B', quantity: 1 }], pay: true }, { actor: 'test', at: new Date(at) })
    }
  }))
})
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

const query = (from: string, to: string, extra: Record<string, unknown> = {}) => breakdownQuerySchema.parse({ from, to, ...extra })
const cents = (m: string | null) => (m === null ? 0 : m.startsWith('-') ? -toCents(m.slice(1)) : toCents(m))
const sumMoney = (rows: BreakdownRow[], k: 'net_revenue' | 'gmv' | 'cogs' | 'gross_profit') => rows.reduce((s, r) => s + cents(r[k]), 0)
const sumCount = (rows: BreakdownRow[], k: 'orders' | 'placed_orders' | 'oversold_orders') => rows.reduce((s, r) => s + (r[k] ?? 0), 0)

describe('breakdown rows add up to the total', () => {
  const day = fc.integer({ min: 0, max: 12 }).map((n) => new Date(Date.parse(`${FIRST}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10))
  const subset = <T>(xs: readonly T[]) => fc.subarray([...xs], { maxLength: 2 })

  it('for random dimensions, filters and ranges', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DIMENSIONS),
        fc.option(fc.constantFrom(...DIMENSIONS), { nil: undefined }),
        day,
        day,
        subset(CHANNEL_IDS),
        subset(['WH-SH', 'ST-SH-01', 'WH-BJ']),
        subset(['skincare', 'makeup', 'snacks']),
        async (by, split, a, b, channel, store, category) => {
          const q = query(a < b ? a : b, a < b ? b : a, { by, split, channel, store, category })
          const { rows, total } = await breakdown(ch, q, TZ)
          for (const k of ['net_revenue', 'gmv', 'cogs', 'gross_profit'] as const) expect(sumMoney(rows, k), `${k} by ${by}×${split}`).toBe(cents(total[k]))
          const dims: Dimension[] = [by, ...(split ? [split] : [])]
          if (!dims.some(isLineDimension)) {
            for (const k of ['orders', 'placed_orders', 'oversold_orders'] as const) expect(sumCount(rows, k), `${k} by ${by}×${split}`).toBe(total[k])
          } else {
            for (const r of rows) expect(r.placed_orders).toBeNull()
          }
        },
      ),
      { numRuns: 25, seed: 20261001 },
    )
  })

  it('for every time dimension, with members labelled in Asia/Shanghai across the month boundary', async () => {
    const q = { from: '2026-09-26', to: '2026-10-08' }
    const total = (await breakdown(ch, query(q.from, q.to, { by: 'channel' }), TZ)).total
    const labels: Record<string, string[]> = {}
    for (const by of TIME_DIMENSIONS) {
      const { rows } = await breakdown(ch, query(q.from, q.to, { by }), TZ)
      labels[by] = rows.map((r) => r[by]!)
      for (const k of ['net_revenue', 'gmv', 'cogs', 'gross_profit'] as const) expect(sumMoney(rows, k), `${k} by ${by}`).toBe(cents(total[k]))
      for (const k of ['orders', 'placed_orders', 'oversold_orders'] as const) expect(sumCount(rows, k), `${k} by ${by}`).toBe(total[k])
      // Each member's net revenue, labelled by Postgres in the same time zone (members with
      // only lifecycle events, e.g. orders placed and not yet paid, have none).
      const got = Object.fromEntries(rows.filter((r) => r.net_revenue !== '0.00').map((r) => [r[by], cents(r.net_revenue)]))
      expect(got, by).toEqual(await netRevenueByLabel(by, q.from, q.to))
    }
    expect(labels.year).toEqual(['2026'])
    expect(labels.quarter).toEqual(['2026-Q3', '2026-Q4'])
    expect(labels.month).toEqual(['2026-09', '2026-10'])
    expect(labels.week).toEqual(expect.arrayContaining(['2026-09-28', '2026-10-05']))
    expect(labels.week!.every((w) => new Date(`${w}T00:00:00Z`).getUTCDay() === 1)).toBe(true)
    expect(labels.day).toEqual(expect.arrayContaining(['2026-09-30', '2026-10-01']))
    expect(labels.hour).toEqual(expect.arrayContaining(['2026-09-30 23:00', '2026-10-01 00:00']))
    // The edge orders: 23:30 on 30 September and 00:30 on 1 October, local time.
    const hours = await breakdown(ch, query('2026-09-30', '2026-10-01', { by: 'hour', channel: ['web'] }), TZ)
    expect(hours.rows.find((r) => r.hour === '2026-09-30 23:00')?.net_revenue).toBe('129.50')
    expect(hours.rows.find((r) => r.hour === '2026-10-01 00:00')?.net_revenue).toBe('129.50')
    const months = await breakdown(ch, query('2026-10-01', '2026-10-01', { by: 'month' }), TZ)
    expect(months.rows.map((r) => r.month)).toEqual(['2026-10'])
  })
})

/** Net revenue per time member from Postgres: payments at payment time, refunds at refund time. */
async function netRevenueByLabel(by: (typeof TIME_DIMENSIONS)[number], from: string, to: string): Promise<Record<string, number>> {
  const format: Record<typeof by, string> = {
    year: `to_char(t, 'YYYY')`,
    quarter: `to_char(t, 'YYYY-"Q"Q')`,
    month: `to_char(t, 'YYYY-MM')`,
    week: `to_char(date_trunc('week', t), 'YYYY-MM-DD')`,
    day: `to_char(t, 'YYYY-MM-DD')`,
    hour: `to_char(t, 'YYYY-MM-DD HH24:00')`,
  }
  const rows = await db.query<{ label: string; net: number }>(
    `WITH money AS (
       SELECT o.paid_at AS at, l.amount_cents AS cents FROM orders o JOIN order_lines l USING (order_id) WHERE o.paid_at IS NOT NULL
       UNION ALL
       SELECT o.closed_at, -l.amount_cents FROM orders o JOIN order_lines l USING (order_id)
        WHERE o.paid_at IS NOT NULL AND o.status IN ('refunded', 'cancelled'))
     SELECT ${format[by]} AS label, sum(cents)::int8 AS net
       FROM (SELECT at AT TIME ZONE '${TZ}' AS t, cents FROM money
              WHERE at >= ($1::date::timestamp AT TIME ZONE '${TZ}') AND at < (($2::date + 1)::timestamp AT TIME ZONE '${TZ}')) m
      GROUP BY 1 HAVING sum(cents) <> 0`,
    [from, to],
  )
  return Object.fromEntries(rows.map((r) => [r.label, Number(r.net)]))
}

describe('every KPI by channel and by store equals the operational records', () => {
  it.each([
    ['the whole period', FIRST, LAST],
    ['two days across the month boundary', '2026-09-30', '2026-10-01'],
  ])('%s', async (_, from, to) => {
    const byChannel = await breakdown(ch, query(from, to, { by: 'channel' }), TZ)
    expect(byChannel.rows.length).toBeGreaterThan(3)
    for (const row of byChannel.rows) {
      const { channel, ...kpis } = row
      expect(kpis, channel).toEqual(await expectedFromPostgres(db, from, to, { channel }))
    }
    const byStore = await breakdown(ch, query(from, to, { by: 'store' }), TZ)
    expect(byStore.rows.map((r) => r.store).sort()).toEqual(['ST-SH-01', 'WH-BJ', 'WH-SH'])
    for (const row of byStore.rows) {
      const { store, ...kpis } = row
      expect(kpis, store).toEqual(await expectedFromPostgres(db, from, to, { store }))
    }
    expect(byChannel.total).toEqual(await expectedFromPostgres(db, from, to))
  })
})

describe('a time member is its slice of the range', () => {
  it('every KPI of each day row equals that day alone, recomputed from Postgres', async () => {
    const { rows } = await breakdown(ch, query(FIRST, LAST, { by: 'day' }), TZ)
    expect(rows.length).toBeGreaterThan(6)
    for (const { day, ...kpis } of rows) expect(kpis, day).toEqual(await expectedFromPostgres(db, day!, day!))
  })
})

describe('comparison', () => {
  it('compare=previous matches two separate calls, member by member', async () => {
    for (const by of ['channel', 'day', 'week', 'hour'] as const) {
      const compared = await breakdown(ch, query('2026-10-02', '2026-10-04', { by, compare: 'previous' }), TZ)
      const [now, then] = await Promise.all([breakdown(ch, query('2026-10-02', '2026-10-04', { by }), TZ), breakdown(ch, query('2026-09-29', '2026-10-01', { by }), TZ)])
      expect(compared.comparison?.range).toEqual({ from: '2026-09-29', to: '2026-10-01' })
      expect(compared.total.comparison?.kpis).toEqual(then.total)
      const shift = (m: string) => (by === 'channel' ? m : by === 'week' ? m : shiftDays(m, 3))
      for (const row of now.rows) {
        const { comparison, ...current } = compared.rows.find((r) => r[by] === row[by])!
        expect(current).toEqual(row)
        if (by === 'week') continue // a week member compares with the days of the previous range that shift into it
        const before = then.rows.find((r) => shift(r[by]!) === row[by])
        const { [by]: _, ...beforeKpis } = before ?? { [by]: '' }
        if (before) expect({ [by]: row[by], ...comparison!.kpis }).toEqual({ [by]: row[by], ...beforeKpis })
        else expect(comparison!.kpis.net_revenue).toBe('0.00')
      }
      // Week members: together they hold the previous range, like its total.
      if (by === 'week') expect(compared.rows.reduce((s, r) => s + cents(r.comparison!.kpis.net_revenue), 0)).toBe(cents(then.total.net_revenue))
    }
  })

  it('gives each row the change against its comparison', async () => {
    const { rows } = await breakdown(ch, query('2026-10-02', '2026-10-04', { by: 'channel', compare: 'previous' }), TZ)
    for (const r of rows) {
      expect(cents(r.comparison!.change.net_revenue.change as string)).toBe(cents(r.net_revenue) - cents(r.comparison!.kpis.net_revenue))
    }
  })
})

const shiftDays = (member: string, days: number) => {
  const [d, h] = member.split(' ')
  const shifted = new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
  return h ? `${shifted} ${h}` : shifted
}

describe('top lists', () => {
  it('sorts by any KPI, descending, and keeps the top N', async () => {
    const all = await breakdown(ch, query(FIRST, LAST, { by: 'channel' }), TZ)
    const top = await breakdown(ch, query(FIRST, LAST, { by: 'channel', limit: 3 }), TZ)
    const byNet = [...all.rows].sort((a, b) => cents(b.net_revenue) - cents(a.net_revenue)).slice(0, 3)
    expect(top.rows.map((r) => r.channel)).toEqual(byNet.map((r) => r.channel))
    const byOrders = await breakdown(ch, query(FIRST, LAST, { by: 'sku', sort: 'orders' }), TZ)
    expect(byOrders.rows.map((r) => r.orders)).toEqual([...byOrders.rows.map((r) => r.orders)].sort((a, b) => b - a))
    expect(() => query(FIRST, LAST, { by: 'sku', limit: 1001 })).toThrow()
  })
})

describe('oversells', () => {
  it('lists the oversold orders of Postgres, with their SKUs, newest first', async () => {
    const q = rangeQuerySchema.parse({ from: FIRST, to: LAST })
    const got = await oversells(ch, q, TZ)
    const want = await oversoldFromPostgres(db, FIRST, LAST)
    expect(want.length).toBeGreaterThan(0)
    expect(got.orders).toEqual(want)
    const bySku = await oversells(ch, rangeQuerySchema.parse({ from: FIRST, to: LAST, sku: 'SKU-C' }), TZ)
    expect(bySku.orders).toEqual(await oversoldFromPostgres(db, FIRST, LAST, { sku: 'SKU-C' }))
    const tmall = await oversells(ch, rangeQuerySchema.parse({ from: FIRST, to: LAST, channel: 'tmall' }), TZ)
    expect(tmall.orders).toEqual(await oversoldFromPostgres(db, FIRST, LAST, { channel: 'tmall' }))
    // The series adds up to the oversell KPI of the range.
    const kpis = await expectedFromPostgres(db, FIRST, LAST)
    expect(got.series.reduce((s, p) => s + p.oversold_orders, 0)).toBe(kpis.oversold_orders)
    expect(got.series.reduce((s, p) => s + p.placed_orders, 0)).toBe(kpis.placed_orders)
    expect(got.total).toEqual({ placed_orders: kpis.placed_orders, oversold_orders: kpis.oversold_orders, oversell_rate: kpis.oversell_rate })
    const compared = await oversells(ch, q, TZ, 'previous')
    expect(compared.comparison?.range).toEqual({ from: '2026-09-13', to: '2026-09-25' })
  })
})

describe('fields', () => {
  it('answers with the KPIs asked for, each as the whole answer has it, reading only their sources', async () => {
    const empty = (v: unknown) => v === null || v === 0 || v === '0.00'
    const cases: Record<string, unknown>[] = [{ by: 'channel' }, { by: 'day', split: 'channel' }, { by: 'sku', limit: 3 }, { by: 'category', limit: 2 }, { by: 'channel', compare: 'previous' }, { by: 'store', limit: 2, sort: 'orders' }]
    for (const extra of cases) {
      for (const fields of [SALES_KPIS, ['customers', 'repurchase_rate'], ['oversell_rate', 'net_revenue']] as KpiKey[][]) {
        const q = query(FIRST, LAST, extra)
        const whole = onlyFields(await breakdown(ch, q, TZ), fields)
        const part = await breakdownAnswer(ch, { ...q, fields }, TZ)
        const label = `${JSON.stringify(extra)} ${fields.join()}`
        expect(part.total, label).toEqual(whole.total)
        const members = (r: object) => JSON.stringify(Object.entries(r).filter(([k]) => (DIMENSIONS as readonly string[]).includes(k)))
        const got = new Map(part.rows.map((r) => [members(r), r]))
        for (const row of whole.rows) {
          const mine = got.get(members(row))
          // Without the customer and order-flow reads, a member with neither sales nor anything asked for is no row.
          if (mine) expect(mine, label).toEqual(row)
          else expect(fields.every((f) => empty((row as Record<string, unknown>)[f])), label).toBe(true)
        }
        const wholeMembers = new Set(whole.rows.map(members))
        expect(part.rows.filter((r) => !wholeMembers.has(members(r))), label).toEqual([])
        expect(part.rows.length, label).toBeGreaterThan(0)
        expect(part.rows.every((r) => Object.keys(r).every((k) => !(KPI_KEYS as readonly string[]).includes(k) || fields.includes(k as KpiKey))), label).toBe(true)
      }
    }
  })
})

describe('anomalies', () => {
  it('needs three weeks of history, and finds none without it', async () => {
    const result = await detectAnomalies(ch, { date: '2026-10-02', weeks: 6, channel: [], region: [], city: [], store: [], category: [], sku: [] }, TZ, new Date('2026-12-01T00:00:00Z'))
    expect(result.anomalies).toEqual([])
    expect(result.through_hour).toBeNull()
  })
})
