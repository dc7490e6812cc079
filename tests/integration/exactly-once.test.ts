import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openChdb, queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import { consumerLag, ensureTopics, kafkaClient } from '@/lib/eventlog/kafka'
import { allTopics, createEvent, partitionKey, topicOf, type AnyEvent, type Channel, CHANNEL_IDS } from '@/lib/events'
import { requireKafka, sleep, startProcess } from './processes'
import { tempDir } from './stores'

/**
 * Exactly-once into ClickHouse through Kafka: a known set of events (some sent twice, as an
 * at-least-once producer would) is consumed by the real worker process, which is SIGKILLed
 * mid-stream several times. ClickHouse is then compared with the source — every event once,
 * raw facts and rollup alike — and a negative control shows the comparison catches a duplicate.
 */
const EVENTS = 12_000
const KILLS = 5

type Expected = { events: number; net_cents: number; cost_cents: number; paid_orders: number; ids: Set<string> }

function sourceEvents(): { events: AnyEvent[]; expected: Expected } {
  const events: AnyEvent[] = []
  const expected: Expected = { events: 0, net_cents: 0, cost_cents: 0, paid_orders: 0, ids: new Set() }
  const start = Date.parse('2026-11-01T00:00:00Z')
  for (let i = 0; i < EVENTS; i++) {
    const quantity = 1 + (i % 3)
    const unit = 100 + (i % 997)
    const line = { line_no: 1, sku: `SKU-${i % 40}`, category: `cat-${i % 5}`, quantity, list_price_cents: unit + 10, unit_price_cents: unit, discount_cents: 10 * quantity, amount_cents: unit * quantity, unit_cost_cents: 60 }
    const e = createEvent(
      'order.paid',
      CHANNEL_IDS[i % CHANNEL_IDS.length] as Channel,
      { order_id: `eo-${i}`, external_id: `x-${i}`, location_id: `L${i % 7}`, region: 'east', city: 'shanghai', customer_id: `c-${i % 500}`, lines: [line] },
      { occurredAt: new Date(start + i * 60_000) },
    )
    events.push(e)
    expected.events++
    expected.net_cents += line.amount_cents
    expected.cost_cents += line.unit_cost_cents * quantity
    expected.paid_orders++
    expected.ids.add(e.event_id)
  }
  // An at-least-once producer re-sends some events: the effect must still be once.
  for (let i = 0; i < EVENTS; i += 97) events.push(events[i]!)
  return { events, expected }
}

/** Differences between ClickHouse and the source; empty means exactly once everywhere. */
async function compareWithSource(ch: ClickHouseClient, expected: Expected): Promise<string[]> {
  const problems: string[] = []
  const [events] = await queryRows<{ n: string; distinct: string }>(ch, `SELECT toString(count()) n, toString(uniqExact(event_id)) distinct FROM ${TABLES.events} WHERE dead_letter_reason = ''`)
  if (Number(events!.n) !== expected.events) problems.push(`events: ${events!.n} rows, source has ${expected.events}`)
  if (Number(events!.distinct) !== expected.ids.size) problems.push(`distinct events: ${events!.distinct}, source has ${expected.ids.size}`)
  const [facts] = await queryRows<{ net: string; cost: string; orders: string }>(ch, `SELECT toString(sum(net_cents)) net, toString(sum(cost_cents)) cost, toString(sum(paid_orders)) orders FROM ${TABLES.salesLines}`)
  const [rollup] = await queryRows<{ net: string; cost: string; orders: string }>(ch, `SELECT toString(sum(net_cents)) net, toString(sum(cost_cents)) cost, toString(sum(paid_orders)) orders FROM ${TABLES.salesHourly}`)
  for (const [name, r] of [['sales_lines', facts!], ['sales_hourly', rollup!]] as const) {
    if (Number(r.net) !== expected.net_cents) problems.push(`${name}: net ${r.net} ≠ source ${expected.net_cents}`)
    if (Number(r.cost) !== expected.cost_cents) problems.push(`${name}: cost ${r.cost} ≠ source ${expected.cost_cents}`)
    if (Number(r.orders) !== expected.paid_orders) problems.push(`${name}: orders ${r.orders} ≠ source ${expected.paid_orders}`)
  }
  return problems
}

let ch: ClickHouseClient | undefined
afterAll(() => ch?.close())

describe('exactly-once ingest through Kafka with a worker killed mid-batch', () => {
  it('stores every event once, facts and rollups included, and the check catches a duplicate', async () => {
    const brokers = requireKafka()
    const prefix = `eo${randomBytes(4).toString('hex')}`
    const groupId = `${prefix}-ingest`
    const dataDir = tempDir()
    const kafka = kafkaClient('exactly-once-test', brokers)
    await ensureTopics(kafka, prefix)

    const { events, expected } = sourceEvents()
    const producer = kafka.producer()
    await producer.connect()
    for (let i = 0; i < events.length; i += 2_000) {
      const slice = events.slice(i, i + 2_000)
      await producer.send({ topic: topicOf(prefix, 'order.paid'), messages: slice.map((e) => ({ key: partitionKey(e), value: JSON.stringify(e) })) })
    }
    await producer.disconnect()

    const env = { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: groupId, DATA_DIR: dataDir, INGEST_BATCH_SIZE: '300', INGEST_FLUSH_MS: '50', KAFKA_SESSION_TIMEOUT_MS: '6000' }
    const log: string[] = []
    const lag = () => consumerLag(kafka, groupId, allTopics(prefix))
    let kills = 0
    // Kill the worker at varying moments while it is inserting, then let a last one finish.
    for (let round = 0; round < 60 && (await lag()) > 0; round++) {
      const worker = startProcess('ingest', ['ingest/main.ts'], env)
      const before = await lag()
      if (kills < KILLS) {
        // Wait until it is consuming, then kill it somewhere inside a batch.
        for (let t = 0; t < 200 && (await lag()) === before && worker.child.exitCode === null; t++) await sleep(50)
        await sleep(37 * (kills + 1))
        await worker.stop('SIGKILL')
        log.push(worker.output())
        kills++
        continue
      }
      for (let t = 0; t < 600 && (await lag()) > 0; t++) await sleep(100)
      expect(await worker.stop()).toBe(0)
      log.push(worker.output())
    }
    expect(kills).toBe(KILLS)
    expect(await lag()).toBe(0)

    ch = await openChdb(path.join(dataDir, 'clickhouse'))
    const problems = await compareWithSource(ch, expected)
    expect(problems, log.join('\n').slice(-4000)).toEqual([])
    const replays = log.join('\n').match(/replayed an in-flight batch/g) ?? []
    console.log(`exactly-once: ${kills} kills, ${replays.length} in-flight batch(es) replayed`)

    // Negative control: one duplicated event must be caught by the same comparison.
    await ch.command({
      query: `INSERT INTO ${TABLES.events} SELECT * REPLACE ('negative-control' AS batch) FROM ${TABLES.events} WHERE dead_letter_reason = '' LIMIT 1`,
    })
    const caught = await compareWithSource(ch, expected)
    expect(caught.length).toBeGreaterThan(0)
    expect(caught.join('\n')).toMatch(/events: 12001 rows/)
    expect(caught.join('\n')).toMatch(/sales_hourly: net/)
  }, 400_000)
})
