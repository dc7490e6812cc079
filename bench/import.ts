/**
 * Import benchmark: rows per second of a 1-million-row CSV through to ClickHouse, embedded
 * (runImport → publishEvents → PGlite outbox → the real ingest worker → chDB), with the
 * worker running while the file is read, as in the server.
 *
 *   npx tsx bench/import.ts                      # 1,000,000 rows in /tmp
 *   npx tsx bench/import.ts --rows 200000 --keep # a smaller file; keep it afterwards
 *
 * Prints the import rate (rows read and published to the event log), the end-to-end rate
 * (until the worker has taken every event) and the peak memory (RSS), then checks the rollup
 * against the file as written: paid orders and net revenue to the cent. The worker uses the
 * server's INGEST_BATCH_SIZE (set it to compare batch sizes).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import { openChdb, queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { TABLES } from '@/lib/clickhouse/tables'
import { config, resetConfig } from '@/lib/config'
import { closeDb, db } from '@/lib/db'
import { publishEvents } from '@/lib/eventlog/publish'
import { importMappingSchema } from '@/lib/import/mapping'
import { formatProgress } from '@/lib/import/progress'
import { runImport } from '@/lib/import/run'
import { OutboxSource } from '@/ingest/outbox-source'
import { ClickHouseSink } from '@/ingest/sink'
import { startIngest } from '@/ingest/worker'
import { fmt, machine, sleep } from './lib'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } } })
const ROWS = Number(values.rows)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fourflow-bench-import-'))
const file = path.join(dir, 'orders.csv')

const REGIONS = [['East', 'New York', 'New York City'], ['West', 'California', 'Los Angeles'], ['Central', 'Texas', 'Houston'], ['South', 'Georgia', 'Atlanta']]
const CATEGORIES = [['Furniture', 'Chairs'], ['Office Supplies', 'Paper'], ['Technology', 'Phones']]

/** What the file holds, counted as it is written: the check ClickHouse is held to. */
const expected = { orders: 0, netCents: 0 }

/** Superstore-shaped rows, 1–4 lines per order, over three years; written as a stream. */
async function writeFile(): Promise<void> {
  const out = fs.createWriteStream(file)
  out.write('Row ID,Order ID,Order Date,Ship Date,Customer ID,Customer Name,Segment,Region,State,City,Category,Sub-Category,Product ID,Product Name,Sales,Quantity,Discount,Profit\n')
  let row = 0
  let order = 0
  let chunk = ''
  while (row < ROWS) {
    order++
    expected.orders++
    const lines = 1 + (order % 4)
    const day = new Date(Date.UTC(2023, 0, 1) + (order % 1095) * 86_400_000)
    const date = `${day.getUTCMonth() + 1}/${day.getUTCDate()}/${day.getUTCFullYear()}`
    const ship = new Date(day.getTime() + (order % 5) * 86_400_000)
    const shipDate = `${ship.getUTCMonth() + 1}/${ship.getUTCDate()}/${ship.getUTCFullYear()}`
    const [region, state, city] = REGIONS[order % REGIONS.length]!
    const customer = `CU-${order % 50_000}`
    for (let l = 0; l < lines && row < ROWS; l++) {
      row++
      const [category, sub] = CATEGORIES[(order + l) % CATEGORIES.length]!
      const cents = 199 + ((order * 7919 + l * 104_729) % 200_000)
      const profit = Math.floor(cents / 5) - (order % 300)
      const money = (c: number) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`
      // Sales is after the discount (the Superstore export; the mapping's default amount_is: net).
      expected.netCents += cents
      chunk += `${row},US-${order},${date},${shipDate},${customer},"Customer ${order % 50_000}",Consumer,${region},${state},${city},${category},${sub},SKU-${(order + l) % 2000},"Product, ${l}",${money(cents)},${1 + ((order + l) % 5)},${[0, 0.1, 0.2][l % 3]},${money(profit)}36\n`
    }
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
  }
  out.end(chunk)
  await once(out, 'finish')
}

async function paidTotals(ch: ClickHouseClient): Promise<{ orders: number; netCents: number }> {
  const [r] = await queryRows<{ orders: string; net: string }>(
    ch,
    `SELECT toString(sum(paid_orders)) AS orders, toString(sum(net_cents)) AS net FROM ${TABLES.salesHourly} WHERE kind = 'payment'`,
  )
  return { orders: Number(r?.orders ?? 0), netCents: Number(r?.net ?? 0) }
}

async function main() {
  console.log(`# bench/import — ${machine()}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  let t = performance.now()
  await writeFile()
  console.log(`generated ${fmt(ROWS)} rows (${fmt(fs.statSync(file).size / 2 ** 20, 1)} MiB) in ${fmt((performance.now() - t) / 1000, 1)} s: ${file}`)

  process.env.DATA_DIR = dir
  process.env.AUTH_SECRET ??= 'bench-import-secret-0123456789'
  delete process.env.KAFKA_BROKERS
  delete process.env.DATABASE_URL
  resetConfig()
  const store = await db()
  const ch = await openChdb(path.join(dir, 'clickhouse'))
  await migrateClickHouse(ch)
  // The server's own settings (INGEST_BATCH_SIZE, INGEST_FLUSH_MS), so the figure is the server's.
  const cfg = config()
  const source = new OutboxSource(store, 'ingest', { batchSize: cfg.INGEST_BATCH_SIZE, pollMs: cfg.INGEST_FLUSH_MS })
  const worker = startIngest(source, new ClickHouseSink(ch), (m) => console.log(`  worker: ${m}`))
  let peakRss = 0
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 500)
  let pruning = process.env.BENCH_PRUNE === '1'
  const pruner = (async () => {
    while (pruning) {
      // Committed rows, a bounded slice at a time (one huge DELETE … RETURNING stalls PGlite).
      await store
        .query(
          `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox
            WHERE (xid, id) <= (SELECT xid, id FROM stream_positions WHERE consumer = $1) LIMIT $2)`,
          ['ingest', 20_000],
        )
        .catch((e: unknown) => console.log(`  prune failed: ${(e as Error).message}`))
      await sleep(2000)
    }
  })()

  t = performance.now()
  let lastLine = 0
  const summary = await runImport({
    file,
    mapping: importMappingSchema.parse({
      namespace: 'bench',
      columns: { order_id: 'Order ID', order_date: 'Order Date', ship_date: 'Ship Date', customer_id: 'Customer ID', customer_name: 'Customer Name', segment: 'Segment', region: 'Region', state: 'State', city: 'City', category: 'Category', sub_category: 'Sub-Category', sku: 'Product ID', product_name: 'Product Name', quantity: 'Quantity', amount: 'Sales' },
      channel: { constant: 'web' },
      discount: { column: 'Discount', kind: 'rate' },
      cost: { column: 'Profit', kind: 'profit' },
      date_formats: ['M/D/YYYY'],
    }),
    timeZone: 'Asia/Shanghai',
    secret: process.env.AUTH_SECRET,
    publish: publishEvents,
    errorsFile: path.join(dir, 'errors.csv'),
    progressMs: 1000,
    onProgress: (p) => {
      if (performance.now() - lastLine > 10_000) {
        lastLine = performance.now()
        console.log(`  ${formatProgress(p)}`)
      }
    },
  })
  const importSeconds = (performance.now() - t) / 1000
  console.log(`  ${formatProgress(summary)}`)
  // Until the worker has taken every event, confirmed by the outbox lag. Counting the lag is a
  // scan of the outbox that blocks this thread (PGlite runs in it), so it is done every 10 s,
  // not in the tight wait. A line every 10 s says how far ingest is.
  const taken = () => worker.stats.inserted + worker.stats.duplicates + worker.stats.deadLettered
  let lastLagCheck = performance.now()
  for (;;) {
    if (taken() >= summary.events || performance.now() - lastLagCheck > 10_000) {
      lastLagCheck = performance.now()
      const lag = await source.lag()
      if (lag === 0) break
      console.log(`  ingest: ${fmt(lag)} events still in the outbox after ${fmt((performance.now() - t) / 1000)} s; worker: ${fmt(worker.stats.chunks)} chunks, ${fmt(taken())} events`)
    }
    await sleep(100)
  }
  const visible = await paidTotals(ch)
  if (visible.orders !== expected.orders || visible.netCents !== expected.netCents || summary.orders_imported !== expected.orders) {
    throw new Error(
      `check FAILED: the file has ${expected.orders} orders, ${expected.netCents} net cents; the import made ${summary.orders_imported} orders; ClickHouse shows ${visible.orders} paid orders, ${visible.netCents} net cents`,
    )
  }
  const totalSeconds = (performance.now() - t) / 1000
  pruning = false
  clearInterval(sampler)
  await pruner
  await worker.stop()

  console.log(`check passed: ClickHouse shows the file's ${fmt(expected.orders)} orders and ${fmt(expected.netCents / 100, 2)} net revenue, to the cent`)
  console.log(`orders ${fmt(summary.orders_imported)}, customers ${fmt(summary.customers)}, events ${fmt(summary.events)}, rejected rows ${fmt(summary.rows_rejected)}`)
  console.log(`import (read, check, publish to the outbox): ${fmt(importSeconds, 1)} s = ${fmt(ROWS / importSeconds)} rows/s`)
  console.log(`through to ClickHouse (rollup shows every order): ${fmt(totalSeconds, 1)} s = ${fmt(ROWS / totalSeconds)} rows/s, ${fmt(summary.events / totalSeconds)} events/s`)
  console.log(`peak RSS ${fmt(peakRss / 2 ** 20)} MiB; batch ${fmt(cfg.INGEST_BATCH_SIZE)} events; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  await ch.close()
  await closeDb()
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true })
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
