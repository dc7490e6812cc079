import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBuyerVisits, buyerVisits, countedMonths, refreshBuyerVisits, settledPeriodEnds, stockValues, visitCountsSql, visitsCount, type BuyerVisits } from '@/lib/analytics/buyer-visits'
import { customerRowsRead, customerTotalsWithTotal } from '@/lib/analytics/customers'
import { NO_SHIFT } from '@/lib/analytics/dimensions'
import { rangeQuerySchema, type Dimension } from '@/lib/analytics/filters'
import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { readRowSets } from '@/lib/clickhouse/one-statement'
import { TABLES } from '@/lib/clickhouse/tables'
import { mergeCustomers } from '@/lib/customers/merge'
import type { Db } from '@/lib/db'
import { addDays } from '@/lib/i18n/time-range'
import { placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { inRange, ingestAll, ingestedStores, TZ } from './expected'

/**
 * Customer KPIs counted from the buyer visits (clickhouse/0020, lib/analytics/buyer-visits.ts)
 * against Postgres: 40 days of paid orders through the ops core from 14 customers of unlike
 * habits (daily to monthly; two orders a day now and then; some at 00:30 local time, the day
 * before in UTC), on four channels, over three categories. The visits are built up to a
 * horizon inside those days, so ranges end before it, at it, and after it (the later days
 * read live). A payment that arrives late for a settled day, and a merge, make the visits
 * stale: the reads go back to grouping buyers, and stay exact.
 */
const FIRST = '2026-09-01'
const DAYS = 40
const HORIZON = addDays(FIRST, 27)
const CHANNELS = ['web', 'tmall', 'jd', 'miniprogram'] as const
const SKUS = ['SKU-A', 'SKU-B', 'SKU-C'] as const
let db: Db
let ch: ClickHouseClient

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number) {
  let s = seed
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
}

async function placeOrders(db: Db) {
  for (const sku of SKUS) await receiveStock(db, { sku, location_id: 'WH-SH', quantity: 5000, unit_cost: '11.11' }, 'test', new Date(`${addDays(FIRST, -2)}T00:00:00Z`))
  const next = random(7)
  let n = 0
  for (let d = 0; d < DAYS; d++) {
    const day = addDays(FIRST, d)
    for (let c = 0; c < 14; c++) {
      // Customer c buys on about one day in 1 + 2c: from every day to every month or so.
      if (next() * (1 + 2 * c) >= 1) continue
      const orders = next() < 0.15 ? 2 : 1
      for (let k = 0; k < orders; k++) {
        const early = next() < 0.2
        const at = new Date(`${day}T${early ? '00:30' : `${String(9 + Math.floor(next() * 12)).padStart(2, '0')}:15`}:00+08:00`)
        const lines = SKUS.filter(() => next() < 0.5)
        await placeOrder(
          db,
          {
            channel: CHANNELS[Math.floor(next() * CHANNELS.length)]!,
            external_id: `V${n++}`,
            customer: { phone: `1390000${String(c).padStart(4, '0')}` },
            lines: (lines.length ? lines : [SKUS[c % 3]!]).map((sku) => ({ sku, quantity: 1 })),
            pay: true,
          },
          { actor: 'test', at: new Date(at.getTime() + k * 60_000) },
        )
      }
    }
  }
}

beforeAll(async () => {
  ;({ db, ch } = await ingestedStores(placeOrders))
  // Nothing is written while the tests build, so no margin is needed for inserts in flight, and
  // no other reader holds an older record, so builds may follow each other at once.
  await buildBuyerVisits(ch, HORIZON, { marginSeconds: 0, graceMs: 0 })
}, 600_000)
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

type Counts = { customers: number; new_customers: number; repeat_customers: number }

/** Customers per member of `by` (or in total: ''), from the operational records: buyers with a paid order in the range, merged as Postgres records them. */
async function expected(from: string, to: string, by: 'channel' | 'category' | null): Promise<Map<string, Counts>> {
  const member = by === 'channel' ? 'o.channel' : by === 'category' ? 'l.category' : "''"
  const rows = await db.query<{ member: string; customers: number; fresh: number; repeat: number }>(
    `WITH merged AS (SELECT o.order_id, COALESCE(c.merged_into, o.customer_id) AS buyer FROM orders o LEFT JOIN customers c ON c.customer_id = o.customer_id),
          buyers AS (SELECT ${member} AS member, m.buyer, count(DISTINCT o.order_id) AS orders,
                            (SELECT min(p.paid_at) FROM orders p JOIN merged pm USING (order_id) WHERE pm.buyer = m.buyer AND p.paid_at IS NOT NULL) AS first
                       FROM orders o JOIN order_lines l USING (order_id) JOIN merged m USING (order_id)
                      WHERE o.customer_id <> '' AND ${inRange('o.paid_at')} GROUP BY 1, 2)
     SELECT member, count(*)::int8 AS customers, count(*) FILTER (WHERE first >= ($1::date::timestamp AT TIME ZONE '${TZ}'))::int8 AS fresh,
            count(*) FILTER (WHERE orders >= 2)::int8 AS repeat
       FROM buyers GROUP BY member`,
    [from, to],
  )
  return new Map(rows.map((r) => [r.member, { customers: Number(r.customers), new_customers: Number(r.fresh), repeat_customers: Number(r.repeat) }]))
}

/** Customers per local month from the operational records: new when their first payment ever falls in the month's slice of the range. */
async function expectedByMonth(from: string, to: string): Promise<Map<string, Counts>> {
  const rows = await db.query<{ month: string; customers: number; fresh: number; repeat: number }>(
    `WITH merged AS (SELECT o.order_id, COALESCE(c.merged_into, o.customer_id) AS buyer FROM orders o LEFT JOIN customers c ON c.customer_id = o.customer_id),
          firsts AS (SELECT m.buyer, min(o.paid_at) AS first FROM orders o JOIN merged m USING (order_id) WHERE o.paid_at IS NOT NULL GROUP BY 1),
          buyers AS (SELECT to_char(o.paid_at AT TIME ZONE '${TZ}', 'YYYY-MM') AS month, m.buyer, count(*) AS orders
                       FROM orders o JOIN merged m USING (order_id)
                      WHERE o.customer_id <> '' AND ${inRange('o.paid_at')} GROUP BY 1, 2)
     SELECT b.month, count(*)::int8 AS customers,
            count(*) FILTER (WHERE f.first >= (greatest($1::date, (b.month || '-01')::date)::timestamp AT TIME ZONE '${TZ}'))::int8 AS fresh,
            count(*) FILTER (WHERE b.orders >= 2)::int8 AS repeat
       FROM buyers b JOIN firsts f USING (buyer) GROUP BY b.month`,
    [from, to],
  )
  return new Map(rows.map((r) => [r.month, { customers: Number(r.customers), new_customers: Number(r.fresh), repeat_customers: Number(r.repeat) }]))
}

/** The customer KPIs as the dashboard reads them: per member of `by` and the total. */
async function actual(from: string, to: string, by: 'channel' | 'category' | null) {
  const dims: Dimension[] = by ? [by] : []
  const { rows, total } = await customerTotalsWithTotal(ch, rangeQuerySchema.parse({ from, to }), TZ, dims, NO_SHIFT, { total: true })
  return { rows: new Map([...rows.values()].map((r) => [by ? r.members[by]! : '', r.totals])), total: total! }
}

const day = (n: number) => addDays(FIRST, n)
/** Ranges ending before the horizon, at it and after it; one day; starting at the horizon; the whole span and past it. */
const RANGES: [string, string][] = [
  [day(0), day(DAYS - 1)],
  [day(3), day(26)],
  [day(3), day(27)],
  [day(3), day(28)],
  [day(10), day(36)],
  [day(27), day(27)],
  [day(27), day(33)],
  [day(20), day(20)],
  [day(25), day(29)],
  [day(1), day(45)],
]

async function expectExact(ranges: readonly [string, string][]) {
  for (const [from, to] of ranges) {
    for (const by of ['channel', 'category', null] as const) {
      const got = await actual(from, to, by)
      const want = await expected(from, to, by)
      expect(got.rows, `${from} … ${to} by ${by ?? 'nothing'}`).toEqual(by ? want : new Map([['', got.total]]))
      expect(got.total, `${from} … ${to} total`).toEqual((await expected(from, to, null)).get('') ?? { customers: 0, new_customers: 0, repeat_customers: 0 })
    }
  }
}

describe('customer KPIs from the buyer visits', () => {
  it('reads the visits (nothing stale) for ranges starting by the horizon, and not otherwise', async () => {
    const visits = await buyerVisits(ch)
    expect(visits?.horizon).toBe(HORIZON)
    const q = (from: string) => rangeQuerySchema.parse({ from, to: day(33) })
    expect(visitsCount(q(day(27)), ['category'], true, visits)).toBe(true)
    expect(visitsCount(q(day(28)), ['category'], true, visits)).toBe(false)
    expect(visitsCount(q(day(3)), ['store'], true, visits)).toBe(false)
    expect(visitsCount(rangeQuerySchema.parse({ from: day(3), to: day(9), channel: ['web'] }), [], true, visits)).toBe(false)
    expect(visitsCount(q(day(3)), ['channel'], false, visits)).toBe(false)
  })

  it('counts customers, new and repeat customers per channel, per category and in total as Postgres does', async () => {
    // The data must hold what the counts distinguish: repeat and new customers, and buyers in several categories.
    const all = await expected(day(0), day(DAYS - 1), 'category')
    expect([...all.values()].every((c) => c.repeat_customers > 0 && c.new_customers > 0)).toBe(true)
    await expectExact(RANGES)
  })

  it('goes back to grouping buyers when a payment arrives late for a settled day, and is exact again after a build', async () => {
    // Customer 13 buys rarely: a late payment 25 days in changes their visits.
    await placeOrder(db, { channel: 'jd', external_id: 'LATE', customer: { phone: '13900000013' }, lines: [{ sku: 'SKU-B', quantity: 1 }], pay: true }, { actor: 'test', at: new Date(`${day(25)}T12:00:00+08:00`) })
    await ingestAll(db, ch)
    expect(await buyerVisits(ch)).toBeNull()
    await expectExact(RANGES.slice(0, 4))
    await buildBuyerVisits(ch, HORIZON, { marginSeconds: 0, graceMs: 0 })
    expect((await buyerVisits(ch))?.horizon).toBe(HORIZON)
    await expectExact(RANGES.slice(0, 4))
  })

  it('goes back to grouping buyers when customers are merged, and is exact again after a build', async () => {
    const ids = await db.query<{ customer_id: string }>(`SELECT DISTINCT customer_id FROM orders WHERE customer_id <> '' ORDER BY customer_id LIMIT 2`)
    expect(await mergeCustomers(db, ids[0]!.customer_id, ids[1]!.customer_id, 'test')).not.toBeNull()
    await ingestAll(db, ch)
    expect(await buyerVisits(ch)).toBeNull()
    await expectExact(RANGES.slice(0, 4))
    await buildBuyerVisits(ch, HORIZON, { marginSeconds: 0, graceMs: 0 })
    expect((await buyerVisits(ch))?.horizon).toBe(HORIZON)
    await expectExact(RANGES)
  })

  it('never rewrites the table a reader was told of: builds fill the two tables in turn, and not within a minute of each other', async () => {
    const before = (await buyerVisits(ch))!
    const counts = (visits: BuyerVisits) => {
      const r = customerRowsRead(rangeQuerySchema.parse({ from: day(3), to: day(30) }), TZ, ['channel'], NO_SHIFT, true, true, visits)
      return readRowSets(ch, [r]).then(([rows]) => r.parse(rows!).total)
    }
    const want = (await expected(day(3), day(30), null)).get('')
    expect(await counts(before)).toEqual(want)
    await buildBuyerVisits(ch, day(28), { marginSeconds: 0, graceMs: 0 })
    const after = (await buyerVisits(ch))!
    expect(after.horizon).toBe(day(28))
    expect(after.table).not.toBe(before.table)
    // A reader still holding the older record reads its own, untouched table.
    expect(await counts(before)).toEqual(want)
    expect(await counts(after)).toEqual(want)
    expect(await buildBuyerVisits(ch, HORIZON, { marginSeconds: 0 })).toBe(false)
    expect(await buildBuyerVisits(ch, HORIZON, { marginSeconds: 0, graceMs: 0 })).toBe(true)
    expect((await buyerVisits(ch))!.table).toBe(before.table)
  })

  it("the server's refresh builds up to yesterday when the visits fall short of it, and only then", async () => {
    const now = new Date(`${day(34)}T10:00:00+08:00`)
    expect(await refreshBuyerVisits(db, ch, { now, marginSeconds: 0, graceMs: 0 })).toBe(true)
    expect((await buyerVisits(ch))?.horizon).toBe(day(33))
    expect(await refreshBuyerVisits(db, ch, { now, marginSeconds: 0, graceMs: 0 })).toBe(false)
    await expectExact([[day(2), day(34)], [day(30), day(39)]])
    // The stock values are built with them (stock-value-days.test.ts: stale on their own).
    expect((await stockValues(ch))?.horizon).toBe(day(33))
    // The check that did not build emptied the older set's last visits (a Join table, in memory), not the newest's.
    const joinRows = async (table: string) => Number((await ch.query({ query: 'SELECT total_rows AS n FROM system.tables WHERE database = currentDatabase() AND name = {table:String}', query_params: { table }, format: 'JSONEachRow' }).then((r) => r.json<{ n: string }>()))[0]!.n)
    const newest = (await buyerVisits(ch))!.lastVisits
    const older = [TABLES.buyerLastVisits, TABLES.buyerLastVisitsNext].find((t) => t !== newest)!
    expect(await joinRows(newest)).toBeGreaterThan(0)
    expect(await joinRows(older)).toBe(0)
  })

  it('counts a range ending on the last day of the month before the horizon’s from the last visits as of that day', async () => {
    const visits = (await buyerVisits(ch))!
    expect(visits.horizon).toBe(day(33))
    // 30 September ends the month (and quarter) before the one the horizon's next day is in.
    expect(settledPeriodEnds(visits.horizon)).toContain(day(29))
    expect(visitCountsSql(rangeQuerySchema.parse({ from: day(2), to: day(29) }), ['channel'], true, visits).params).toMatchObject({ visit_as_of: day(29) })
    await expectExact([[day(0), day(29)], [day(2), day(29)], [day(15), day(29)], [day(28), day(29)], [day(29), day(29)]])
  })

  it('counts whole months by the horizon from the build’s month counts, and the days around them as before', async () => {
    const visits = (await buyerVisits(ch))!
    expect(visits.horizon).toBe(day(33))
    // September ends by the horizon (4 October): it is counted; October is read from its days.
    const ranges: [string, string][] = [[day(0), day(39)], [day(0), day(33)], [day(0), day(29)], ['2026-08-01', day(45)], [day(2), day(39)]]
    expect(ranges.map(([from, to]) => countedMonths(rangeQuerySchema.parse({ from, to }), ['month'], true, visits))).toEqual([
      { from: day(0), to: day(29) },
      { from: day(0), to: day(29) },
      { from: day(0), to: day(29) },
      { from: '2026-08-01', to: day(29) },
      null,
    ])
    for (const [from, to] of ranges) {
      const { rows, total } = await customerTotalsWithTotal(ch, rangeQuerySchema.parse({ from, to }), TZ, ['month'], NO_SHIFT, { total: true })
      expect(new Map([...rows.values()].map((r) => [r.members.month!, r.totals])), `${from} … ${to} by month`).toEqual(await expectedByMonth(from, to))
      expect(total, `${from} … ${to} total`).toEqual((await expected(from, to, null)).get('') ?? { customers: 0, new_customers: 0, repeat_customers: 0 })
    }
  })
})
