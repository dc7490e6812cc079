/**
 * Ingest benchmark: sustained events/s through the worker into ClickHouse and freshness
 * (event produced → visible to a KPI query), for Kafka and for embedded (outbox) mode, with
 * Kafka's consume-only rate on the same topic as the reference.
 *
 *   bash scripts/services.sh up && source .services/env   # Kafka (and Postgres) for the Kafka mode
 *   npm run bench:ingest                                   # both modes, each in its own process
 *   npm run bench:ingest -- --mode kafka --events 200000
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openChdb, queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { TABLES } from '@/lib/clickhouse/tables'
import { migratePostgres } from '@/lib/db/migrate'
import { openPglite } from '@/lib/db/pglite'
import type { Db } from '@/lib/db'
import { appendToOutbox } from '@/lib/eventlog/outbox'
import { ensureTopics, kafkaClient } from '@/lib/eventlog/kafka'
import { CHANNEL_IDS, createEvent, partitionKey, topicOf, type AnyEvent, type Channel } from '@/lib/events'
import { KafkaSource } from '@/ingest/kafka-source'
import { OutboxSource } from '@/ingest/outbox-source'
import { ClickHouseSink } from '@/ingest/sink'
import { startIngest } from '@/ingest/worker'
import type { EventSource } from '@/ingest/types'
import { fmt, machine, percentile, sleep } from './lib'

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'all' },
    events: { type: 'string', default: '200000' },
    'batch-size': { type: 'string', default: '5000' },
    samples: { type: 'string', default: '60' },
  },
})
const N = Number(values.events)
const BATCH = Number(values['batch-size'])
const SAMPLES = Number(values.samples)

if (values.mode === 'all') {
  console.log(`# bench/ingest — ${machine()}`)
  for (const mode of ['kafka', 'embedded']) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--mode', mode, '--events', String(N), '--batch-size', String(BATCH), '--samples', String(SAMPLES)], { stdio: 'inherit' })
    if (r.status !== 0) process.exit(r.status ?? 1)
  }
  process.exit(0)
}

let seq = 0
/** A paid order with 1–3 lines: the shape most of the stream has. */
function paidOrder(at = new Date()): AnyEvent {
  const i = seq++
  const lines = Array.from({ length: 1 + (i % 3) }, (_, j) => ({
    line_no: j + 1, sku: `SKU-${(i + j) % 500}`, category: `cat-${(i + j) % 8}`, quantity: 1 + (j % 2),
    list_price_cents: 1990, unit_price_cents: 1790, discount_cents: 200 * (1 + (j % 2)), amount_cents: 1790 * (1 + (j % 2)), unit_cost_cents: 900,
  }))
  return createEvent('order.paid', CHANNEL_IDS[i % CHANNEL_IDS.length] as Channel, {
    order_id: `b-${i}-${randomBytes(3).toString('hex')}`, external_id: `x-${i}`, location_id: `L${i % 30}`, region: 'east', city: 'shanghai', customer_id: `c-${i % 20_000}`, lines,
  }, { occurredAt: at })
}

async function paidOrdersVisible(ch: ClickHouseClient): Promise<number> {
  const [row] = await queryRows<{ n: string }>(ch, `SELECT toString(sum(paid_orders)) n FROM ${TABLES.salesHourly}`)
  return Number(row?.n ?? 0)
}

/** Runs the worker until `target` paid orders are visible; returns events/s. */
async function sustainedRate(source: EventSource, ch: ClickHouseClient, target: number) {
  const started = performance.now()
  const worker = startIngest(source, new ClickHouseSink(ch), () => undefined)
  while ((await paidOrdersVisible(ch)) < target) await sleep(20)
  const seconds = (performance.now() - started) / 1000
  return { worker, rate: target / seconds, seconds }
}

/** Produces one marked order at a time under background load and waits for a KPI query to see it. */
async function freshness(ch: ClickHouseClient, produce: (e: AnyEvent[]) => Promise<void>, backgroundPerSecond: number) {
  const latencies: number[] = []
  let stop = false
  const background = (async () => {
    while (!stop) {
      await produce(Array.from({ length: Math.ceil(backgroundPerSecond / 10) }, () => paidOrder()))
      await sleep(100)
    }
  })()
  for (let i = 0; i < SAMPLES; i++) {
    const e = paidOrder()
    const orderId = (e.data as { order_id: string }).order_id
    const t0 = performance.now()
    await produce([e])
    for (;;) {
      const [row] = await queryRows<{ n: string }>(ch, `SELECT toString(count()) n FROM ${TABLES.salesLines} WHERE order_id = {id:String}`, { id: orderId })
      if (Number(row?.n) > 0) break
      await sleep(5)
    }
    latencies.push(performance.now() - t0)
    await sleep(50)
  }
  stop = true
  await background
  latencies.sort((a, b) => a - b)
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) }
}

function report(mode: string, lines: [string, string][]) {
  console.log(`\n## ${mode}`)
  for (const [k, v] of lines) console.log(`${k.padEnd(44)} ${v}`)
}

async function kafkaMode() {
  const brokers = process.env.KAFKA_BROKERS
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run `bash scripts/services.sh up && source .services/env` first')
  const prefix = `bench${randomBytes(3).toString('hex')}`
  const kafka = kafkaClient('bench', brokers)
  await ensureTopics(kafka, prefix)
  const topic = topicOf(prefix, 'order.paid')
  const producer = kafka.producer()
  await producer.connect()
  const produce = (events: AnyEvent[]) =>
    producer.send({ topic, messages: events.map((e) => ({ key: partitionKey(e), value: JSON.stringify(e) })) }).then(() => undefined)
  for (let i = 0; i < N; i += 1_000) await produce(Array.from({ length: Math.min(1_000, N - i) }, () => paidOrder()))

  // Reference: consume the same topic and do nothing with the messages.
  const consumer = kafka.consumer({ groupId: `${prefix}-consume-only`, maxBytesPerPartition: 4 * 1024 * 1024 })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  let consumed = 0
  let firstAt = 0
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        if (!firstAt) firstAt = performance.now()
        consumed += batch.messages.length
        if (consumed >= N) resolve()
      },
    })
  })
  const t0 = performance.now()
  await done
  const consumeOnly = N / ((performance.now() - t0) / 1000)
  await consumer.disconnect()

  const ch = await openChdb(path.join(`/tmp/fourflow-bench-${prefix}`, 'clickhouse'))
  await migrateClickHouse(ch)
  const source = new KafkaSource(kafka, { groupId: `${prefix}-ingest`, topicPrefix: prefix, batchSize: BATCH, maxWaitMs: 100, sessionTimeoutMs: 10_000 })
  const { worker, rate, seconds } = await sustainedRate(source, ch, N)
  const fresh = await freshness(ch, produce, 2_000)
  await worker.stop()
  await producer.disconnect()
  await ch.close()
  report(`Kafka mode (${fmt(N)} order.paid events, batch ≤ ${BATCH})`, [
    ['Kafka consume-only (reference)', `${fmt(consumeOnly)} events/s`],
    ['ingest → ClickHouse, sustained', `${fmt(rate)} events/s (${fmt(seconds, 1)} s)`],
    ['ingest / consume-only', `${fmt(rate / consumeOnly, 2)} (target ≥ 0.80)`],
    [`freshness p50 / p95 (${SAMPLES} samples, 2,000 ev/s load)`, `${fmt(fresh.p50)} ms / ${fmt(fresh.p95)} ms (target p95 ≤ 1,000 ms)`],
  ])
}

async function embeddedMode() {
  const dir = `/tmp/fourflow-bench-embedded-${randomBytes(3).toString('hex')}`
  const db: Db = await openPglite(path.join(dir, 'postgres'))
  await migratePostgres(db)
  const append = (events: AnyEvent[]) => db.transaction((tx) => appendToOutbox(tx, events))
  for (let i = 0; i < N; i += 2_000) await append(Array.from({ length: Math.min(2_000, N - i) }, () => paidOrder()))

  // Reference: tail the outbox and do nothing with the rows.
  const readOnly = new OutboxSource(db, 'read-only', { batchSize: BATCH, pollMs: 20 })
  let read = 0
  const t0 = performance.now()
  const reading = readOnly.run(async (chunk) => {
    read += chunk.messages.length
    if (read >= N) void readOnly.stop()
  })
  await reading
  const readRate = N / ((performance.now() - t0) / 1000)

  const ch = await openChdb(path.join(dir, 'clickhouse'))
  await migrateClickHouse(ch)
  const source = new OutboxSource(db, 'ingest', { batchSize: BATCH, pollMs: 20 })
  const { worker, rate, seconds } = await sustainedRate(source, ch, N)
  const fresh = await freshness(ch, append, 2_000)
  await worker.stop()
  await ch.close()
  await db.close()
  report(`Embedded mode (PGlite outbox → chDB, ${fmt(N)} events, batch ≤ ${BATCH})`, [
    ['outbox read-only (reference)', `${fmt(readRate)} events/s`],
    ['ingest → ClickHouse, sustained', `${fmt(rate)} events/s (${fmt(seconds, 1)} s)`],
    ['ingest / read-only', `${fmt(rate / readRate, 2)}`],
    [`freshness p50 / p95 (${SAMPLES} samples, 2,000 ev/s load)`, `${fmt(fresh.p50)} ms / ${fmt(fresh.p95)} ms (target p95 ≤ 1,000 ms)`],
  ])
}

const run = values.mode === 'kafka' ? kafkaMode : values.mode === 'embedded' ? embeddedMode : undefined
if (!run) {
  console.error('--mode must be kafka, embedded or all')
  process.exit(2)
}
run().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
