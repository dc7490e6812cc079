import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { createClient as createClickHouseClient, ClickHouseError, ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client'
import { clickhouse, closeClickHouse, queryRows } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { resetConfig } from '@/lib/config'
import { createEvent } from '@/lib/events'
import { ClickHouseSink } from '@/ingest/sink'
import { freePort } from './processes'

/**
 * scripts/clickhouse-http.ts as a separate process, driven by the unmodified @clickhouse/client
 * over HTTP — the way web and ingest processes share one chDB store in distributed mode.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SCRIPT = path.join(ROOT, 'scripts', 'clickhouse-http.ts')
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')

let child: ChildProcess
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
let output = ''
let url = ''
let dir = ''
let client: ClickHouseClient

/** A plain client for the server; failures the tests provoke are not logged. */
const createClient = (options: NonNullable<Parameters<typeof createClickHouseClient>[0]>) =>
  createClickHouseClient({ log: { level: ClickHouseLogLevel.OFF }, ...options })

async function waitForPing(deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs
  let exitedEarly = false
  void exited.then(() => (exitedEarly = true))
  while (Date.now() < until) {
    if (exitedEarly) throw new Error(`clickhouse-http exited before it answered /ping:\n${output}`)
    try {
      const r = await fetch(`${url}/ping`)
      if (r.ok && (await r.text()) === 'Ok.\n') return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`clickhouse-http did not answer /ping in ${deadlineMs} ms:\n${output}`)
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fourflow-ch-http-'))
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  child = spawn(process.execPath, [TSX, SCRIPT, '--path', path.join(dir, 'clickhouse'), '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
  exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  await waitForPing(60_000)
  client = createClient({ url })
})

afterAll(async () => {
  await client?.close()
  await closeClickHouse()
  if (child) {
    expect(child.exitCode, `clickhouse-http died during the tests:\n${output}`).toBeNull()
    // A query in flight when SIGTERM arrives still completes; then the process exits 0.
    const other = createClient({ url })
    const inFlight = other.query({ query: 'SELECT sleep(1) AS s', format: 'JSONEachRow' }).then((r) => r.json())
    await new Promise((r) => setTimeout(r, 200))
    child.kill('SIGTERM')
    const [rows, exit] = await Promise.all([inFlight, exited])
    await other.close()
    expect(rows).toEqual([{ s: 0 }])
    expect(exit).toEqual({ code: 0, signal: null })
  }
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('clickhouse-http: a ClickHouse HTTP stand-in over chDB', () => {
  it('announces itself and answers pings', async () => {
    // The line can reach this process after the first /ping is answered: the pipe delivers it apart.
    await expect.poll(() => output).toMatch(/^clickhouse-http: chDB \S+ .*listening on http:\/\/127\.0\.0\.1:\d+$/m)
    expect(await client.ping()).toEqual({ success: true })
    expect(await (await fetch(`${url}/ping`)).text()).toBe('Ok.\n')
  })

  it('creates a table and stores a deduplicated insert once', async () => {
    await client.command({
      query: `CREATE TABLE items (id UInt32, s String, u UUID, n UInt128)
              ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100`,
    })
    const rows = [
      { id: 1, s: `a'b"c 中文 \\ ;DROP`, u: '018f2a3c-0000-7000-8000-000000000001', n: '340282366920938463463374607431768211455' },
      { id: 2, s: 'plain', u: '018f2a3c-0000-7000-8000-000000000002', n: '2' },
      { id: 3, s: 'other', u: '018f2a3c-0000-7000-8000-000000000003', n: '3' },
    ]
    const settings = { insert_deduplication_token: 't1', async_insert: 0 } as const
    const first = await client.insert({ table: 'items', values: rows, format: 'JSONEachRow', clickhouse_settings: settings })
    expect(first.summary?.written_rows).toBe('3')
    await client.insert({ table: 'items', values: rows, format: 'JSONEachRow', clickhouse_settings: settings })
    expect(await count('items')).toBe(3)

    // The token is the block's identity: other rows under it are dropped too …
    await client.insert({ table: 'items', values: [{ id: 9, s: 'x', u: rows[0]!.u, n: '9' }], format: 'JSONEachRow', clickhouse_settings: settings })
    expect(await count('items')).toBe(3)
    // … and it belongs to that one request: the next insert, without it, is stored.
    await client.insert({ table: 'items', values: [{ id: 9, s: 'x', u: rows[0]!.u, n: '9' }], format: 'JSONEachRow', clickhouse_settings: { async_insert: 0 } })
    expect(await count('items')).toBe(4)
  })

  it('binds String, Array(String), Array(UUID) and UInt128 parameters', async () => {
    const tricky = `a'b"c 中文 \\ ;DROP`
    const rs = await client.query({
      query: `SELECT id, s, toString(n) AS big, {s:String} AS echo FROM items
              WHERE s = {s:String} OR (s IN {names:Array(String)} AND u IN {ids:Array(UUID)}) OR n = {big:UInt128}
              ORDER BY id`,
      query_params: {
        s: tricky,
        names: ['plain', 'other', tricky],
        ids: ['018f2a3c-0000-7000-8000-000000000002'],
        big: '9',
      },
      format: 'JSONEachRow',
    })
    expect(await rs.json()).toEqual([
      { id: 1, s: tricky, big: '340282366920938463463374607431768211455', echo: tricky },
      { id: 2, s: 'plain', big: '2', echo: tricky },
      { id: 9, s: 'x', big: '9', echo: tricky },
    ])
    // Large parameters go in a multipart body when the client is asked to.
    const multipart = createClient({ url, use_multipart_params: true })
    try {
      const r = await multipart.query({ query: 'SELECT {s:String} AS s, toString({n:UInt128}) AS n', query_params: { s: tricky, n: 7n }, format: 'JSONEachRow' })
      expect(await r.json()).toEqual([{ s: tricky, n: '7' }])
    } finally {
      await multipart.close()
    }
  })

  it('answers in JSONEachRow and JSON', async () => {
    const each = await client.query({ query: 'SELECT id FROM items ORDER BY id LIMIT 2', format: 'JSONEachRow' })
    expect(each.response_headers['x-clickhouse-format']).toBe('JSONEachRow')
    expect(await each.json()).toEqual([{ id: 1 }, { id: 2 }])
    const json = await client.query({ query: 'SELECT id, s FROM items WHERE id = 2', format: 'JSON' })
    const doc = await json.json<{ id: number; s: string }>()
    expect(doc.data).toEqual([{ id: 2, s: 'plain' }])
    expect(doc.meta).toEqual([{ name: 'id', type: 'UInt32' }, { name: 's', type: 'String' }])
    expect(doc.rows).toBe(1)
    // A result of several blocks is still one document (chDB's streaming would repeat the frame).
    const blocks = 'SELECT number AS n FROM numbers(10) SETTINGS max_block_size = 3'
    const many = await (await client.query({ query: blocks, format: 'JSON' })).json<{ n: string }>()
    expect(many.rows).toBe(10)
    expect(many.data.map((r) => Number(r.n))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    const csv = await (await client.query({ query: blocks, format: 'CSVWithNames' })).text()
    expect(csv).toBe('"n"\n0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n')
  })

  it('applies settings to the one query that carries them', async () => {
    const read = async (quote?: 0 | 1) =>
      (await client.query({
        query: 'SELECT toUInt64(42) AS x',
        format: 'JSONEachRow',
        clickhouse_settings: quote === undefined ? {} : { output_format_json_quote_64bit_integers: quote },
      })).json()
    expect(await read(0)).toEqual([{ x: 42 }])
    expect(await read(1)).toEqual([{ x: '42' }])
    const [defaults] = await queryRows<{ v: string }>(client, "SELECT getSetting('output_format_json_quote_64bit_integers')::String AS v")
    expect(await read()).toEqual([{ x: defaults!.v === 'true' || defaults!.v === '1' ? '42' : 42 }])
  })

  it('rejects a bad query with the ClickHouse error', async () => {
    const syntax = await client.query({ query: 'SELEC 1' }).catch((e: unknown) => e)
    expect(syntax).toBeInstanceOf(ClickHouseError)
    expect(syntax).toMatchObject({ code: '62', type: 'SYNTAX_ERROR' })
    expect((syntax as Error).message).toContain('Syntax error')
    await expect(client.command({ query: 'DROP TABLE no_such_table' })).rejects.toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' })
    await expect(
      client.insert({ table: 'items', values: [{ id: 'not a number' }], format: 'JSONEachRow', clickhouse_settings: { async_insert: 0 } }),
    ).rejects.toThrow(/Cannot parse|CANNOT_PARSE/)
    await expect(client.query({ query: 'SELECT 1', clickhouse_settings: { no_such_setting: 1 } as never })).rejects.toMatchObject({
      type: 'UNKNOWN_SETTING',
    })
    // Over plain HTTP: the status ClickHouse uses, the code header, and GET is read-only.
    const r = await fetch(`${url}/?query=${encodeURIComponent('CREATE TABLE z (a UInt8) ENGINE = Memory')}`)
    expect(r.status).toBe(500)
    expect(r.headers.get('x-clickhouse-exception-code')).toBe('164')
    expect(await r.text()).toMatch(/^Code: 164\. DB::Exception: .*readonly.*\(READONLY\)\n$/)
    const bad = await fetch(url, { method: 'POST', body: 'SELEC 1' })
    expect(bad.status).toBe(400)
    expect(bad.headers.get('x-clickhouse-exception-code')).toBe('62')
  })

  it('compresses requests and responses when the client asks', async () => {
    const gz = createClient({ url, compression: { request: true, response: true } })
    try {
      await gz.insert({ table: 'items', values: [{ id: 10, s: 'zipped', u: '018f2a3c-0000-7000-8000-00000000000a', n: '10' }], format: 'JSONEachRow', clickhouse_settings: { async_insert: 0 } })
      const rs = await gz.query({ query: 'SELECT s FROM items WHERE id = 10', format: 'JSONEachRow' })
      expect(rs.response_headers['content-encoding']).toBe('gzip')
      expect(await rs.json()).toEqual([{ s: 'zipped' }])
    } finally {
      await gz.close()
    }
  })

  it('streams a large result, and fails a stream that breaks midway', async () => {
    const rs = await client.query({ query: 'SELECT number FROM numbers(500000)', format: 'JSONEachRow' })
    expect(rs.response_headers['content-length']).toBeUndefined()
    let n = 0
    for await (const rows of rs.stream()) n += rows.length
    expect(n).toBe(500_000)

    const broken = await client.query({ query: 'SELECT throwIf(number = 400000) AS x FROM numbers(500000)', format: 'JSONEachRow' })
    await expect(broken.json()).rejects.toThrow(/throwIf/)
  })

  it('serves concurrent requests correctly', async () => {
    await client.command({ query: 'CREATE TABLE hits (k UInt32) ENGINE = MergeTree ORDER BY k' })
    const work = Array.from({ length: 40 }, (_, i) =>
      i % 4 === 0
        ? client.insert({ table: 'hits', values: [{ k: i }], format: 'JSONEachRow', clickhouse_settings: { async_insert: 0 } }).then(() => i)
        : client
            .query({ query: 'SELECT {i:UInt32} AS i, {s:String} AS s', query_params: { i, s: `v${i}` }, format: 'JSONEachRow' })
            .then((r) => r.json<{ i: number; s: string }>())
            .then(([row]) => (row!.s === `v${row!.i}` ? row!.i : -1)),
    )
    expect(await Promise.all(work)).toEqual(Array.from({ length: 40 }, (_, i) => i))
    expect(await count('hits')).toBe(10)
  })

  it('runs the migrations and takes an event through ClickHouseSink into sales_hourly', async () => {
    // The product's own client, configured the distributed way.
    process.env.CLICKHOUSE_URL = url
    process.env.DATA_DIR = dir
    resetConfig()
    const ch = await clickhouse()
    const files = fs.readdirSync(path.join(process.cwd(), 'clickhouse')).filter((f) => f.endsWith('.sql')).sort()
    expect(await migrateClickHouse(ch)).toEqual(files)
    expect(await migrateClickHouse(ch)).toEqual([])

    const event = createEvent(
      'order.paid',
      'web',
      {
        order_id: 'O-HTTP-1',
        external_id: 'W-HTTP-1',
        location_id: 'WH-SH',
        region: 'east',
        city: 'shanghai',
        customer_id: 'C-1',
        lines: [
          { line_no: 1, sku: 'SKU-A', category: 'skincare', quantity: 2, list_price_cents: 19_900, unit_price_cents: 19_900, discount_cents: 0, amount_cents: 39_800, unit_cost_cents: 8_000 },
        ],
      },
      { occurredAt: new Date('2026-03-01T10:15:00Z') },
    )
    const chunk = { stream: 'test:http', messages: [{ position: 1n, value: JSON.stringify(event) }] }
    const sink = new ClickHouseSink(ch)
    expect(await sink.write(chunk)).toEqual({ inserted: 1, deadLettered: 0, duplicates: 0, healed: 0 })
    // Delivered again: recognised and replayed with its token, so nothing is counted twice.
    expect(await sink.write(chunk)).toEqual({ inserted: 0, deadLettered: 0, duplicates: 0, healed: 1 })

    const hourly = await queryRows<{ hour: string; net: string; quantity: string; orders: string; customers: string }>(
      ch,
      `SELECT toString(hour) AS hour, toString(sum(net_cents)) AS net, toString(sum(quantity)) AS quantity,
              toString(sum(paid_orders)) AS orders, toString(uniqExactMerge(customers)) AS customers
         FROM sales_hourly GROUP BY hour`,
    )
    expect(hourly).toEqual([{ hour: '2026-03-01 10:00:00', net: '39800', quantity: '2', orders: '1', customers: '1' }])
  })

  it('keeps a trivial round trip cheap', async () => {
    const rounds = 200
    const t0 = performance.now()
    for (let i = 0; i < rounds; i++) await (await client.query({ query: 'SELECT 1 AS one', format: 'JSONEachRow' })).json()
    const query = (performance.now() - t0) / rounds
    const t1 = performance.now()
    for (let i = 0; i < rounds; i++) await client.query({ query: 'SELECT {i:UInt32} AS i', query_params: { i }, format: 'JSONEachRow' }).then((r) => r.json())
    const bound = (performance.now() - t1) / rounds
    const t2 = performance.now()
    for (let i = 0; i < rounds; i++) await client.insert({ table: 'hits', values: [{ k: i }], format: 'JSONEachRow', clickhouse_settings: { async_insert: 0 } })
    const insert = (performance.now() - t2) / rounds
    console.log(`clickhouse-http round trips: SELECT 1 ${query.toFixed(2)} ms, bound ${bound.toFixed(2)} ms, 1-row insert ${insert.toFixed(2)} ms`)
    expect(query).toBeLessThan(50)
  })
})

async function count(table: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(client, `SELECT toString(count()) AS n FROM ${table}`)
  return Number(row!.n)
}
