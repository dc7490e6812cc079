import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueToken } from '@/lib/auth/tokens'
import type { Db } from '@/lib/db'
import { openPostgres } from '@/lib/db/postgres'
import { consumerLag, kafkaClient } from '@/lib/eventlog/kafka'
import { outboxLag } from '@/lib/eventlog/outbox'
import { allTopics, CHANNEL_IDS } from '@/lib/events'
import { fromCents } from '@/lib/money'
import { upsertLocations, upsertSkus } from '@/lib/ops/catalogue'
import { receiveStock } from '@/lib/ops/stock'
import { freePort, requireKafka, startProcess, waitFor, type Proc } from './processes'
import { freshDatabaseUrl, tempDir, TEST_LOCATIONS, TEST_SKUS } from './stores'

/**
 * Distributed mode, every part its own process as in production: the web server
 * (`next start`), the outbox relay, two ingest workers in one consumer group, PostgreSQL,
 * Kafka, and a ClickHouse store shared over HTTP (scripts/clickhouse-http.ts, the real
 * engine in chDB, since no ClickHouse server can be installed on these machines).
 * Orders go in through the web API and come out of the web's KPI API, to the cent.
 */
const SECRET = 'distributed-test-secret-0123456789'
const procs: Proc[] = []
let db: Db
let webUrl = ''
let env: Record<string, string> = {}

beforeAll(async () => {
  if (!fs.existsSync(path.join('.next', 'BUILD_ID'))) throw new Error('run `npx next build` first (npm test builds before the integration tests)')
  const brokers = requireKafka()
  const prefix = `dist${randomBytes(3).toString('hex')}`
  const chPort = await freePort()
  const webPort = await freePort()
  webUrl = `http://127.0.0.1:${webPort}`
  const databaseUrl = await freshDatabaseUrl()
  env = {
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}-ingest`,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    DATABASE_URL: databaseUrl,
    CLICKHOUSE_URL: `http://127.0.0.1:${chPort}`,
    AUTH_SECRET: SECRET,
    DATA_DIR: tempDir(),
    DEMO: '0',
    INGEST_FLUSH_MS: '50',
  }
  const clickhouse = startProcess('clickhouse', ['scripts/clickhouse-http.ts', '--path', path.join(tempDir(), 'ch'), '--port', String(chPort)])
  procs.push(clickhouse)
  await waitFor(async () => (await fetch(`${env.CLICKHOUSE_URL}/ping`)).ok, 60_000, clickhouse.output)
  const web = startProcess('web', ['node_modules/next/dist/bin/next', 'start', '-p', String(webPort), '-H', '127.0.0.1'], env)
  procs.push(web)
  await waitFor(async () => (await fetch(`${webUrl}/api/health`)).status === 200, 90_000, web.output)
  procs.push(startProcess('relay', ['ingest/relay-main.ts'], env))
  procs.push(startProcess('ingest-1', ['ingest/main.ts'], env), startProcess('ingest-2', ['ingest/main.ts'], env))
  db = await openPostgres(databaseUrl)
})

afterAll(async () => {
  await db?.close()
  for (const p of procs.reverse()) await p.stop()
})

const auth = (role: 'ops' | 'analyst') => ({ authorization: `Bearer ${issueToken(SECRET, { sub: `test-${role}`, role })}` })

describe('distributed mode: web, relay and two ingest workers as separate processes', () => {
  it('takes orders through the web API and shows them in the web KPI API, to the cent', async () => {
    await upsertSkus(db, TEST_SKUS)
    await upsertLocations(db, TEST_LOCATIONS)
    for (const sku of TEST_SKUS) await receiveStock(db, { sku: sku.sku, location_id: 'WH-SH', quantity: 1000, unit_cost: '12.34' }, 'test')

    const ORDERS = 120
    for (let i = 0; i < ORDERS; i++) {
      const res = await fetch(`${webUrl}/api/v1/orders`, {
        method: 'POST',
        headers: { ...auth('ops'), 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: CHANNEL_IDS[i % CHANNEL_IDS.length],
          external_id: `D-${i}`,
          customer: { phone: `1390000${String(i % 40).padStart(4, '0')}` },
          lines: [{ sku: TEST_SKUS[i % 3]!.sku, quantity: 1 + (i % 4) }, ...(i % 2 ? [{ sku: TEST_SKUS[(i + 1) % 3]!.sku, quantity: 1 }] : [])],
          pay: i % 5 !== 0,
        }),
      })
      expect(res.status, await res.clone().text()).toBe(201)
    }

    const kafka = kafkaClient('distributed-test', env.KAFKA_BROKERS)
    await waitFor(async () => (await outboxLag(db, 'relay')) === 0, 60_000, () => `relay lag ${procs.map((p) => p.output()).join('\n')}`)
    await waitFor(async () => (await consumerLag(kafka, env.KAFKA_GROUP_ID!, allTopics(env.KAFKA_TOPIC_PREFIX!))) === 0, 90_000, () => procs.map((p) => `${p.name}: ${p.output()}`).join('\n'))

    // Both workers hold partitions of the one group (once any rebalance in progress has settled).
    const admin = kafka.admin()
    await admin.connect()
    const describe = async () => (await admin.describeGroups([env.KAFKA_GROUP_ID!])).groups
    const settled = (g: Awaited<ReturnType<typeof describe>>) => g[0]?.state === 'Stable' && g[0].members.every((m) => m.memberAssignment.length > 0)
    await waitFor(async () => settled(await describe()), 30_000, () => procs.map((p) => `${p.name}: ${p.output()}`).join('\n'))
    const groups = await describe()
    await admin.disconnect()
    expect(groups[0]!.members).toHaveLength(2)
    for (const m of groups[0]!.members) expect(m.memberAssignment.length).toBeGreaterThan(8)

    // Independent figures from the operational records.
    const [expected] = await db.query<{ net: number; orders: number; customers: number }>(
      `SELECT sum(l.amount_cents)::int8 net, count(DISTINCT o.order_id)::int8 orders, count(DISTINCT o.customer_id)::int8 customers
         FROM orders o JOIN order_lines l USING (order_id) WHERE o.paid_at IS NOT NULL`,
    )
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    const res = await fetch(`${webUrl}/api/v1/kpis?from=${day(-1)}&to=${day(1)}`, { headers: auth('analyst') })
    expect(res.status).toBe(200)
    const { kpis } = await res.json()
    expect(kpis.net_revenue).toBe(fromCents(expected!.net))
    expect(kpis.orders).toBe(expected!.orders)
    expect(kpis.customers).toBe(expected!.customers)

    // The web process publishes channel availability every 5 s after stock moves: those events
    // may still be on their way when the KPIs already match, and a new round may follow any
    // moment, so the health checked is the one that saw the pipeline caught up.
    let health: { ingest?: { lag?: number } } = {}
    await waitFor(
      async () => (health = await (await fetch(`${webUrl}/api/health`)).json()).ingest?.lag === 0,
      30_000,
      () => procs.map((p) => `${p.name}: ${p.output()}`).join('\n'),
    )
    expect(health).toMatchObject({ status: 'ok', event_log: { ok: true, kind: 'kafka' }, ingest: { lag: 0, dead_lettered: 0 } })
  })

  it('stops every process cleanly on SIGTERM', async () => {
    for (const p of [...procs].reverse()) expect(await p.stop(), `${p.name}: ${p.output()}`).toBe(0)
  })
})
