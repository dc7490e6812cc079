import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import { consumerLag, ensureTopics, kafkaClient } from '@/lib/eventlog/kafka'
import { allTopics, createEvent, topicFor } from '@/lib/events'
import { KafkaSource } from '@/ingest/kafka-source'
import { ClickHouseSink } from '@/ingest/sink'
import { startIngest } from '@/ingest/worker'
import { requireKafka, sleep } from './processes'
import { freshClickHouse } from './stores'

/** Malformed messages on a real topic go to the dead-letter store with a reason; valid ones behind them still land. */
let ch: ClickHouseClient | undefined
afterAll(() => ch?.close())

describe('dead letters through Kafka', () => {
  it('keeps every bad message with its reason and ingests every valid one', async () => {
    const brokers = requireKafka()
    const prefix = `dl${randomBytes(4).toString('hex')}`
    const kafka = kafkaClient('dead-letter-test', brokers)
    await ensureTopics(kafka, prefix)
    ch = await freshClickHouse()

    const valid = (i: number) => createEvent('customer.upserted', 'web', { customer_id: `c${i}`, region: 'east', city: 'shanghai', member_tier: 'none', identity_keys: [] })
    const good = createEvent('customer.upserted', 'web', { customer_id: 'c', region: '', city: '', member_tier: 'none', identity_keys: [] })
    const bad: [string, Buffer | string, RegExp][] = [
      ['broken JSON', '{"event_id": ', /^invalid JSON/],
      ['wrong type', JSON.stringify({ ...good, data: { ...good.data, identity_keys: 'k1' } }), /^data\.identity_keys: /],
      ['missing field', JSON.stringify({ ...good, occurred_at: undefined }), /^occurred_at: /],
      ['unknown type', JSON.stringify({ ...good, type: 'customer.teleported' }), /^type: /],
      ['huge field', JSON.stringify({ ...good, data: { ...good.data, city: 'x'.repeat(300_000) } }), /^too large/],
      ['binary garbage', Buffer.from([0xff, 0x00, 0xfe, 0x7b]), /^invalid JSON/],
      ['empty', '', /^invalid JSON/],
    ]
    const messages = [
      ...Array.from({ length: 50 }, (_, i) => ({ key: 'k', value: JSON.stringify(valid(i)) })),
      ...bad.map(([, value]) => ({ key: 'k', value })),
      ...Array.from({ length: 50 }, (_, i) => ({ key: 'k', value: JSON.stringify(valid(100 + i)) })),
    ]
    const producer = kafka.producer()
    await producer.connect()
    for (const m of messages) await producer.send({ topic: topicFor(prefix, 'customers'), messages: [m] })
    await producer.disconnect()

    const groupId = `${prefix}-ingest`
    const worker = startIngest(new KafkaSource(kafka, { groupId, topicPrefix: prefix, batchSize: 20, maxWaitMs: 50, sessionTimeoutMs: 6_000 }), new ClickHouseSink(ch), () => undefined)
    for (let i = 0; i < 600 && (await consumerLag(kafka, groupId, allTopics(prefix))) > 0; i++) await sleep(100)
    await worker.stop()

    const [stored] = await queryRows<{ n: string }>(ch, `SELECT toString(count()) n FROM ${TABLES.events} WHERE dead_letter_reason = ''`)
    expect(Number(stored!.n)).toBe(100)
    const dead = await queryRows<{ reason: string; raw: string }>(ch, `SELECT reason, raw FROM ${TABLES.deadLetters} ORDER BY position`)
    expect(dead).toHaveLength(bad.length)
    bad.forEach(([name, value, reason], i) => {
      expect(dead[i]!.reason, name).toMatch(reason)
      if (typeof value === 'string' && value.length < 1000) expect(dead[i]!.raw, name).toBe(value)
    })
    expect(dead[5]!.raw).toBe(`base64:${Buffer.from([0xff, 0x00, 0xfe, 0x7b]).toString('base64')}`)
  })
})
