import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueToken } from '@/lib/auth/tokens'
import { clickhouse, closeClickHouse, type ClickHouseClient } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { closeDb, db, type Db } from '@/lib/db'
import { toCents } from '@/lib/money'
import { placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { ingestAll } from './expected'
import { seedCatalogue, useEmbeddedConfig } from './stores'

/**
 * The customer, segment and campaign routes in-process on PGlite + chDB: permissions per role,
 * personal data masked without customers:pii (profile and CSV), a 400 naming the rule at fault,
 * a manual merge and its undo, segment versions, snapshot and a campaign through the API.
 */
const SECRET = 'customers-api-secret-0123456789'
const token = (role: 'admin' | 'marketing' | 'executive' | 'ops') => `Bearer ${issueToken(SECRET, { sub: role, role })}`
const [ADMIN, MKT, EXEC, OPS] = [token('admin'), token('marketing'), token('executive'), token('ops')]

let ch: ClickHouseClient
let store: Db
const ids: string[] = []
let routes: {
  customers: typeof import('@/app/api/v1/customers/route')
  profile: typeof import('@/app/api/v1/customers/[id]/route')
  merges: typeof import('@/app/api/v1/customers/merges/route')
  undo: typeof import('@/app/api/v1/customers/merges/[id]/undo/route')
  segments: typeof import('@/app/api/v1/segments/route')
  segment: typeof import('@/app/api/v1/segments/[id]/route')
  members: typeof import('@/app/api/v1/segments/[id]/members/route')
  count: typeof import('@/app/api/v1/segments/[id]/count/route')
  rfm: typeof import('@/app/api/v1/segments/rfm/route')
  snapshots: typeof import('@/app/api/v1/segments/[id]/snapshots/route')
  preview: typeof import('@/app/api/v1/segments/preview/route')
  refresh: typeof import('@/app/api/v1/segments/refresh/route')
  campaigns: typeof import('@/app/api/v1/campaigns/route')
  campaign: typeof import('@/app/api/v1/campaigns/[id]/route')
}

beforeAll(async () => {
  useEmbeddedConfig(SECRET)
  store = await db()
  ch = await clickhouse()
  await migrateClickHouse(ch)
  await seedCatalogue(store)
  await receiveStock(store, { sku: 'SKU-A', location_id: 'WH-SH', quantity: 100, unit_cost: '10.00' }, 'test')
  for (let i = 0; i < 6; i++) {
    const { order } = await placeOrder(store, { channel: i % 2 ? 'tmall' : 'web', external_id: `A${i}`, customer: { phone: `1390000000${i % 3}`, email: `p${i}@example.com` }, lines: [{ sku: 'SKU-A', quantity: 1 }], pay: true }, { actor: 'test' })
    if (!ids.includes(order.customer_id!)) ids.push(order.customer_id!)
  }
  await ingestAll(store, ch)
  routes = {
    customers: await import('@/app/api/v1/customers/route'),
    profile: await import('@/app/api/v1/customers/[id]/route'),
    merges: await import('@/app/api/v1/customers/merges/route'),
    undo: await import('@/app/api/v1/customers/merges/[id]/undo/route'),
    segments: await import('@/app/api/v1/segments/route'),
    segment: await import('@/app/api/v1/segments/[id]/route'),
    members: await import('@/app/api/v1/segments/[id]/members/route'),
    count: await import('@/app/api/v1/segments/[id]/count/route'),
    rfm: await import('@/app/api/v1/segments/rfm/route'),
    snapshots: await import('@/app/api/v1/segments/[id]/snapshots/route'),
    preview: await import('@/app/api/v1/segments/preview/route'),
    refresh: await import('@/app/api/v1/segments/refresh/route'),
    campaigns: await import('@/app/api/v1/campaigns/route'),
    campaign: await import('@/app/api/v1/campaigns/[id]/route'),
  }
})
afterAll(async () => {
  await closeDb()
  await closeClickHouse()
})

/** Money leaves as "1234.50" yuan strings (docs/api.md), never as cents. */
const MONEY = /^\d+\.\d{2}$/
const noCents = (answer: unknown) => expect(JSON.stringify(answer)).not.toMatch(/_cents"|minCents/)

const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) })
const get = (path: string, auth: string) => new Request(`http://x${path}`, { headers: { authorization: auth } })
const post = (path: string, auth: string, body: unknown = {}) =>
  new Request(`http://x${path}`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: auth, 'content-type': 'application/json' } })

describe('customer, segment and campaign API', () => {
  it('rebuilds attributes, previews rules, and names the rule at fault', async () => {
    expect((await routes.refresh.POST(post('/api/v1/segments/refresh', EXEC), ctx())).status).toBe(403)
    const rebuilt = await routes.refresh.POST(post('/api/v1/segments/refresh', MKT), ctx())
    expect(await rebuilt.json()).toMatchObject({ rebuilt: true, built_at: expect.any(String) })
    const preview = await routes.preview.POST(post('/api/v1/segments/preview', EXEC, { rules: { combinator: 'and', rules: [{ field: 'channels', op: 'any_of', value: ['tmall'] }] } }), ctx())
    const previewed = await preview.json()
    expect(previewed).toMatchObject({ count: { customers: 3, all_customers: 3, revenue: expect.stringMatching(MONEY), all_revenue: expect.stringMatching(MONEY) }, sample: expect.any(Array) })
    noCents(previewed)
    // Every customer bought on tmall, two orders each: the count's revenue is the sample's spend, and aov is half of it.
    const sample = previewed.sample as { spend: string; aov: string }[]
    expect(sample).toHaveLength(3)
    expect(toCents(previewed.count.revenue)).toBeGreaterThan(0)
    expect(previewed.count.all_revenue).toBe(previewed.count.revenue)
    expect(sample.reduce((sum, c) => sum + toCents(c.spend), 0)).toBe(toCents(previewed.count.revenue))
    for (const c of sample) expect(toCents(c.aov) * 2).toBe(toCents(c.spend))

    const rfm = await (await routes.rfm.GET(get('/api/v1/segments/rfm', EXEC), ctx())).json()
    expect(rfm.thresholds.monetary[0]).toEqual({ score: 5, min_spend: '5000.00' })
    expect(rfm.classes[0].count).toMatchObject({ revenue: expect.stringMatching(MONEY), all_revenue: previewed.count.revenue })
    noCents(rfm)
    const bad = await routes.preview.POST(post('/api/v1/segments/preview', MKT, { rules: { combinator: 'and', rules: [{ field: 'channels', op: 'gte', value: 1 }] } }), ctx())
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_body', field: 'rules.rules.0.op' } })
    expect((await routes.preview.POST(post('/api/v1/segments/preview', OPS, { rules: { combinator: 'and', rules: [] } }), ctx())).status).toBe(403)
  })

  it('masks personal data unless the role may see it, finds customers by phone, merges and undoes', async () => {
    const masked = await (await routes.profile.GET(get(`/api/v1/customers/${ids[0]}`, MKT), ctx({ id: ids[0]! }))).json()
    expect(masked.identities.find((i: { kind: string }) => i.kind === 'phone')).toMatchObject({ value: '139****0000', masked: true })
    expect(JSON.stringify(masked)).not.toContain('13900000000')
    const clear = await (await routes.profile.GET(get(`/api/v1/customers/${ids[0]}`, ADMIN), ctx({ id: ids[0]! }))).json()
    expect(clear.identities.find((i: { kind: string }) => i.kind === 'phone')).toMatchObject({ value: '13900000000', masked: false })
    expect(clear.attributes).toMatchObject({ spend: expect.stringMatching(MONEY), aov: expect.stringMatching(MONEY) })
    noCents(clear)

    const found = await (await routes.customers.GET(get('/api/v1/customers?q=139%200000%200001', MKT), ctx())).json()
    expect(found.customers.map((c: { customer_id: string }) => c.customer_id)).toEqual([ids[1]])
    expect(found.customers[0]).toMatchObject({ spend: expect.stringMatching(MONEY), aov: expect.stringMatching(MONEY) })
    noCents(found)

    expect((await routes.merges.POST(post('/api/v1/customers/merges', EXEC, { customer_ids: [ids[0], ids[1]] }), ctx())).status).toBe(403)
    const merged = await routes.merges.POST(post('/api/v1/customers/merges', MKT, { customer_ids: [ids[1], ids[0]] }), ctx())
    expect(merged.status).toBe(201)
    const { merge_id, merged_id } = await merged.json()
    expect(merged_id).toBe(ids[0]) // the oldest record survives
    const profile = await (await routes.profile.GET(get(`/api/v1/customers/${ids[1]}`, MKT), ctx({ id: ids[1]! }))).json()
    expect(profile).toMatchObject({ customer_id: ids[0], records: [{ customer_id: ids[0] }, { customer_id: ids[1] }] })
    expect(profile.merges[0]).toMatchObject({ merge_id, reason: 'manual', actor: 'marketing' })
    const undone = await routes.undo.POST(post(`/api/v1/customers/merges/${merge_id}/undo`, MKT), ctx({ id: String(merge_id) }))
    expect((await undone.json()).groups).toHaveLength(2)
    expect((await routes.undo.POST(post(`/api/v1/customers/merges/${merge_id}/undo`, MKT), ctx({ id: String(merge_id) }))).status).toBe(409)
    expect((await routes.undo.POST(post('/api/v1/customers/merges/abc/undo', MKT), ctx({ id: 'abc' }))).status).toBe(400)
  })

  it('saves segment versions, snapshots and exports members (masked for marketing), and launches a campaign', async () => {
    const rules = { combinator: 'or', rules: [{ field: 'channels', op: 'any_of', value: ['web'] }, { field: 'order_count', op: 'gte', value: 5 }] }
    expect((await routes.segments.POST(post('/api/v1/segments', EXEC, { name: 'x', rules }), ctx())).status).toBe(403)
    const created = await routes.segments.POST(post('/api/v1/segments', MKT, { name: '官网客户', rules }), ctx())
    expect(created.status).toBe(201)
    const seg = await created.json()
    const v2 = await (await routes.segment.POST(post(`/api/v1/segments/${seg.segment_id}`, MKT, { name: '官网客户 v2', rules: { combinator: 'and', rules: [] } }), ctx({ id: seg.segment_id }))).json()
    expect(v2.version).toBe(2)
    const detail = await (await routes.segment.GET(get(`/api/v1/segments/${seg.segment_id}`, EXEC), ctx({ id: seg.segment_id }))).json()
    expect(detail).toMatchObject({ count: { customers: 3, revenue: expect.stringMatching(MONEY) }, can_edit: false, can_launch: false })
    noCents(detail)
    const counted = await (await routes.count.GET(get(`/api/v1/segments/${seg.segment_id}/count`, EXEC), ctx({ id: seg.segment_id }))).json()
    expect(counted).toMatchObject({ version: 2, customers: 3, revenue: detail.count.revenue, all_revenue: detail.count.all_revenue })
    noCents(counted)
    const page = await (await routes.members.GET(get(`/api/v1/segments/${seg.segment_id}/members`, MKT), ctx({ id: seg.segment_id }))).json()
    expect(page.members).toHaveLength(3)
    expect(page.members[0]).toMatchObject({ spend: expect.stringMatching(MONEY), aov: expect.stringMatching(MONEY) })
    noCents(page)
    expect(detail.versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
    const snap = await routes.snapshots.POST(post(`/api/v1/segments/${seg.segment_id}/snapshots`, MKT), ctx({ id: seg.segment_id }))
    expect(await snap.json()).toMatchObject({ version: 2, member_count: 3 })

    const csvFor = async (auth: string) => (await routes.members.GET(get(`/api/v1/segments/${seg.segment_id}/members?format=csv`, auth), ctx({ id: seg.segment_id }))).text()
    const mktCsv = await csvFor(MKT)
    expect(mktCsv.split('\r\n')[0]).toContain('customer_id,phone,email')
    expect(mktCsv.split('\r\n')[0]).toContain(',orders,spend,aov,')
    expect(mktCsv).toContain(`,${page.members[0].spend},${page.members[0].aov},`)
    expect(mktCsv).toContain('139****0000')
    expect(mktCsv).not.toContain('13900000000')
    expect(await csvFor(ADMIN)).toContain('13900000000')

    const now = Date.now()
    const body = { name: '回购券', segment_id: seg.segment_id, amount: '20.00', threshold: '100.00', valid_from: new Date(now).toISOString(), valid_to: new Date(now + 86_400_000).toISOString(), channels: ['web'], holdout_share: 0 }
    const wrong = await routes.campaigns.POST(post('/api/v1/campaigns', MKT, { ...body, threshold: '10.00' }), ctx())
    expect(await wrong.json()).toMatchObject({ error: { field: 'threshold' } })
    const launched = await routes.campaigns.POST(post('/api/v1/campaigns', MKT, body), ctx())
    expect(launched.status).toBe(201)
    const campaign = await launched.json()
    const report = await (await routes.campaign.GET(get(`/api/v1/campaigns/${campaign.campaign_id}`, EXEC), ctx({ id: campaign.campaign_id }))).json()
    expect(report).toMatchObject({ issued: 3, holdout: 0, redeemed: 0, lift: null, time_zone: expect.any(String) })
  })
})
