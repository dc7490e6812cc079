import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ClickHouseClient } from '@/lib/clickhouse/client'
import type { Db } from '@/lib/db'
import { breakdown } from '@/lib/analytics/breakdown'
import { breakdownQuerySchema, rangeQuerySchema } from '@/lib/analytics/filters'
import { forgetSettled } from '@/lib/analytics/settled'
import { comparedPeriods, kpisWithComparison, kpiSnapshot, settledSnapshots } from '@/lib/analytics/snapshot'
import { resetConfig } from '@/lib/config'
import { mergeCustomers } from '@/lib/customers/merge'
import { actOnOrder, placeOrder } from '@/lib/ops/orders'
import { expectedFromPostgres, ingestAll, ingestedStores, placeScenario, TZ } from './expected'

/**
 * The KPIs of settled periods, remembered once read (lib/analytics/settled.ts): served while no
 * event that occurred by a period's end is written, read again — and right to the cent — after
 * a late event or a merge of customers; periods reaching today never remembered.
 */
const BASE = Date.parse('2026-10-01T02:00:00Z') // 10:00 in Shanghai
const NOW = new Date('2026-11-28T04:00:00Z')
let db: Db
let ch: ClickHouseClient

beforeAll(async () => ({ db, ch } = await ingestedStores((db) => placeScenario(db, BASE))))
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

const q = rangeQuerySchema.parse({ from: '2026-10-04', to: '2026-10-07' })
const periods = comparedPeriods(q, 'previous') // and 2026-09-30 … 2026-10-03
const remembered = async () => (await settledSnapshots(ch, TZ, periods, NOW)).known

/** A paid order of SKU-A on the web shop placed at `at`, written now, and ingested. */
async function paidOrderAt(at: string, externalId: string) {
  const placed = await placeOrder(db, { channel: 'web', external_id: externalId, customer: { phone: '13799990000' }, lines: [{ sku: 'SKU-A', quantity: 1 }], pay: false }, { actor: 'test', at: new Date(at) })
  await actOnOrder(db, placed.order.order_id, 'pay', { actor: 'test', at: new Date(Date.parse(at) + 60_000) })
  await ingestAll(db, ch)
}

/** What `run` returns, and every parameter value of the statements it sent. */
async function withValuesSent<T>(run: () => Promise<T>): Promise<[T, unknown[]]> {
  const spy = vi.spyOn(ch, 'query')
  try {
    const result = await run()
    return [result, spy.mock.calls.flatMap(([a]) => Object.values(a.query_params ?? {}))]
  } finally {
    spy.mockRestore()
  }
}

async function expectMatchesRecords(got: Awaited<ReturnType<typeof kpisWithComparison>>) {
  expect(got.kpis).toMatchObject(await expectedFromPostgres(db, '2026-10-04', '2026-10-07'))
  expect(got.comparison!.kpis).toMatchObject(await expectedFromPostgres(db, '2026-09-30', '2026-10-03'))
}

describe('settled periods', () => {
  it('are remembered once read, and served while nothing is written for their days', async () => {
    expect(await remembered()).toEqual([undefined, undefined])
    const got = await kpisWithComparison(ch, q, TZ, 'previous', NOW)
    await expectMatchesRecords(got)
    expect(await remembered()).toEqual([got.kpis, got.comparison!.kpis])

    await paidOrderAt('2026-10-20T03:00:00Z', 'S-AFTER') // after both periods' ends
    expect(await remembered()).toEqual([got.kpis, got.comparison!.kpis])
    await expectMatchesRecords(await kpisWithComparison(ch, q, TZ, 'previous', NOW))
  })

  it('are read again after a late event for their days, with it', async () => {
    const before = await kpisWithComparison(ch, q, TZ, 'previous', NOW)
    await paidOrderAt('2026-10-02T03:00:00Z', 'S-LATE') // in the comparison period, written now
    // Both ended after it: the later period's new customers depend on the days before it.
    expect(await remembered()).toEqual([undefined, undefined])
    const after = await kpisWithComparison(ch, q, TZ, 'previous', NOW)
    await expectMatchesRecords(after)
    expect(after.comparison!.kpis.orders).toBe(before.comparison!.kpis.orders + 1)
  })

  it("serve a breakdown's comparison period too, read again after a late event", async () => {
    const bq = breakdownQuerySchema.parse({ from: '2026-10-04', to: '2026-10-07', by: 'channel', compare: 'previous' })
    const first = await breakdown(ch, bq, TZ)
    const [again, sent] = await withValuesSent(() => breakdown(ch, bq, TZ))
    expect(again).toEqual(first)
    expect(sent).not.toContain('2026-09-30') // the comparison's first day: not read
    const web = (b: typeof first) => b.rows.find((r) => r.channel === 'web')!.comparison!.kpis.orders

    await paidOrderAt('2026-10-03T03:00:00Z', 'S-LATE-2')
    const [after, sentAfter] = await withValuesSent(() => breakdown(ch, bq, TZ))
    expect(sentAfter).toContain('2026-09-30')
    expect(web(after)).toBe(web(first) + 1)
    expect(after.total.comparison!.kpis).toMatchObject(await expectedFromPostgres(db, '2026-09-30', '2026-10-03'))
    forgetSettled(ch)
    expect(await breakdown(ch, bq, TZ)).toEqual(after)
  })

  it('are read again after customers are merged', async () => {
    const buyers = await db.query<{ customer_id: string }>(
      `SELECT DISTINCT customer_id FROM orders WHERE customer_id <> '' AND paid_at >= '2026-09-29T16:00:00Z' AND paid_at < '2026-10-03T16:00:00Z' ORDER BY 1 LIMIT 2`,
    )
    expect(buyers).toHaveLength(2)
    const before = await kpisWithComparison(ch, q, TZ, 'previous', NOW)
    await mergeCustomers(db, buyers[0]!.customer_id, buyers[1]!.customer_id, 'test')
    await ingestAll(db, ch)
    expect(await remembered()).toEqual([undefined, undefined])
    const after = await kpisWithComparison(ch, q, TZ, 'previous', NOW)
    expect(after.comparison!.kpis.customers).toBe(before.comparison!.kpis.customers - 1)
    forgetSettled(ch)
    expect(await kpisWithComparison(ch, q, TZ, 'previous', NOW)).toEqual(after)
  })

  it('are never a period reaching today', async () => {
    const today = rangeQuerySchema.parse({ from: '2026-11-20', to: '2026-11-28' })
    await kpiSnapshot(ch, today, TZ, NOW)
    expect((await settledSnapshots(ch, TZ, [today], NOW)).known[0]).toBeUndefined()
  })

  it('are not kept while an insert for their days may still be in flight, on a server', async () => {
    // A ClickHouse server reads beside inserts, whose views commit one by one: a value is kept
    // only once the last write for its days is older than any insert in flight.
    process.env.CLICKHOUSE_URL = 'http://127.0.0.1:1' // only what kind of store it is; `ch` stays embedded
    resetConfig()
    try {
      await paidOrderAt('2026-10-01T05:00:00Z', 'S-IN-FLIGHT')
      await kpisWithComparison(ch, q, TZ, 'previous', NOW)
      expect(await remembered()).toEqual([undefined, undefined])
    } finally {
      delete process.env.CLICKHOUSE_URL
      resetConfig()
    }
    // Embedded chDB runs one statement at a time: nothing is in flight during a read.
    const got = await kpisWithComparison(ch, q, TZ, 'previous', NOW)
    expect(await remembered()).toEqual([got.kpis, got.comparison!.kpis])
  })
})
