/**
 * Order intake under load: orders/s, p50/p99 latency and the oversell count of POST /api/v1/orders
 * on a built Next server (`next start`, distributed-operational config: PostgreSQL + Kafka set,
 * so the server runs no ingest loop), with pgbench on the same PostgreSQL server as the reference.
 *
 *   bash scripts/services.sh up && source .services/env && npx next build
 *   npm run bench:orders                                       # hot + spread, 32/64/128 clients
 *   npm run bench:orders -- --clients 64 --seconds 5 --workloads spread --skip-pgbench
 *
 * Clients are channel integrations: each sends `Authorization: Bearer ff_…` (a token as
 * `npm run token -- --channel tmall` prints) over a keep-alive connection, one request at a time.
 * Workloads: `hot` — 8 SKUs whose stock runs out during the run (own channels are refused
 * 409 out_of_stock, marketplace orders are accepted and cancelled out_of_stock); `spread` —
 * 2,000 SKUs with plenty of stock, 1–3 lines, half the orders with a customer phone.
 * After each run the database is checked: per (sku, location) reserved + sold never exceeds
 * received, balances equal the ledger, reserved equals the open orders' lines, and every
 * order has its order.placed event in the outbox.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { issueToken, verifyToken } from '@/lib/auth/tokens'
import type { Db, Sql } from '@/lib/db'
import { migratePostgres } from '@/lib/db/migrate'
import { openPostgres } from '@/lib/db/postgres'
import { createRng } from '@/lib/demo/random'
import type { Channel } from '@/lib/events'
import { upsertLocations, type LocationRecord } from '@/lib/ops/catalogue'
import { DomainError } from '@/lib/ops/errors'
import { placeOrder, placeOrderSchema, type PlaceOrderInput } from '@/lib/ops/orders'
import { fmt, machine, percentile, sleep } from './lib'
import { freePort } from '../tests/integration/processes'
import { freshDatabaseUrl } from '../tests/integration/stores'

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '32,64,128' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    workloads: { type: 'string', default: 'hot,spread' },
    /** Server-side PostgreSQL pool size (DATABASE_POOL_MAX); unset = the server's default. */
    pool: { type: 'string' },
    'pgbench-seconds': { type: 'string', default: '10' },
    'pgbench-scale': { type: 'string', default: '50' },
    'skip-pgbench': { type: 'boolean', default: false },
    'skip-breakdown': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    /**
     * How the server and pgbench reach PostgreSQL: a Unix socket directory (e.g.
     * /tmp/fourflow-pg-55432/run) instead of the URL's TCP host, as an app beside its database would.
     */
    'pg-socket': { type: 'string' },
    /** Write a V8 CPU profile of the server into this directory (node --cpu-prof). */
    'profile-server': { type: 'string' },
    /** http: through `next start` (the figure that counts); direct: placeOrder in this process. */
    mode: { type: 'string', default: 'http' },
  },
})
const CLIENTS = values.clients.split(',').map(Number)
const SECONDS = Number(values.seconds)
const WARMUP = Number(values.warmup)
const WORKLOADS = values.workloads.split(',') as Workload[]
type Workload = 'hot' | 'spread'

const SECRET = `ordbench-${randomBytes(12).toString('hex')}`
const CHANNELS: Channel[] = ['web', 'miniprogram', 'tmall', 'jd', 'douyin']
const TOKENS = Object.fromEntries(CHANNELS.map((c) => [c, `Bearer ${issueToken(SECRET, { sub: `${c}-bench`, role: 'channel', channel: c })}`]))
const HOT_SKUS = 8
const HOT_UNITS = 250 // per hot SKU at each of two warehouses: runs out within seconds
const SPREAD_SKUS = 2_000
const LOCATIONS: LocationRecord[] = ['WH-A', 'WH-B', 'WH-C'].map((id, i) => ({
  location_id: id, kind: 'warehouse', name_zh: `仓库${i + 1}`, name_en: `Warehouse ${i + 1}`, region: 'east', city: 'shanghai', lat: 31.2 + i / 10, lng: 121.4,
}))

// ------------------------------------------------------------------ database set-up ---

async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url)
  const name = u.pathname.slice(1)
  u.pathname = '/postgres'
  const admin = await openPostgres(u.toString(), { max: 1 })
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.close()
}

/**
 * SKUs with stock received through the ledger (a receipt movement per stock row), in bulk:
 * a receipt per row through receiveStock would take minutes for the spread catalogue.
 */
async function seedStock(db: Db, skus: string[], units: number, locations: string[]): Promise<void> {
  await db.query(
    `INSERT INTO skus (sku, name_zh, name_en, category, list_price_cents, avg_cost_cents)
     SELECT s, s, s, 'bench', 9900, 4000 FROM unnest($1::text[]) s ON CONFLICT DO NOTHING`,
    [skus],
  )
  await db.query(
    `INSERT INTO stock (sku, location_id, on_hand) SELECT s, l, $3 FROM unnest($1::text[]) s, unnest($2::text[]) l`,
    [skus, locations, units],
  )
  await db.query(
    `INSERT INTO stock_movements (movement_id, sku, location_id, kind, on_hand_delta, reserved_delta, in_transit_delta, incoming_delta,
       unit_cost_cents, reference, actor)
     SELECT gen_random_uuid()::text, s, l, 'receipt', $3, 0, 0, 0, 4000, 'bench seed', 'bench'
       FROM unnest($1::text[]) s, unnest($2::text[]) l`,
    [skus, locations, units],
  )
}

const hotSkus = (set: number | string) => Array.from({ length: HOT_SKUS }, (_, i) => `HOT-${set}-${i + 1}`)
const spreadSkus = () => Array.from({ length: SPREAD_SKUS }, (_, i) => `SP-${String(i + 1).padStart(5, '0')}`)

// ------------------------------------------------------------------ the server ---

/** The URL the server uses: the same database, over the Unix socket when one is given. */
function serverUrl(databaseUrl: string): string {
  if (!values['pg-socket']) return databaseUrl
  const u = new URL(databaseUrl)
  return `postgres://${u.username}@/${u.pathname.slice(1)}?host=${encodeURIComponent(values['pg-socket'])}&port=${u.port || '5432'}`
}

async function startServer(databaseUrl: string, port: number): Promise<{ child: ChildProcess; output: () => string }> {
  if (!fs.existsSync(path.join('.next', 'BUILD_ID'))) throw new Error('no build: run `npx next build` first')
  if (!process.env.KAFKA_BROKERS) throw new Error('set KAFKA_BROKERS (source .services/env): the bench runs the distributed configuration')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: serverUrl(databaseUrl),
    KAFKA_TOPIC_PREFIX: 'ordbench',
    KAFKA_GROUP_ID: 'ordbench-ingest',
    AUTH_SECRET: SECRET,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ordbench-')), // chDB's directory (migrations only)
    DEMO: '0',
    ...(values.pool ? { DATABASE_POOL_MAX: values.pool } : {}),
  }
  delete env.CLICKHOUSE_URL
  const profile = values['profile-server'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['profile-server'])}`] : []
  const child = spawn(process.execPath, [...profile, 'node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-20_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const until = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${output}`)
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200, () => false)
    if (ok) return { child, output: () => output }
    if (Date.now() > until) throw new Error(`server not healthy after 120 s:\n${output}`)
    await sleep(250)
  }
}

// ------------------------------------------------------------------ CPU accounting ---

const TICK_MS = 10 // USER_HZ = 100 on Linux

/** CPU time (user + system) a process has used so far, in ms; 0 once it is gone. */
function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) * TICK_MS
  } catch {
    return 0
  }
}

/** The process and its descendants (next start may fork workers). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>()
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      parents.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      /* exited */
    }
  }
  const tree = [root]
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid)
  return tree
}

/** Busy and total jiffies of the whole machine (every helper's work included). */
function machineTicks(): { busy: number; total: number } {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const total = cpu.reduce((a, b) => a + b, 0)
  return { busy: total - cpu[3]! - (cpu[4] ?? 0), total }
}

type CpuSample = { server: number; postgres: Map<number, number>; bench: number; machine: { busy: number; total: number } }

async function sampleCpu(db: Sql, serverPid: number | undefined): Promise<CpuSample> {
  const pids = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')
  const u = process.cpuUsage()
  return {
    server: serverPid ? processTree(serverPid).reduce((s, p) => s + cpuMs(p), 0) : 0,
    postgres: new Map(pids.map(({ pid }) => [pid, cpuMs(pid)])),
    bench: (u.user + u.system) / 1000,
    machine: machineTicks(),
  }
}

/** CPU ms per order of each part between two samples, and how busy the machine's cores were. */
function cpuPerOrder(a: CpuSample, b: CpuSample, orders: number) {
  let pg = 0
  for (const [pid, ms] of b.postgres) pg += ms - (a.postgres.get(pid) ?? 0)
  const cores = os.cpus().length
  return {
    server: (b.server - a.server) / orders,
    postgres: pg / orders,
    bench: (b.bench - a.bench) / orders,
    machineBusy: ((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * cores,
  }
}

// ------------------------------------------------------------------ load ---

type Result = { status: number; ms: number; code: string; cancelledOutOfStock: boolean; replay: boolean }

function post(agent: http.Agent, port: number, body: string, auth: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/v1/orders', method: 'POST', agent, headers: { authorization: auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** Seeded, so runs are comparable. */
function rng(seed: number): () => number {
  const r = createRng(seed)
  return () => r.next()
}

/** Hot orders in the warm-up go to their own SKUs, so the measured window starts with full stock. */
function makeOrder(workload: Workload, clients: number, externalId: string, rand: () => number, warmingUp = false): PlaceOrderInput {
  const channel = CHANNELS[Math.floor(rand() * CHANNELS.length)]!
  const pick = (n: number, from: (i: number) => string) => {
    const chosen = new Set<string>()
    while (chosen.size < n) chosen.add(from(Math.floor(rand() * (workload === 'hot' ? HOT_SKUS : SPREAD_SKUS))))
    return [...chosen].map((sku) => ({ sku, quantity: 1 + Math.floor(rand() * 2) }))
  }
  if (workload === 'hot') {
    const skus = hotSkus(warmingUp ? `warm-${clients}` : clients)
    return { channel, external_id: externalId, lines: pick(rand() < 0.2 ? 2 : 1, (i) => skus[i]!) }
  }
  const skus = spreadSkus()
  return {
    channel,
    external_id: externalId,
    lines: pick(1 + Math.floor(rand() * 3), (i) => skus[i]!),
    ...(rand() < 0.5 ? { customer: { phone: `139${String(Math.floor(rand() * 50_000)).padStart(8, '0')}` } } : {}),
  }
}

/** One order sent, as the client saw the answer. */
type Answer = { status: number; code: string; cancelledOutOfStock: boolean }
type Send = (order: PlaceOrderInput) => Promise<Answer>

/** Through the API, as a channel integration with its token. */
function httpSender(port: number, clients: number): { send: Send; close: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
  return {
    async send(order) {
      const res = await post(agent, port, JSON.stringify(order), TOKENS[order.channel]!)
      const code = res.status >= 400 ? ((JSON.parse(res.text) as { error?: { code?: string } }).error?.code ?? '') : ''
      return { status: res.status, code, cancelledOutOfStock: res.status < 300 && res.text.includes('"cancel_reason":"out_of_stock"') }
    },
    close: () => agent.destroy(),
  }
}

/** placeOrder called in this process: the same work without HTTP and Next, to size their share. */
function directSender(db: Db): Send {
  return async (order) => {
    try {
      const { order: o, created } = await placeOrder(db, order, { actor: `token:${order.channel}-bench` })
      return { status: created ? 201 : 200, code: '', cancelledOutOfStock: o.cancel_reason === 'out_of_stock' }
    } catch (e) {
      if (e instanceof DomainError) return { status: e.status, code: e.code, cancelledOutOfStock: false }
      throw e
    }
  }
}

type RunFigures = {
  workload: Workload
  clients: number
  orders: number
  perSecond: number
  p50: number
  p99: number
  max: number
  byStatus: Record<string, number>
  cancelledOutOfStock: number
}

async function runLoad(send: Send, workload: Workload, clients: number, tag: string): Promise<RunFigures> {
  const started = performance.now()
  const measureFrom = started + WARMUP * 1000
  const stopAt = measureFrom + SECONDS * 1000
  const results: (Answer & { ms: number; replay: boolean })[] = []
  const worker = async (c: number) => {
    const rand = rng(clients * 1000 + c + (workload === 'hot' ? 7 : 0))
    const sent: PlaceOrderInput[] = []
    for (let seq = 0; performance.now() < stopAt; seq++) {
      // 1 % of requests are a channel's retry of an order it already sent: must answer 200, same order.
      const replay = sent.length > 0 && rand() < 0.01
      const order = replay ? sent[Math.floor(rand() * sent.length)]! : makeOrder(workload, clients, `${tag}-${workload}-${clients}-${c}-${seq}`, rand, performance.now() < measureFrom)
      if (!replay) sent.push(order)
      const t0 = performance.now()
      const answer = await send(order)
      const t1 = performance.now()
      if (t0 >= measureFrom && t1 <= stopAt) results.push({ ...answer, ms: t1 - t0, replay })
    }
  }
  await Promise.all(Array.from({ length: clients }, (_, c) => worker(c)))
  const ms = results.map((r) => r.ms).sort((a, b) => a - b)
  const byStatus: Record<string, number> = {}
  for (const r of results) {
    const key = r.code ? `${r.status} ${r.code}` : String(r.status)
    byStatus[key] = (byStatus[key] ?? 0) + 1
  }
  return {
    workload,
    clients,
    orders: results.length,
    perSecond: results.length / SECONDS,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    max: ms.at(-1) ?? NaN,
    byStatus,
    cancelledOutOfStock: results.filter((r) => r.cancelledOutOfStock && !r.replay).length,
  }
}

// ------------------------------------------------------------------ verification ---

type Verdict = { oversoldUnits: number; unreconciled: number; negative: number; reservedMismatch: number; missingPlacedEvents: number; orders: number; openOrders: number; outOfStockCancelled: number }

/** Invariants over the whole database, from the records alone (not from what clients saw). */
async function verify(db: Sql): Promise<Verdict> {
  const [stock] = await db.query<{ oversold: number; unreconciled: number; negative: number }>(
    `WITH m AS (
       SELECT sku, location_id,
              COALESCE(sum(on_hand_delta) FILTER (WHERE kind = 'receipt'), 0) AS received,
              COALESCE(-sum(on_hand_delta) FILTER (WHERE kind = 'sale'), 0) AS sold,
              sum(on_hand_delta) AS ledger_on_hand, sum(reserved_delta) AS ledger_reserved
         FROM stock_movements GROUP BY sku, location_id)
     SELECT COALESCE(sum(GREATEST(0, s.reserved + m.sold - m.received)), 0)::int8 AS oversold,
            count(*) FILTER (WHERE s.on_hand <> m.ledger_on_hand OR s.reserved <> m.ledger_reserved)::int8 AS unreconciled,
            count(*) FILTER (WHERE s.on_hand - s.reserved - s.in_transit < 0)::int8 AS negative
       FROM stock s JOIN m USING (sku, location_id)`,
  )
  const [reserved] = await db.query<{ n: number }>(
    `SELECT count(*)::int8 AS n FROM stock s
       LEFT JOIN (SELECT l.sku, o.location_id, sum(l.quantity) AS q FROM orders o JOIN order_lines l USING (order_id)
                   WHERE o.status IN ('pending_payment', 'pending_shipment') GROUP BY l.sku, o.location_id) o USING (sku, location_id)
      WHERE s.reserved <> COALESCE(o.q, 0)`,
  )
  const [orders] = await db.query<{ orders: number; open: number; oos: number; placed: number }>(
    `SELECT count(*)::int8 AS orders,
            count(*) FILTER (WHERE status = 'pending_payment')::int8 AS open,
            count(*) FILTER (WHERE cancel_reason = 'out_of_stock')::int8 AS oos,
            (SELECT count(*) FROM outbox WHERE family = 'orders' AND payload LIKE '%"type":"order.placed"%')::int8 AS placed
       FROM orders`,
  )
  return {
    oversoldUnits: stock!.oversold,
    unreconciled: stock!.unreconciled,
    negative: stock!.negative,
    reservedMismatch: reserved!.n,
    missingPlacedEvents: orders!.orders - orders!.placed,
    orders: orders!.orders,
    openOrders: orders!.open,
    outOfStockCancelled: orders!.oos,
  }
}

// ------------------------------------------------------------------ where the time goes ---

type Timed = { statements: number; dbMs: number; byStatement: Map<string, { n: number; ms: number }> }

/** A Db whose queries are counted and timed (statement text reduced to its verb and table). */
function instrument(db: Db, t: Timed): Db {
  const wrap = (sql: Sql): Sql => ({
    async query<T>(text: string, params?: readonly unknown[]) {
      const t0 = performance.now()
      try {
        return await sql.query<T>(text, params)
      } finally {
        const ms = performance.now() - t0
        t.statements++
        t.dbMs += ms
        const key = text.replace(/\s+/g, ' ').trim().slice(0, 48)
        const s = t.byStatement.get(key) ?? { n: 0, ms: 0 }
        s.n++
        s.ms += ms
        t.byStatement.set(key, s)
      }
    },
  })
  return { ...db, ...wrap(db), transaction: (fn) => db.transaction((tx) => fn(wrap(tx))), kind: db.kind }
}

function microseconds(n: number, fn: () => unknown): number {
  for (let i = 0; i < Math.min(n, 1000); i++) fn()
  const t0 = performance.now()
  for (let i = 0; i < n; i++) fn()
  return ((performance.now() - t0) / n) * 1000
}

async function breakdown(db: Db, port?: number) {
  const N = 300
  const rand = rng(99)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const seq = async (f: (i: number) => Promise<unknown>) => {
    const ms: number[] = []
    for (let i = 0; i < N; i++) {
      const t0 = performance.now()
      await f(i)
      ms.push(performance.now() - t0)
    }
    return ms.sort((a, b) => a - b)
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
  // The floor of any API call on this server: Next routing + the route wrapper, refused at auth.
  const unauth = port ? await seq(() => post(agent, port, '{}', 'Bearer ff_x.y')) : []
  const viaHttp = !port ? [] : await seq(async (i) => {
    const o = makeOrder('spread', 0, `bd-http-${i}`, rand)
    const r = await post(agent, port, JSON.stringify(o), TOKENS[o.channel]!)
    if (r.status !== 201) throw new Error(`breakdown order refused: ${r.status} ${r.text}`)
  })
  agent.destroy()
  const t: Timed = { statements: 0, dbMs: 0, byStatement: new Map() }
  const timed = instrument(db, t)
  const inProcess = await seq((i) => placeOrder(timed, makeOrder('spread', 0, `bd-direct-${i}`, rand), { actor: 'bench' }))
  const sample = makeOrder('spread', 0, 'bd-sample', rng(5))
  const body = JSON.stringify(sample)
  const verifyUs = microseconds(20_000, () => verifyToken(SECRET, TOKENS[sample.channel]!.slice(7)))
  const zodUs = microseconds(20_000, () => placeOrderSchema.parse(JSON.parse(body)))
  console.log(`\n## Where the time goes (1 client, sequential, ${N} spread orders each)\n`)
  console.log('| step | mean | p50 |')
  console.log('| --- | --- | --- |')
  if (port) console.log(`| HTTP POST /api/v1/orders, end to end | ${fmt(mean(viaHttp), 2)} ms | ${fmt(percentile(viaHttp, 50), 2)} ms |`)
  if (port) console.log(`| HTTP POST refused at auth (Next + route wrapper floor) | ${fmt(mean(unauth), 2)} ms | ${fmt(percentile(unauth, 50), 2)} ms |`)
  console.log(`| placeOrder in process (same DB, own pool) | ${fmt(mean(inProcess), 2)} ms | ${fmt(percentile(inProcess, 50), 2)} ms |`)
  console.log(`| … of which waiting on PostgreSQL (${fmt(t.statements / N, 1)} statements/order) | ${fmt(t.dbMs / N, 2)} ms | |`)
  console.log(`| verifyToken | ${fmt(verifyUs, 1)} µs | |`)
  console.log(`| JSON.parse + zod placeOrderSchema | ${fmt(zodUs, 1)} µs | |`)
  console.log('\nStatements per order (in process):\n')
  console.log('| statement | per order | mean ms |')
  console.log('| --- | --- | --- |')
  for (const [key, s] of [...t.byStatement].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`| \`${key}\` | ${fmt(s.n / N, 2)} | ${fmt(s.ms / s.n, 3)} |`)
  }
}

// ------------------------------------------------------------------ pgbench ---

function pgbenchBinary(): string {
  if (process.env.PGBENCH) return process.env.PGBENCH
  const dirs = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : []
  for (const d of dirs) {
    const bin = `/usr/lib/postgresql/${d}/bin/pgbench`
    if (fs.existsSync(bin)) return bin
  }
  return 'pgbench'
}

/**
 * The statements one 1-line order without a customer makes, as a pgbench script: claim the
 * (channel, external id), price, candidate locations, the conditional stock update, its ledger
 * row with the master-data read, the order's row + line + first transition, the outbox rows.
 */
const PGBENCH_ORDER = `\\set sku random(1, ${SPREAD_SKUS})
BEGIN;
INSERT INTO orders (order_id, channel, external_id, status, location_id, region, city, total_cents, discount_cents, placed_at)
  VALUES (gen_random_uuid()::text, 'tmall', gen_random_uuid()::text, 'pending_payment', '', '', '', 0, 0, now())
  ON CONFLICT (channel, external_id) DO NOTHING RETURNING order_id \\gset
SELECT sku, category, list_price_cents, avg_cost_cents FROM skus WHERE sku = ANY(ARRAY['PGB-' || :sku::text]);
SELECT location_id, kind, lat, lng, region, city FROM locations ORDER BY location_id;
UPDATE stock SET reserved = reserved + 1, last_moved_at = GREATEST(now(), last_moved_at + interval '1 millisecond')
  WHERE sku = 'PGB-' || :sku::text AND location_id = 'WH-A' AND on_hand - reserved - in_transit >= 1
  RETURNING on_hand, reserved, in_transit, incoming, last_moved_at;
WITH m AS (INSERT INTO stock_movements (movement_id, sku, location_id, kind, on_hand_delta, reserved_delta, in_transit_delta, incoming_delta, unit_cost_cents, reference, actor, occurred_at)
  VALUES (gen_random_uuid()::text, 'PGB-' || :sku::text, 'WH-A', 'reservation', 0, 1, 0, 0, 4000, :order_id, 'pgbench', now()))
  SELECT k.avg_cost_cents, k.category, l.region, l.city FROM skus k, locations l WHERE k.sku = 'PGB-' || :sku::text AND l.location_id = 'WH-A';
WITH lines AS (INSERT INTO order_lines (order_id, line_no, sku, category, quantity, list_price_cents, unit_price_cents, discount_cents, amount_cents, unit_cost_cents)
  VALUES (:order_id, 1, 'PGB-' || :sku::text, 'bench', 1, 9900, 9900, 0, 9900, 4000)),
  t AS (INSERT INTO order_transitions (order_id, from_status, to_status, actor, reason, at) VALUES (:order_id, NULL, 'pending_payment', 'pgbench', NULL, now()))
  UPDATE orders SET location_id = 'WH-A', region = 'east', city = 'shanghai', total_cents = 9900, expires_at = now() + interval '30 minutes'
  WHERE order_id = :order_id;
INSERT INTO outbox (family, partition_key, payload) VALUES ('orders', :order_id, repeat('x', 900)), ('stock', 'PGB-' || :sku::text, repeat('y', 700));
END;
`

function pgbench(databaseUrl: string, args: string[]): { tps: number; latency: number; out: string } {
  const u = new URL(databaseUrl)
  const env = { ...process.env, PGHOST: values['pg-socket'] ?? u.hostname, PGPORT: u.port || '5432', PGUSER: decodeURIComponent(u.username) || 'postgres', PGDATABASE: u.pathname.slice(1) }
  const r = spawnSync(pgbenchBinary(), args, { env, encoding: 'utf8' })
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`
  if (r.status !== 0) throw new Error(`pgbench ${args.join(' ')} failed:\n${out}`)
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN)
  const latency = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? NaN)
  return { tps, latency, out }
}

// ------------------------------------------------------------------ main ---

async function main() {
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ')
  console.log(`# bench/orders — ${machine()}`)
  console.log(`load average before: ${load()}`)
  const databaseUrl = await freshDatabaseUrl('fourflow_ordbench')
  const db = await openPostgres(databaseUrl, { max: 4 })
  let server: Awaited<ReturnType<typeof startServer>> | undefined
  try {
    await migratePostgres(db)
    await upsertLocations(db, LOCATIONS)
    await seedStock(db, spreadSkus(), 1_000_000, ['WH-A'])
    for (const c of CLIENTS) {
      await seedStock(db, hotSkus(c), HOT_UNITS, ['WH-A', 'WH-B'])
      await seedStock(db, hotSkus(`warm-${c}`), 1_000_000, ['WH-A'])
    }
    const [pgVersion] = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    const settings = await db.query<{ name: string; value: string }>(
      `SELECT name, current_setting(name) AS value FROM pg_settings
        WHERE name IN ('max_connections', 'shared_buffers', 'fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name`,
    )
    console.log(`PostgreSQL ${pgVersion?.v}: ${settings.map((s) => `${s.name}=${s.value}`).join(', ')}`)
    let port = 0
    if (values.mode === 'http') {
      port = await freePort()
      server = await startServer(databaseUrl, port)
      console.log(`server: next start on :${port}, DATABASE_POOL_MAX=${values.pool ?? 'default'}, KAFKA_BROKERS set (no ingest loop in the web process)`)
      console.log(`PostgreSQL reached over ${values['pg-socket'] ? `the Unix socket in ${values['pg-socket']}` : `TCP ${new URL(databaseUrl).host}`} (server and pgbench)`)
      }
    if (!values['skip-breakdown']) await breakdown(db, port || undefined)
    // In-process mode: placeOrder on a pool of the size the server would use, no HTTP.
    const direct = values.mode === 'direct' ? await openPostgres(serverUrl(databaseUrl), { max: values.pool ? Number(values.pool) : undefined }) : undefined

    const runs: RunFigures[] = []
    const how = values.mode === 'http' ? 'over HTTP' : 'in process (placeOrder, no HTTP)'
    console.log(`\n## Order intake ${how} (${WARMUP} s warm-up, ${SECONDS} s measured per row)\n`)
    console.log('| workload | clients | orders/s | p50 ms | p99 ms | max ms | answers | oversell cancellations | oversold units | CPU ms/order: server · PostgreSQL · load generator | cores busy (all processes) | load avg |')
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    for (const w of WORKLOADS) {
      for (const c of CLIENTS) {
        const sender = direct ? { send: directSender(direct), close: () => undefined } : httpSender(port, c)
        const before = await sampleCpu(db, server?.child.pid)
        const r = await runLoad(sender.send, w, c, values.mode!)
        const after = await sampleCpu(db, server?.child.pid)
        sender.close()
        const cpu = cpuPerOrder(before, after, r.orders)
        const v = await verify(db)
        runs.push(r)
        const answers = Object.entries(r.byStatus).sort().map(([k, n]) => `${k}: ${n}`).join(', ')
        console.log(
          `| ${w} | ${c} | ${fmt(r.perSecond)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${fmt(r.max, 0)} | ${answers} | ${r.cancelledOutOfStock} | ${v.oversoldUnits} | ` +
            `${fmt(cpu.server, 2)} · ${fmt(cpu.postgres, 2)} · ${fmt(cpu.bench, 2)} | ${fmt(cpu.machineBusy, 2)} of ${os.cpus().length} | ${os.loadavg()[0]!.toFixed(2)} |`,
        )
        if (v.oversoldUnits || v.unreconciled || v.negative || v.reservedMismatch || v.missingPlacedEvents) {
          throw new Error(`invariant broken after ${w}/${c}: ${JSON.stringify(v)}`)
        }
      }
    }
    await direct?.close()
    const v = await verify(db)
    console.log(
      `\nDatabase check after all runs: ${v.orders} orders (${v.openOrders} open, ${v.outOfStockCancelled} cancelled out_of_stock), ` +
        `oversold units ${v.oversoldUnits}, balances ≠ ledger ${v.unreconciled}, negative available ${v.negative}, ` +
        `reserved ≠ open order lines ${v.reservedMismatch}, orders without order.placed in the outbox ${v.missingPlacedEvents}`,
    )

    if (!values['skip-pgbench']) {
      if (server) {
        server.child.kill('SIGTERM')
        await new Promise((r) => server!.child.once('exit', r))
        server = undefined
      }
      await seedStock(db, Array.from({ length: SPREAD_SKUS }, (_, i) => `PGB-${i + 1}`), 10_000_000, ['WH-A'])
      const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ordbench-pgb-')), 'order.sql')
      fs.writeFileSync(script, PGBENCH_ORDER)
      const T = values['pgbench-seconds']
      pgbench(databaseUrl, ['-i', '-q', '-s', values['pgbench-scale']])
      console.log(`\n## pgbench on the same server and database (${pgbenchBinary()}, -M prepared, -j 2, ${T} s; TPC-B at scale ${values['pgbench-scale']})\n`)
      console.log('| clients | order-like script TPS | TPC-B-like TPS | best spread orders/s here | ÷ order-like | ÷ TPC-B |')
      console.log('| --- | --- | --- | --- | --- | --- |')
      for (const c of CLIENTS) {
        const order = pgbench(databaseUrl, ['-n', '-M', 'prepared', '-c', String(c), '-j', '2', '-T', T, '-f', script])
        const tpcb = pgbench(databaseUrl, ['-n', '-M', 'prepared', '-c', String(c), '-j', '2', '-T', T])
        const best = Math.max(...runs.filter((r) => r.clients === c && r.workload === 'spread').map((r) => r.perSecond), 0)
        console.log(`| ${c} | ${fmt(order.tps)} | ${fmt(tpcb.tps)} | ${fmt(best)} | ${(best / order.tps).toFixed(2)} | ${(best / tpcb.tps).toFixed(2)} |`)
      }
    }
    console.log(`\nload average after: ${load()}`)
  } finally {
    if (server) {
      server.child.kill('SIGTERM')
      await new Promise((r) => server!.child.once('exit', r))
    }
    await db.close()
    if (!values.keep) await dropDatabase(databaseUrl)
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
