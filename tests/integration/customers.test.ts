import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerTotals, customerTotalsBy } from '@/lib/analytics/customers'
import { queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import { refreshCustomerAttributes } from '@/lib/customers/attributes'
import { undoMerge } from '@/lib/customers/merge'
import { customerProfile } from '@/lib/customers/profile'
import { campaignReport, launchCampaign } from '@/lib/customers/campaigns'
import { incrementalRevenue, statsOf } from '@/lib/customers/lift'
import { createSegment } from '@/lib/customers/segments/store'
import { toCents } from '@/lib/money'
import { rfmOf } from '@/lib/customers/rfm'
import { countSegment, listSegment } from '@/lib/customers/segments/query'
import { isGroup, ruleGroupSchema, SEGMENT_FIELDS, type Condition, type RuleGroup } from '@/lib/customers/segments/rules'
import type { Db } from '@/lib/db'
import type { AnyEvent, EventData } from '@/lib/events'
import { actOnOrder, placeOrder, type PlaceOrderInput } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { HOUR, ingestAll, TZ } from './expected'
import { freshClickHouse, freshDb, seedCatalogue, tempDir } from './stores'

/**
 * Customer 360 on PGlite + chDB through the real ops core and ingest: one person's identities
 * from three channels merge into one customer (and the undo splits it again), ClickHouse
 * history follows both; segment counts equal an independent recomputation from the events.
 */
let db: Db
let ch: ClickHouseClient
const BASE = Date.parse('2026-10-01T02:00:00Z')
const AS_OF = new Date(BASE + 60 * 24 * HOUR)

beforeAll(async () => {
  process.env.DATA_DIR = tempDir()
  process.env.AUTH_SECRET = 'customers-test-secret-0123456789'
  db = await freshDb('pglite')
  ch = await freshClickHouse()
  await seedCatalogue(db)
  for (const sku of ['SKU-A', 'SKU-B', 'SKU-C']) {
    for (const location of ['WH-SH', 'WH-BJ', 'ST-SH-01']) {
      await receiveStock(db, { sku, location_id: location, quantity: 5000, unit_cost: '10.00' }, 'test', new Date(BASE - 48 * HOUR))
    }
  }
})
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

let n = 0
async function order(at: number, input: Omit<PlaceOrderInput, 'external_id' | 'lines'> & { lines?: PlaceOrderInput['lines'] }) {
  const placed = await placeOrder(db, { lines: [{ sku: 'SKU-A', quantity: 1 }], external_id: `X${n++}`, ...input, pay: true }, { actor: 'test', at: new Date(at) })
  return { ...placed.order, customer_id: placed.order.customer_id ?? '' }
}

const customersIn = async (from: string, to: string) => (await customerTotals(ch, { from, to, channel: [], region: [], city: [], store: [], category: [], sku: [] } as never, TZ)).customers
/** The customers of the month (a whole month, read from customer_months), of the year (customer_years) and of the year so far (the running year, read whole). */
const wholePeriods = async () => [
  [...(await customerTotalsBy(ch, { from: '2026-10-01', to: '2026-10-31', channel: [], region: [], city: [], store: [], category: [], sku: [] } as never, TZ, ['month'])).values()].map((r) => r.totals.customers),
  await customersIn('2026-01-01', '2026-12-31'),
  await customersIn('2026-01-01', '2026-10-31'),
]

describe('identity merge across channels', () => {
  it('merges phone, WeChat unionid and a marketplace buyer id into one customer, and undoes it', async () => {
    const web = await order(BASE, { channel: 'web', customer: { phone: '13900000001' } })
    const mini = await order(BASE + HOUR, { channel: 'miniprogram', customer: { unionid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M' } })
    const tmall = await order(BASE + 2 * HOUR, { channel: 'tmall', customer: { buyer_id: 'tb-998877', email: 'Li.Na@example.com' } })
    expect(new Set([web.customer_id, mini.customer_id, tmall.customer_id]).size).toBe(3)
    await ingestAll(db, ch)
    expect(await customersIn('2026-10-01', '2026-10-01')).toBe(3)
    expect(await wholePeriods()).toEqual([[3], 3, 3])

    // The store sees phone and unionid together; later the web shop sees the e-mail with the phone.
    const store = await order(BASE + 3 * HOUR, { channel: 'store', location_id: 'ST-SH-01', customer: { phone: '+86 139 0000 0001', unionid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M' } })
    const web2 = await order(BASE + 4 * HOUR, { channel: 'web', customer: { email: 'li.na@EXAMPLE.com', phone: '13900000001' } })
    expect(store.customer_id).toBe(web.customer_id) // the oldest record survives
    expect(web2.customer_id).toBe(web.customer_id)
    const merges = await db.query<{ merge_id: string; customer_a: string; customer_b: string; reason: string; identity_kind: string }>(
      'SELECT merge_id::text, customer_a, customer_b, reason, identity_kind FROM customer_merges ORDER BY merge_id',
    )
    expect(merges.map((m) => [m.customer_a, m.customer_b, m.reason, m.identity_kind])).toEqual([
      [web.customer_id, mini.customer_id, 'shared_identity', 'unionid'],
      [web.customer_id, tmall.customer_id, 'shared_identity', 'email'],
    ])
    const rows = await db.query<{ customer_id: string; merged_into: string | null }>('SELECT customer_id, merged_into FROM customers ORDER BY created_at')
    expect(rows).toEqual([
      { customer_id: web.customer_id, merged_into: null },
      { customer_id: mini.customer_id, merged_into: web.customer_id },
      { customer_id: tmall.customer_id, merged_into: web.customer_id },
    ])

    await ingestAll(db, ch)
    // History already in ClickHouse (the miniprogram and tmall orders keep their record ids) follows the merge.
    expect(await customersIn('2026-10-01', '2026-10-01')).toBe(1)
    expect(await wholePeriods()).toEqual([[1], 1, 1])
    await refreshCustomerAttributes(ch)
    const [one] = await listSegment(ch, { rules: { combinator: 'and', rules: [] }, limit: 10 }, { asOf: AS_OF, timeZone: TZ })
    expect(one).toMatchObject({ customer_id: web.customer_id, orders: 5, channels: ['miniprogram', 'store', 'tmall', 'web'] })

    // Undo the merge that brought the tmall record in: it is its own customer again, here and in ClickHouse.
    const undone = await undoMerge(db, Number(merges[1]!.merge_id), 'marketing-lead', new Date(BASE + 5 * HOUR))
    expect(undone.groups).toEqual([
      { survivor: web.customer_id < tmall.customer_id ? web.customer_id : tmall.customer_id, members: expect.any(Array) },
      expect.any(Object),
    ])
    expect((await db.query<{ merged_into: string | null }>('SELECT merged_into FROM customers WHERE customer_id = $1', [tmall.customer_id]))[0]!.merged_into).toBeNull()
    await ingestAll(db, ch)
    expect(await customersIn('2026-10-01', '2026-10-01')).toBe(2)
    expect(await wholePeriods()).toEqual([[2], 2, 2])
    const map = await queryRows<{ customer_id: string; merged: string }>(
      ch,
      'SELECT customer_id, argMax(merged_id, version) AS merged FROM customer_merge_map GROUP BY customer_id ORDER BY customer_id',
    )
    expect(Object.fromEntries(map.map((m) => [m.customer_id, m.merged]))).toEqual({
      [web.customer_id]: web.customer_id,
      [mini.customer_id]: web.customer_id,
      [tmall.customer_id]: tmall.customer_id,
    })
    // A person's undo sticks: the same identifiers together again do not merge automatically.
    const again = await order(BASE + 6 * HOUR, { channel: 'web', customer: { email: 'li.na@example.com', phone: '13900000001' } })
    expect(again.customer_id).toBe(web.customer_id)
    expect((await db.query('SELECT 1 FROM customer_merges WHERE undone_at IS NULL')).length).toBe(1)
    await expect(undoMerge(db, Number(merges[1]!.merge_id), 'x')).rejects.toMatchObject({ code: 'already_undone', status: 409 })

    // The profile: any record id finds the merged customer; phone masked unless allowed personal data.
    await ingestAll(db, ch)
    const ctx = { asOf: AS_OF, timeZone: TZ }
    const masked = await customerProfile(db, ch, mini.customer_id, { pii: false, secret: process.env.AUTH_SECRET!, ctx })
    expect(masked.customer_id).toBe(web.customer_id)
    expect(masked.records.map((r) => r.customer_id)).toEqual([web.customer_id, mini.customer_id])
    expect(masked.identities.find((i) => i.kind === 'phone')).toMatchObject({ value: '139****0001', masked: true })
    expect(masked.orders.map((o) => o.channel).sort()).toEqual(['miniprogram', 'store', 'web', 'web', 'web'])
    expect(masked.attributes).toMatchObject({ customer_id: web.customer_id, orders: 5 })
    expect(masked.merges.map((m) => m.undone_at === null)).toEqual([false, true]) // newest first: the undone one
    const clear = await customerProfile(db, ch, web.customer_id, { pii: true, secret: process.env.AUTH_SECRET!, ctx })
    expect(clear.identities.find((i) => i.kind === 'phone')).toMatchObject({ value: '13900000001', masked: false })
  })

  it('counts a merged customer as new only from the first payment of any of its records', async () => {
    // Days of their own (10 and 11 days after the other orders), so the counts above stay as they are.
    const day1 = BASE + 10 * 24 * HOUR
    const day2 = BASE + 11 * 24 * HOUR
    const range = (from: string, to: string, dims: ('channel' | 'hour' | 'day')[] = []) =>
      customerTotalsBy(ch, { from, to, channel: [], region: [], city: [], store: [], category: [], sku: [] } as never, TZ, dims)
    const sum = async (r: ReturnType<typeof range>) => [...(await r).values()].reduce((t, { totals }) => ({ customers: t.customers + totals.customers, new: t.new + totals.new_customers }), { customers: 0, new: 0 })
    await order(day1, { channel: 'web', customer: { phone: '13900000077' } })
    await order(day2, { channel: 'miniprogram', customer: { unionid: 'o6_perf2_merge_first_payment_77' } })
    await ingestAll(db, ch)
    expect(await customerTotals(ch, { from: '2026-10-12', to: '2026-10-12', channel: [], region: [], city: [], store: [], category: [], sku: [] } as never, TZ)).toMatchObject({ customers: 1, new_customers: 1 })

    // A store sale of the first day, recorded late, sees both identifiers: the miniprogram record merges into the
    // web one, whose first payment was the day before — and which pays nothing on the second day itself.
    await order(day1 + HOUR, { channel: 'store', location_id: 'ST-SH-01', customer: { phone: '13900000077', unionid: 'o6_perf2_merge_first_payment_77' } })
    await ingestAll(db, ch)
    expect(await customerTotals(ch, { from: '2026-10-12', to: '2026-10-12', channel: [], region: [], city: [], store: [], category: [], sku: [] } as never, TZ)).toMatchObject({ customers: 1, new_customers: 0 })
    expect(await sum(range('2026-10-12', '2026-10-12', ['channel']))).toEqual({ customers: 1, new: 0 })
    expect(await sum(range('2026-10-12', '2026-10-12', ['hour']))).toEqual({ customers: 1, new: 0 }) // from the lines, keyed by id
    expect(await sum(range('2026-10-11', '2026-10-12', ['channel']))).toEqual({ customers: 3, new: 3 }) // first payment in the range: new in each channel's row
    // By day × channel (customer_channel_days, merged key grouped on the side): each row is its day alone.
    const byDay = [await sum(range('2026-10-11', '2026-10-11', ['channel'])), await sum(range('2026-10-12', '2026-10-12', ['channel']))]
    expect(await sum(range('2026-10-11', '2026-10-12', ['day', 'channel']))).toEqual({ customers: byDay[0]!.customers + byDay[1]!.customers, new: byDay[0]!.new + byDay[1]!.new })

    // A customer of the first day who pays again on the second, ingested apart (their first payments sit in two parts until merged): returning.
    await order(day1, { channel: 'jd', customer: { buyer_id: 'jd-perf2-78' } })
    await ingestAll(db, ch)
    await order(day2 + 2 * HOUR, { channel: 'jd', customer: { buyer_id: 'jd-perf2-78' } })
    await ingestAll(db, ch)
    expect(await sum(range('2026-10-12', '2026-10-12', ['channel']))).toEqual({ customers: 2, new: 0 })
    expect(await sum(range('2026-10-12', '2026-10-12', ['hour']))).toEqual({ customers: 2, new: 0 })
  })
})

// ---------------------------------------------------------------------------------------------
// Segments against an independent recomputation from the events
// ---------------------------------------------------------------------------------------------

type Person = { orders: Set<string>; net: number; channels: Set<string>; categories: Set<string>; skus: Set<string>; stores: Set<string>; first?: number; last?: number; city: string; tier: string; profileAt: number }

/** Per merged customer, from the events in the outbox alone (no SQL). */
async function recompute(): Promise<Map<string, Person>> {
  const events = (await db.query<{ payload: string }>('SELECT payload FROM outbox ORDER BY id')).map((r) => JSON.parse(r.payload) as AnyEvent)
  const mergedOf = new Map<string, { id: string; version: number }>()
  for (const e of events) {
    if (e.type !== 'customer.merged' && e.type !== 'customer.unmerged') continue
    for (const m of e.data.mapping) if ((mergedOf.get(m.customer_id)?.version ?? 0) < e.data.version) mergedOf.set(m.customer_id, { id: m.merged_id, version: e.data.version })
  }
  const people = new Map<string, Person>()
  const person = (record: string) => {
    const id = mergedOf.get(record)?.id ?? record
    if (!people.has(id)) people.set(id, { orders: new Set(), net: 0, channels: new Set(), categories: new Set(), skus: new Set(), stores: new Set(), city: '', tier: 'none', profileAt: -1 })
    return people.get(id)!
  }
  for (const e of events) {
    const at = Date.parse(e.occurred_at)
    if (e.type === 'customer.upserted') {
      const p = person(e.data.customer_id)
      if (at >= p.profileAt) Object.assign(p, { city: e.data.city, tier: e.data.member_tier, profileAt: at })
    }
    if ((e.type === 'order.paid' || e.type === 'order.refunded') && e.data.customer_id) {
      const d = e.data as EventData<'order.paid'>
      const p = person(d.customer_id)
      const sign = e.type === 'order.paid' ? 1 : -1
      p.net += sign * d.lines.reduce((s, l) => s + l.amount_cents, 0)
      if (sign > 0) {
        p.orders.add(d.order_id)
        p.channels.add(e.channel)
        p.stores.add(d.location_id)
        d.lines.forEach((l) => (p.categories.add(l.category), p.skus.add(l.sku)))
        p.first = Math.min(p.first ?? at, at)
        p.last = Math.max(p.last ?? at, at)
      }
    }
  }
  return people
}

const dayIn = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(ms))

function matches(p: Person, r: Condition | RuleGroup): boolean {
  if (isGroup(r)) return r.rules.length === 0 || (r.combinator === 'and' ? r.rules.every((x) => matches(p, x)) : r.rules.some((x) => matches(p, x)))
  const days = p.last === undefined ? null : Math.floor((AS_OF.getTime() - p.last) / 86_400_000)
  const rfm = rfmOf({ orders: p.orders.size, netCents: p.net, daysSinceLastOrder: days })
  const sets: Record<string, Set<string>> = { channels: p.channels, categories: p.categories, skus: p.skus, stores: p.stores }
  const scalars: Record<string, string> = { city: p.city, member_tier: p.tier, rfm_class: rfm.cls }
  const numbers: Record<string, number | null> = {
    order_count: p.orders.size, spend: p.net / 100, aov: p.orders.size ? Math.trunc(p.net / p.orders.size) / 100 : 0,
    days_since_last_order: days, coupons_received: 0, coupons_used: 0, r_score: rfm.r, f_score: rfm.f, m_score: rfm.m,
  }
  const dates: Record<string, number | undefined> = { first_purchase_at: p.first, last_purchase_at: p.last }
  const v = r.value
  const kind = SEGMENT_FIELDS[r.field].kind
  if (kind === 'set') {
    const s = sets[r.field]!
    const vs = v as string[]
    return r.op === 'any_of' ? vs.some((x) => s.has(x)) : r.op === 'all_of' ? vs.every((x) => s.has(x)) : !vs.some((x) => s.has(x))
  }
  if (kind === 'enum') return (v as string[]).includes(scalars[r.field]!) === (r.op === 'in')
  if (kind === 'date') {
    const t = dates[r.field]
    if (t === undefined) return false
    const d = dayIn(t)
    return r.op === 'before' ? d < (v as string) : r.op === 'after' ? d > (v as string) : d >= (v as string[])[0]! && d <= (v as string[])[1]!
  }
  const x = numbers[r.field]
  if (x === null || x === undefined) return false
  const cmp = { gt: x > (v as number), gte: x >= (v as number), lt: x < (v as number), lte: x <= (v as number), eq: x === v } as Record<string, boolean>
  return r.op === 'between' ? x >= (v as number[])[0]! && x <= (v as number[])[1]! : cmp[r.op]!
}

describe('segments', () => {
  it('count the customers an independent recomputation from the events finds, for every kind of rule', async () => {
    // 40 customers over 50 days: channels, SKUs, stores, cities, a few refunds, some merged.
    const channels = ['web', 'tmall', 'jd', 'miniprogram', 'douyin', 'store'] as const
    for (let i = 0; i < 120; i++) {
      const c = (i * 7) % 40
      const channel = channels[(i + c) % channels.length]!
      const at = BASE + 8 * HOUR + i * 10 * HOUR
      const sku = (['SKU-A', 'SKU-B', 'SKU-C'] as const)[(i * c) % 3]!
      const customer = c % 10 === 9 ? { unionid: `u-${c}`, phone: `1380000${String(c - 1).padStart(4, '0')}` } : { phone: `1380000${String(c).padStart(4, '0')}`, city: c % 3 ? 'shanghai' : 'beijing' }
      const o = await order(at, {
        channel,
        customer,
        location_id: channel === 'store' ? 'ST-SH-01' : undefined,
        lines: [{ sku, quantity: 1 + (i % 3) }, ...(i % 4 === 0 && sku !== 'SKU-B' ? [{ sku: 'SKU-B', quantity: 1 }] : [])],
      })
      if (i % 11 === 5 && channel !== 'store') {
        await actOnOrder(db, o.order_id, 'ship', { actor: 'test', at: new Date(at + HOUR) })
        await actOnOrder(db, o.order_id, 'refund', { actor: 'test', at: new Date(at + 30 * HOUR) })
      }
    }
    await ingestAll(db, ch)
    await refreshCustomerAttributes(ch)
    const people = await recompute()

    const trees: RuleGroup[] = [
      { combinator: 'and', rules: [] },
      { combinator: 'and', rules: [{ field: 'channels', op: 'any_of', value: ['tmall', 'jd'] }, { field: 'order_count', op: 'gte', value: 3 }] },
      { combinator: 'or', rules: [{ field: 'skus', op: 'all_of', value: ['SKU-B', 'SKU-C'] }, { field: 'stores', op: 'any_of', value: ['ST-SH-01'] }] },
      { combinator: 'and', rules: [{ field: 'city', op: 'in', value: ['beijing'] }, { field: 'spend', op: 'between', value: [300, 2000] }] },
      { combinator: 'and', rules: [{ field: 'categories', op: 'none_of', value: ['snacks'] }, { combinator: 'or', rules: [{ field: 'aov', op: 'gt', value: 250 }, { field: 'days_since_last_order', op: 'lte', value: 20 }] }] },
      { combinator: 'and', rules: [{ field: 'last_purchase_at', op: 'after', value: '2026-11-05' }, { field: 'first_purchase_at', op: 'before', value: '2026-10-10' }] },
      { combinator: 'and', rules: [{ field: 'first_purchase_at', op: 'between', value: ['2026-10-02', '2026-10-04'] }] },
      { combinator: 'and', rules: [{ field: 'rfm_class', op: 'in', value: ['champions', 'loyal', 'potential'] }] },
      { combinator: 'and', rules: [{ field: 'rfm_class', op: 'not_in', value: ['champions'] }, { field: 'member_tier', op: 'in', value: ['none'] }, { field: 'f_score', op: 'gte', value: 2 }] },
    ]
    const all = [...people.values()]
    expect(all.length).toBeGreaterThan(20)
    for (const t of trees) {
      const rules = ruleGroupSchema.parse(t)
      const expected = all.filter((p) => matches(p, rules))
      const got = await countSegment(ch, rules, { asOf: AS_OF, timeZone: TZ })
      expect({ tree: JSON.stringify(t), n: got.customers, rev: got.revenue_cents }).toEqual({
        tree: JSON.stringify(t),
        n: expected.length,
        rev: expected.reduce((s, p) => s + p.net, 0),
      })
      expect(got.all_customers).toBe(all.length)
    }
    // Several trees must actually split the customers, or the comparison proves little.
    const sizes = await Promise.all(trees.map(async (t) => (await countSegment(ch, ruleGroupSchema.parse(t), { asOf: AS_OF, timeZone: TZ })).customers))
    expect(sizes.filter((s) => s > 0 && s < all.length).length).toBeGreaterThanOrEqual(5)
  })
})

describe('campaigns', () => {
  it('issue coupons to a segment with a holdout, track redemption from orders, and measure the lift', async () => {
    const segment = await createSegment(db, { name: 'Beijing and Shanghai buyers', rules: { combinator: 'and', rules: [{ field: 'order_count', op: 'gte', value: 1 }] } }, 'mkt')
    const launchAt = new Date(BASE + 55 * 24 * HOUR)
    const ctx = { asOf: launchAt, timeZone: TZ }
    await refreshCustomerAttributes(ch)
    const from = new Date(launchAt.getTime() + HOUR)
    const to = new Date(launchAt.getTime() + 8 * 24 * HOUR)
    const campaign = await launchCampaign(
      db, ch,
      { name: 'Double 12', segment_id: segment.segment_id, amount: '30.00', threshold: '200.00', valid_from: from.toISOString(), valid_to: to.toISOString(), channels: ['web', 'tmall', 'store'], holdout_share: 0.3, seed: 'fixed-seed' },
      'mkt', ctx,
    )
    const members = await db.query<{ customer_id: string; holdout: boolean; coupon_code: string | null }>(
      `SELECT m.customer_id, m.holdout, k.coupon_code FROM campaign_members m LEFT JOIN coupons k ON k.campaign_id = m.campaign_id AND k.customer_id = m.customer_id
        WHERE m.campaign_id = $1 ORDER BY m.customer_id`,
      [campaign.campaign_id],
    )
    const treated = members.filter((m) => !m.holdout)
    const holdout = members.filter((m) => m.holdout)
    expect(members.length).toBe((await countSegment(ch, segment.rules, ctx)).customers)
    expect(holdout.length).toBeGreaterThan(3)
    expect(holdout.every((m) => m.coupon_code === null)).toBe(true)
    expect(treated.every((m) => m.coupon_code)).toBe(true)

    // Orders in the window: half the treated customers use their coupon (and buy more), a third of the holdout buys.
    const revenue = new Map<string, number>()
    const phoneOf = async (id: string) => {
      const [row] = await db.query<{ value_sealed: string }>("SELECT value_sealed FROM customer_identities WHERE customer_id = $1 AND kind = 'phone' LIMIT 1", [id])
      return row ? (await import('@/lib/customers/identity')).unseal(process.env.AUTH_SECRET!, row.value_sealed) : null
    }
    let k = 0
    for (const m of members) {
      const phone = await phoneOf(m.customer_id)
      if (!phone) continue
      const buys = m.holdout ? k % 3 === 0 : k % 2 === 0
      k++
      if (!buys) continue
      const o = await order(from.getTime() + k * HOUR, { channel: 'web', customer: { phone }, lines: [{ sku: 'SKU-A', quantity: m.holdout ? 1 : 2 }], ...(m.coupon_code ? { coupon_code: m.coupon_code } : {}) })
      revenue.set(m.customer_id, (revenue.get(m.customer_id) ?? 0) + toCents(o.total))
    }
    // An order after the window does not count.
    const late = treated.find((m) => revenue.has(m.customer_id))!
    await order(to.getTime() + HOUR, { channel: 'web', customer: { phone: (await phoneOf(late.customer_id))! }, lines: [{ sku: 'SKU-A', quantity: 5 }] })

    const report = await campaignReport(db, campaign.campaign_id)
    const usedCoupons = treated.filter((m) => revenue.has(m.customer_id))
    expect(report).toMatchObject({ issued: treated.length, holdout: holdout.length, redeemed: usedCoupons.length, redeemer_orders: usedCoupons.length })
    expect(report.redemption_rate).toBeCloseTo(usedCoupons.length / treated.length, 12)
    const values = (group: typeof members) => group.map((m) => revenue.get(m.customer_id) ?? 0)
    const expected = incrementalRevenue(statsOf(values(treated)), statsOf(values(holdout)))!
    expect(toCents(report.lift!.incremental_revenue.replace('-', ''))).toBe(Math.abs(Math.round(expected.incremental)))
    expect(report.lift!.ci95_low).toBe((Math.round(expected.ci_low) / 100).toFixed(2))
    expect(report.lift!.ci95_high).toBe((Math.round(expected.ci_high) / 100).toFixed(2))
    expect(report.treated.revenue).toBe((values(treated).reduce((s, v) => s + v, 0) / 100).toFixed(2))

    // Every channel sees the coupons: coupon.issued reached ClickHouse; so did their use, and
    // segments can pick customers by coupon behaviour.
    await ingestAll(db, ch)
    const [received] = await queryRows<{ n: string; used: string }>(ch, 'SELECT toString(sum(coupons_received)) AS n, toString(sum(coupons_used)) AS used FROM customer_facts')
    expect(Number(received!.n)).toBe(treated.length)
    expect(Number(received!.used)).toBe(usedCoupons.length)
    await refreshCustomerAttributes(ch)
    const users = await countSegment(ch, ruleGroupSchema.parse({ combinator: 'and', rules: [{ field: 'coupons_used', op: 'gte', value: 1 }] }), ctx)
    expect(users.customers).toBe(usedCoupons.length)
    const unused = await countSegment(ch, ruleGroupSchema.parse({ combinator: 'and', rules: [{ field: 'coupons_received', op: 'gte', value: 1 }, { field: 'coupons_used', op: 'eq', value: 0 }] }), ctx)
    expect(unused.customers).toBe(treated.length - usedCoupons.length)
  })
})
