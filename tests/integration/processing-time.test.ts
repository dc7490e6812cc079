import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { breakdown } from '@/lib/analytics/breakdown'
import { breakdownQuerySchema, rangeQuerySchema, type Dimension, type RangeQuery } from '@/lib/analytics/filters'
import { groupingSql, memberKey, membersOf, NO_SHIFT, shiftParams, type Shift } from '@/lib/analytics/dimensions'
import { ORDER_FILTERS, orderFlowRowsRead, orderFlowTotals, orderFlowTotalsBy, orderFlowWithTotal, pairedTimesRead } from '@/lib/analytics/order-flow'
import { processingTimeInTwoPasses, processingTimeRowsSql, processingTimeSql } from '@/lib/analytics/processing-time'
import { rangeWhere } from '@/lib/analytics/where'
import { openChdb, queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import { readRowSets } from '@/lib/clickhouse/one-statement'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { TABLES } from '@/lib/clickhouse/tables'
import { TZ } from './expected'
import { tempDir } from './stores'

/**
 * Processing-time quantiles over a range (two passes over per-bucket counts, clickhouse/0014, 0028)
 * against quantilesExact over payment → shipment times recomputed from the lifecycle events,
 * on generated orders: ties, values on and around bucket edges, negative and huge times, days
 * with one shipment or none, filters. The store first ingests without 0014, then without
 * 0028, so each migration's backfill fills the history; later orders arrive through the views.
 */
const MIGRATIONS = path.join(process.cwd(), 'clickhouse')
// 0014's edges (8, 16, 2048, 16384 …) and 0028's finer ones (31, 32, 33, 16896 …), and between.
const EDGES = [-5, 0, 7, 8, 15, 16, 17, 31, 32, 33, 2047, 2048, 2049, 16383, 16384, 16425, 16895, 16896, 53945, 86400, 259200, 300_000_000]
let ch: ClickHouseClient

/**
 * `orders` orders from number `first`, paid over ten local days from 2026-10-01 (Shanghai; or the day `paidFrom` starts)
 * at every hour, so some ship across local midnight. Every fifth order's time is an edge
 * above (ties many times over), the rest spread pseudo-randomly up to four days. Channel,
 * place and store by order number.
 */
async function placeOrders(first: number, orders: number, paidFrom = '2026-09-30T16:00:00Z') {
  const edges = `[${EDGES.join(', ')}]`
  await ch.command({
    query: `
      INSERT INTO ${TABLES.orderEvents} (occurred_at, event_id, type, order_id, channel, location_id, region, city, customer_id, reason)
      SELECT fromUnixTimestamp64Milli(e.3, 'UTC'), generateUUIDv4(), e.1, e.2, channel, location_id, region, city, '', ''
      FROM (
        SELECT number AS o, concat('o', toString(o)) AS order_id,
               ['tmall', 'jd', 'store', 'web'][o % 4 + 1] AS channel,
               ['S1', 'S2', 'W1'][intDiv(o, 4) % 3 + 1] AS location_id,
               if(location_id = 'W1', 'north', 'east') AS region, if(location_id = 'W1', 'beijing', 'shanghai') AS city,
               toInt64(${Date.parse(paidFrom)} + (o % 10) * 86400000 + (intDiv(o, 10) % 24) * 3600000 + o % 997) AS paid_ms,
               if(o % 5 = 0, ${edges}[intDiv(o, 5) % ${EDGES.length} + 1], toInt64(cityHash64(o) % 345600)) AS ship_seconds
        FROM numbers(${first}, ${orders}))
      ARRAY JOIN [('order.paid', order_id, paid_ms), ('order.shipped', order_id, paid_ms + ship_seconds * 1000)] AS e`,
  })
}

/** The lone shipment of 2026-10-20 (Shanghai), two hours after its payment. */
async function placeLoneOrder() {
  await ch.command({
    query: `
      INSERT INTO ${TABLES.orderEvents} (occurred_at, event_id, type, order_id, channel, location_id, region, city, customer_id, reason)
      VALUES ('2026-10-20 01:00:00', generateUUIDv4(), 'order.paid', 'lone', 'jd', 'S2', 'east', 'shanghai', '', ''),
             ('2026-10-20 03:00:00', generateUUIDv4(), 'order.shipped', 'lone', 'jd', 'S2', 'east', 'shanghai', '', '')`,
  })
}

/** quantilesExact(0.5, 0.9) of the seconds from each shipment's order's first payment, from order_events alone. */
async function fromEvents(q: RangeQuery) {
  const w = rangeWhere(q, 'occurred_at', ORDER_FILTERS)
  const [r] = await queryRows<{ n: string; q: number[] }>(
    ch,
    `SELECT toString(count()) AS n, quantilesExact(0.5, 0.9)(dateDiff('second', p.paid_at, s.occurred_at)) AS q
       FROM ${TABLES.orderEvents} AS s
      INNER JOIN (SELECT order_id, min(occurred_at) AS paid_at FROM ${TABLES.orderEvents} WHERE type = 'order.paid' GROUP BY order_id) AS p USING order_id
      WHERE s.type = 'order.shipped' AND ${w.sql}`,
    { ...w.params, tz: TZ },
  )
  const n = Number(r!.n)
  return { n, p50: n === 0 ? null : Number(r!.q[0]), p90: n === 0 ? null : Number(r!.q[1]) }
}

/** The same per row of `dims` (members labelled as the dashboards label them), by member key. */
async function fromEventsBy(q: RangeQuery, dims: Dimension[], shift: Shift = NO_SHIFT) {
  const w = rangeWhere(q, 'occurred_at', ORDER_FILTERS)
  const g = groupingSql(dims, 'occurred_at')
  const rows = await queryRows<Record<string, unknown> & { q: number[] }>(
    ch,
    `SELECT ${g.select.join(', ')}, quantilesExact(0.5, 0.9)(dateDiff('second', p.paid_at, s.occurred_at)) AS q
       FROM ${TABLES.orderEvents} AS s
      INNER JOIN (SELECT order_id, min(occurred_at) AS paid_at FROM ${TABLES.orderEvents} WHERE type = 'order.paid' GROUP BY order_id) AS p USING order_id
      WHERE s.type = 'order.shipped' AND ${w.sql} ${g.groupBy}`,
    { ...w.params, ...shiftParams(shift), tz: TZ },
  )
  return new Map(rows.map((r) => [memberKey(dims, membersOf(dims, r)), { p50: Number(r.q[0]), p90: Number(r.q[1]) }]))
}

const range = (from: string, to: string, extra: Record<string, string[]> = {}) => rangeQuerySchema.parse({ from, to, ...extra })

const CASES: [string, RangeQuery, (n: number) => boolean][] = [
  ['the whole period', range('2026-09-25', '2026-10-25'), (n) => n > 1000],
  ['three years', range('2026-09-01', '2029-08-31'), (n) => n > 4000],
  ['times beyond the last bucket edge', range('2034-01-01', '2036-12-31'), (n) => n > 10],
  ['one day, crossing bucket edges', range('2026-10-03', '2026-10-03'), (n) => n > 100],
  ['three days', range('2026-10-02', '2026-10-04'), (n) => n > 100],
  ['a day with one shipment', range('2026-10-20', '2026-10-20'), (n) => n === 1],
  ['no shipment', range('2026-11-10', '2026-11-12'), (n) => n === 0],
  ['one whole month', range('2026-10-01', '2026-10-31'), (n) => n > 1000],
  ['a whole month and the days around it, two channels', range('2026-09-28', '2026-11-02', { channel: ['jd', 'web'] }), (n) => n > 100],
  ['one channel', range('2026-09-25', '2026-10-25', { channel: ['store'] }), (n) => n > 100],
  ['two channels', range('2026-09-25', '2026-10-25', { channel: ['tmall', 'web'] }), (n) => n > 100],
  ['a region', range('2026-09-25', '2026-10-25', { region: ['north'] }), (n) => n > 100],
  ['a city and a channel', range('2026-10-01', '2026-10-06', { city: ['shanghai'], channel: ['jd'] }), (n) => n > 10],
  ['a store', range('2026-10-01', '2026-10-10', { store: ['S2'] }), (n) => n > 10],
  ['a store with no shipment in a channel', range('2026-10-01', '2026-10-10', { store: ['W9'] }), (n) => n === 0],
]

beforeAll(async () => {
  ch = await openChdb(path.join(tempDir(), 'clickhouse'))
  // Every migration before 0014, history, then up to 0028 (0014's backfill), more history, then
  // 0028 (its backfill from the shipments), then more orders through the views.
  const migrationsBefore = (name: string) => {
    const dir = tempDir('fourflow-migrations-')
    for (const f of fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql') && f < name)) fs.copyFileSync(path.join(MIGRATIONS, f), path.join(dir, f))
    return dir
  }
  await migrateClickHouse(ch, migrationsBefore('0014'), TZ)
  await placeOrders(0, 3000)
  await placeLoneOrder()
  expect(await migrateClickHouse(ch, migrationsBefore('0028'), TZ)).toContain('0014_shipment_time_buckets.sql')
  await placeOrders(3000, 1000)
  expect(await migrateClickHouse(ch, MIGRATIONS, TZ)).toContain('0028_shipment_fine_buckets.sql')
  await placeOrders(4000, 1003)
}, 120_000)
afterAll(async () => {
  await ch?.close()
})

describe('processing time over a range', () => {
  it('backfills the history and follows new shipments: every table holds every shipment', async () => {
    const [r] = await queryRows<Record<string, string>>(
      ch,
      `SELECT (SELECT toString(count()) FROM ${TABLES.orderEvents} WHERE type = 'order.shipped') AS shipments,
              (SELECT toString(count()) FROM ${TABLES.orderShipmentTimes}) AS times,
              (SELECT toString(sum(shipments)) FROM ${TABLES.orderShipmentBuckets}) AS buckets,
              (SELECT toString(count()) FROM ${TABLES.orderShipmentTimesByChannel}) AS fine_times,
              (SELECT toString(sum(shipments)) FROM ${TABLES.orderShipmentFineBuckets}) AS fine_days,
              (SELECT toString(sum(shipments)) FROM ${TABLES.orderShipmentFineBucketsMonthly}) AS fine_months`,
    )
    expect(r).toEqual({ shipments: '5004', times: '5004', buckets: '5004', fine_times: '5004', fine_days: '5004', fine_months: '5004' })
  })

  it.each(CASES)('is quantilesExact over the lifecycle events for %s, in two passes and as the dashboards read it', async (_, q, expectN) => {
    const want = await fromEvents(q)
    expect(expectN(want.n), `${want.n} shipments`).toBe(true)
    // Two passes whatever the range (the dashboards use them only beyond a month).
    const two = processingTimeSql(q, ORDER_FILTERS)
    const [row] = await queryRows<{ p50: number | string | null; p90: number | string | null }>(ch, two.sql, two.params)
    expect({ p50: row!.p50 === null ? null : Number(row!.p50), p90: row!.p90 === null ? null : Number(row!.p90) }).toEqual({ p50: want.p50, p90: want.p90 })
    const got = await orderFlowTotals(ch, q, TZ)
    expect({ p50: got.processing_p50_seconds, p90: got.processing_p90_seconds }).toEqual({ p50: want.p50, p90: want.p90 })
  })

  it.each<[string, RangeQuery, Dimension[], Shift]>([
    ['by month', range('2026-09-25', '2026-10-31'), ['month'], NO_SHIFT],
    ['by channel', range('2026-09-25', '2026-10-31'), ['channel'], NO_SHIFT],
    ['by day × channel', range('2026-09-25', '2026-10-31'), ['day', 'channel'], NO_SHIFT],
    ['by store, one channel', range('2026-09-25', '2026-10-31', { channel: ['jd', 'store'] }), ['store'], NO_SHIFT],
    ['by region × week, a city', range('2026-09-25', '2026-10-31', { city: ['shanghai'] }), ['region', 'week'], NO_SHIFT],
    ['by day, labelled a week on (a comparison)', range('2026-09-25', '2026-10-31'), ['day'], { days: 7, years: 0 }],
    ['by month, labelled 20 days on (a comparison: some days change month)', range('2026-09-25', '2026-10-31'), ['month'], { days: 20, years: 0 }],
    ['by month, labelled a year on (a comparison)', range('2026-09-25', '2026-10-31'), ['month'], { days: 0, years: 1 }],
    ['by quarter, two channels', range('2026-09-01', '2026-11-30', { channel: ['tmall', 'store'] }), ['quarter'], NO_SHIFT],
    ['by year over three years', range('2026-09-01', '2029-08-31'), ['year'], NO_SHIFT],
  ])('is quantilesExact per row and over the range %s, in two passes and as the dashboards read it', async (_, q, dims, shift) => {
    const want = await fromEventsBy(q, dims, shift)
    expect(want.size).toBeGreaterThan(0)
    const all = await fromEvents(q)
    // Two passes whatever the range and dimensions (the dashboards use them for long ranges by one dimension).
    const two = processingTimeRowsSql([{ q, shift }], TZ, ORDER_FILTERS, dims, true)
    const rows = await queryRows<Record<string, unknown>>(ch, two.sql, two.params)
    const value = (r: Record<string, unknown>) => ({ p50: Number(r.p50), p90: Number(r.p90) })
    expect(new Map(rows.filter((r) => Number(r.is_total) === 0).map((r) => [memberKey(dims, membersOf(dims, r)), value(r)]))).toEqual(want)
    expect(rows.filter((r) => Number(r.is_total) === 1).map(value)).toEqual([{ p50: all.p50, p90: all.p90 }])
    const got = await orderFlowWithTotal(ch, q, TZ, dims, shift, { total: true })
    for (const [key, w] of want) expect({ p50: got.rows.get(key)?.totals.processing_p50_seconds, p90: got.rows.get(key)?.totals.processing_p90_seconds }, key).toEqual(w)
    for (const [key, row] of got.rows) if (!want.has(key)) expect(row.totals.processing_p50_seconds, key).toBeNull()
    expect({ p50: got.total!.processing_p50_seconds, p90: got.total!.processing_p90_seconds }).toEqual({ p50: all.p50, p90: all.p90 })
  })

  it('reads long ranges by one dimension in two passes, also inside the breakdown’s one statement', async () => {
    const q = range('2026-09-01', '2029-08-31')
    expect(processingTimeInTwoPasses(q, ['year'])).toBe(true)
    const read = orderFlowRowsRead(q, TZ, ['year'], NO_SHIFT, true, true)
    const [placed, times] = await readRowSets(ch, [read.placed, read.times])
    const got = read.parse(placed!, times!)
    const want = await fromEventsBy(q, ['year'])
    for (const [key, w] of want) expect({ p50: got.rows.get(key)?.totals.processing_p50_seconds, p90: got.rows.get(key)?.totals.processing_p90_seconds }, key).toEqual(w)
    const all = await fromEvents(q)
    expect({ p50: got.total!.processing_p50_seconds, p90: got.total!.processing_p90_seconds }).toEqual({ p50: all.p50, p90: all.p90 })
  })

  it('reads a range and its comparison in one pair of passes, each as read on its own', async () => {
    // The outliers of 2034–2036 and the orders of 2026, the latter labelled eight years on.
    const now = range('2034-01-01', '2036-12-31')
    const then = range('2026-09-01', '2029-08-31')
    const shift = { days: 0, years: 8 }
    for (const dims of [['channel'], ['year'], ['quarter']] as Dimension[][]) {
      const [a, b] = [orderFlowRowsRead(now, TZ, dims, NO_SHIFT, true, true), orderFlowRowsRead(then, TZ, dims, shift, true, true)]
      const paired = pairedTimesRead(a, b)
      expect(paired, `${dims}`).not.toBeNull()
      const [rows] = await readRowSets(ch, [paired])
      for (const [period, read, q, s] of [[0, a, now, NO_SHIFT], [1, b, then, shift]] as const) {
        const got = read.parse([], rows!.filter((r) => Number(r.period) === period))
        const want = await fromEventsBy(q, dims, s)
        expect(want.size, `${dims} ${period}`).toBeGreaterThan(0)
        expect(new Map([...got.rows].map(([key, row]) => [key, { p50: row.totals.processing_p50_seconds, p90: row.totals.processing_p90_seconds }])), `${dims} ${period}`).toEqual(want)
        const all = await fromEvents(q)
        expect({ p50: got.total!.processing_p50_seconds, p90: got.total!.processing_p90_seconds }, `${dims} ${period}`).toEqual({ p50: all.p50, p90: all.p90 })
      }
    }
    // Not when either sorts instead (a short range), nor when they share days (two years, a year back).
    expect(pairedTimesRead(orderFlowRowsRead(range('2026-10-01', '2026-10-31'), TZ, ['channel'], NO_SHIFT, true, true), orderFlowRowsRead(then, TZ, ['channel'], shift, true, true))).toBeNull()
    const [twoYears, yearBack] = [range('2026-09-01', '2028-08-31'), range('2025-09-01', '2027-08-31')]
    expect(pairedTimesRead(orderFlowRowsRead(twoYears, TZ, ['channel'], NO_SHIFT, true, true), orderFlowRowsRead(yearBack, TZ, ['channel'], { days: 0, years: 1 }, true, true))).toBeNull()
    expect(() => processingTimeRowsSql([{ q: twoYears, shift: NO_SHIFT }, { q: yearBack, shift: NO_SHIFT }], TZ, ORDER_FILTERS, ['channel'], true)).toThrow(/overlap/)
  })

  it('gives a breakdown compared with a period it pairs with the same processing times as each period read alone', async () => {
    // Seven months of 2027, with orders of their own, against the same of 2026: both take two passes.
    await placeOrders(6000, 400, '2027-09-30T16:00:00Z')
    const q = breakdownQuerySchema.parse({ from: '2027-06-01', to: '2027-12-31', by: 'channel', compare: 'yoy' })
    const compared = await breakdown(ch, q, TZ)
    const alone = async (from: string, to: string) => {
      const { rows, total } = await breakdown(ch, breakdownQuerySchema.parse({ from, to, by: 'channel' }), TZ)
      return { rows: new Map(rows.map((r) => [r.channel, [r.processing_time_p50_hours, r.processing_time_p90_hours]])), total: [total.processing_time_p50_hours, total.processing_time_p90_hours] }
    }
    const [now, then] = [await alone(q.from, q.to), await alone(compared.comparison!.range.from, compared.comparison!.range.to)]
    expect([now.rows.size, then.rows.size]).toEqual([4, 4])
    for (const r of compared.rows) {
      expect([r.processing_time_p50_hours, r.processing_time_p90_hours], r.channel).toEqual(now.rows.get(r.channel))
      expect([r.comparison!.kpis.processing_time_p50_hours, r.comparison!.kpis.processing_time_p90_hours], r.channel).toEqual(then.rows.get(r.channel))
    }
    expect([compared.total.processing_time_p50_hours, compared.total.processing_time_p90_hours]).toEqual(now.total)
    expect([compared.total.comparison!.kpis.processing_time_p50_hours, compared.total.comparison!.kpis.processing_time_p90_hours]).toEqual(then.total)
  })

  it('is quantilesExact per row for short ranges too, where the dashboards sort instead', async () => {
    for (const [q, dims] of [[range('2026-10-03', '2026-10-03'), ['channel']], [range('2026-10-02', '2026-10-04', { store: ['S1'] }), ['day']]] as [RangeQuery, Dimension[]][]) {
      const want = await fromEventsBy(q, dims)
      const two = processingTimeRowsSql([{ q, shift: NO_SHIFT }], TZ, ORDER_FILTERS, dims, false)
      const rows = await queryRows<Record<string, unknown>>(ch, two.sql, two.params)
      expect(new Map(rows.map((r) => [memberKey(dims, membersOf(dims, r)), { p50: Number(r.p50), p90: Number(r.p90) }]))).toEqual(want)
    }
  })

  it('gives the total the same values as the per-row path over the same range', async () => {
    const q = range('2026-09-25', '2026-10-25')
    const [total] = [...(await orderFlowTotalsBy(ch, q, TZ)).values()]
    const byYear = [...(await orderFlowTotalsBy(ch, q, TZ, ['year'])).values()]
    expect(byYear).toHaveLength(1)
    expect(total!.totals.processing_p50_seconds).toBe(byYear[0]!.totals.processing_p50_seconds)
    expect(total!.totals.processing_p90_seconds).toBe(byYear[0]!.totals.processing_p90_seconds)
  })

  it('finds the ranks right when every shipment of a range ties', async () => {
    // 2026-10-21 (Shanghai) holds nothing else: nine shipments of exactly 7200 s.
    await ch.command({
      query: `INSERT INTO ${TABLES.orderEvents} (occurred_at, event_id, type, order_id, channel, location_id, region, city, customer_id, reason)
              SELECT fromUnixTimestamp64Milli(toInt64(${Date.parse('2026-10-21T01:00:00Z')} + e.2), 'UTC'), generateUUIDv4(), e.1, concat('tie', toString(number)), 'web', 'S1', 'east', 'shanghai', '', ''
                FROM numbers(9) ARRAY JOIN [('order.paid', 0), ('order.shipped', 7200000)] AS e`,
    })
    const q = range('2026-10-21', '2026-10-21')
    expect(await fromEvents(q)).toEqual({ n: 9, p50: 7200, p90: 7200 })
    const two = processingTimeSql(q, ORDER_FILTERS)
    expect(await queryRows(ch, two.sql, two.params)).toEqual([{ p50: 7200, p90: 7200 }])
  })
})
