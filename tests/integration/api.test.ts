import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueToken } from '@/lib/auth/tokens'
import { closeClickHouse } from '@/lib/clickhouse/client'
import { closeDb, db } from '@/lib/db'
import { receiveStock } from '@/lib/ops/stock'
import { seedCatalogue, useEmbeddedConfig } from './stores'

/**
 * The route handlers themselves, called with real Requests against embedded stores:
 * authentication, permissions, channel scope, and a 400 naming the field for every kind of
 * malformed body — never a 500.
 */
const SECRET = 'api-test-secret-0123456789'
const token = (claims: Parameters<typeof issueToken>[1]) => `Bearer ${issueToken(SECRET, claims)}`
let orders: typeof import('@/app/api/v1/orders/route')
let kpis: typeof import('@/app/api/v1/kpis/route')
let health: typeof import('@/app/api/health/route')
let orderById: typeof import('@/app/api/v1/orders/[id]/route')

beforeAll(async () => {
  useEmbeddedConfig(SECRET)
  await seedCatalogue(await db())
  await receiveStock(await db(), { sku: 'SKU-A', location_id: 'WH-SH', quantity: 5, unit_cost: '80.00' }, 'test')
  orders = await import('@/app/api/v1/orders/route')
  kpis = await import('@/app/api/v1/kpis/route')
  health = await import('@/app/api/health/route')
  orderById = await import('@/app/api/v1/orders/[id]/route')
})
afterAll(async () => {
  await closeDb()
  await closeClickHouse()
})

const ctx = { params: Promise.resolve({}) }
const post = (body: string, auth = token({ sub: 'ops', role: 'ops' })) =>
  orders.POST(new Request('http://x/api/v1/orders', { method: 'POST', body, headers: { authorization: auth, 'content-type': 'application/json' } }), ctx)

describe('order API', () => {
  it('takes a valid order and answers a retry with the first result', async () => {
    const body = JSON.stringify({ channel: 'web', external_id: 'A1', lines: [{ sku: 'SKU-A', quantity: 1 }], pay: true })
    const first = await post(body)
    expect(first.status).toBe(201)
    const again = await post(body)
    expect(again.status).toBe(200)
    expect((await again.json()).order_id).toBe((await first.json()).order_id)
  })

  it.each([
    ['not JSON', '{"channel": "web",', 'invalid_json', undefined],
    ['a wrong type', JSON.stringify({ channel: 'web', external_id: 'B', lines: [{ sku: 'SKU-A', quantity: 'two' }] }), 'invalid_body', 'lines.0.quantity'],
    ['a missing field', JSON.stringify({ channel: 'web', lines: [{ sku: 'SKU-A', quantity: 1 }] }), 'invalid_body', 'external_id'],
    ['an unknown channel', JSON.stringify({ channel: 'amazon', external_id: 'B', lines: [{ sku: 'SKU-A', quantity: 1 }] }), 'invalid_body', 'channel'],
    ['no lines', JSON.stringify({ channel: 'web', external_id: 'B', lines: [] }), 'invalid_body', 'lines'],
    ['a negative quantity', JSON.stringify({ channel: 'web', external_id: 'B', lines: [{ sku: 'SKU-A', quantity: -1 }] }), 'invalid_body', 'lines.0.quantity'],
    ['a bad price', JSON.stringify({ channel: 'tmall', external_id: 'B', lines: [{ sku: 'SKU-A', quantity: 1, unit_price: '1.234' }] }), 'invalid_body', 'lines.0.unit_price'],
    ['a duplicated SKU', JSON.stringify({ channel: 'web', external_id: 'B', lines: [{ sku: 'SKU-A', quantity: 1 }, { sku: 'SKU-A', quantity: 1 }] }), 'invalid_body', 'lines.1.sku'],
    ['a huge field', JSON.stringify({ channel: 'web', external_id: 'x'.repeat(100_000), lines: [{ sku: 'SKU-A', quantity: 1 }] }), 'invalid_body', 'external_id'],
    ['an array body', '[]', 'invalid_body', '(root)'],
  ])('refuses %s with a 400 naming the field', async (_, body, code, field) => {
    const res = await post(body)
    expect(res.status).toBe(400)
    const json = await res.json()
    expect(json.error.code).toBe(code)
    if (field) expect(json.error.field).toBe(field)
    expect(json.error.message).toBeTruthy()
  })

  it('names an unknown SKU, and refuses an own-channel order it cannot serve', async () => {
    const unknown = await post(JSON.stringify({ channel: 'web', external_id: 'C', lines: [{ sku: 'NOPE', quantity: 1 }] }))
    expect(unknown.status).toBe(404)
    expect((await unknown.json()).error).toMatchObject({ code: 'not_found', field: 'lines.0.sku' })
    const short = await post(JSON.stringify({ channel: 'web', external_id: 'D', lines: [{ sku: 'SKU-A', quantity: 99 }] }))
    expect(short.status).toBe(409)
    expect((await short.json()).error.code).toBe('out_of_stock')
  })

  it('needs a valid token with the permission, and keeps channel tokens to their channel', async () => {
    const body = JSON.stringify({ channel: 'jd', external_id: 'E', lines: [{ sku: 'SKU-A', quantity: 1 }] })
    expect((await post(body, '')).status).toBe(401)
    expect((await post(body, 'Bearer ff_forged.sig')).status).toBe(401)
    expect((await post(body, token({ sub: 'x', role: 'executive' }))).status).toBe(403)
    const wrongChannel = await post(body, token({ sub: 'tm', role: 'channel', channel: 'tmall' }))
    expect(wrongChannel.status).toBe(403)
    expect((await wrongChannel.json()).error.field).toBe('channel')
    expect((await post(body, token({ sub: 'jd', role: 'channel', channel: 'jd' }))).status).toBe(201)
    const pos = (location: string) => JSON.stringify({ channel: 'store', external_id: `P-${location}`, location_id: location, lines: [{ sku: 'SKU-A', quantity: 1 }] })
    const storeUser = token({ sub: 'st', role: 'store', location_id: 'ST-SH-01' })
    expect((await post(pos('WH-SH'), storeUser)).status).toBe(403)
  })

  it('shows an order only to callers in its scope', async () => {
    const created = await (await post(JSON.stringify({ channel: 'tmall', external_id: 'S1', lines: [{ sku: 'SKU-A', quantity: 1 }] }))).json()
    const get = (auth: string) =>
      orderById.GET(new Request(`http://x/api/v1/orders/${created.order_id}`, { headers: { authorization: auth } }), { params: Promise.resolve({ id: created.order_id }) })
    expect((await get(token({ sub: 'tm', role: 'channel', channel: 'tmall' }))).status).toBe(200)
    expect((await get(token({ sub: 'jd', role: 'channel', channel: 'jd' }))).status).toBe(404)
    expect((await get(token({ sub: 'st', role: 'store', location_id: 'ST-SH-01' }))).status).toBe(404)
    expect((await get(token({ sub: 'o', role: 'ops' }))).status).toBe(200)
  })
})

describe('KPI API and health', () => {
  const get = (url: string, auth = token({ sub: 'a', role: 'analyst' })) => kpis.GET(new Request(url, { headers: { authorization: auth } }), ctx)

  it('names a bad parameter', async () => {
    for (const [qs, field] of [['from=2026-02-30&to=2026-03-01', 'from'], ['from=2026-03-02&to=2026-03-01', 'from'], ['to=2026-03-01', 'from'], ['from=2026-03-01&to=2026-03-01&channel=ebay', 'channel.0']]) {
      const res = await get(`http://x/api/v1/kpis?${qs}`)
      expect(res.status, qs).toBe(400)
      expect((await res.json()).error).toMatchObject({ code: 'invalid_parameter', field })
    }
    expect((await get('http://x/api/v1/kpis?from=2026-03-01&to=2026-03-01', token({ sub: 's', role: 'store' }))).status).toBe(403)
  })

  it('answers health without authentication', async () => {
    const res = await health.GET(new Request('http://x/api/health'), ctx)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', event_log: { kind: 'outbox' }, ingest: { dead_lettered: 0 } })
  })
})
