import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openChdb, queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { TABLES } from '@/lib/clickhouse/tables'
import { MERGED_KEY } from '@/lib/customers/merged-id'
import { tempDir } from './stores'

/**
 * customer_key_merges (clickhouse/0018): the hash table every customer read looks keys up in
 * (MERGED_KEY), kept from customer_merge_map by a view. As in customer_merge_map, a record's
 * latest version wins whatever order the mappings arrive in; an undo maps a record to itself;
 * mappings recorded before the migration are filled in; and the table outlives the engine.
 */
const TZ = 'Asia/Shanghai'
const MIGRATIONS = path.join(process.cwd(), 'clickhouse')
let dir: string
let ch: ClickHouseClient

/** The customer id whose key MERGED_KEY maps `id`'s key to, among `candidates`. */
async function mergedOf(id: string, candidates: string[]): Promise<string | undefined> {
  const rows = await queryRows<{ merged: string }>(
    ch,
    `SELECT toString(${MERGED_KEY}) AS merged FROM (SELECT reinterpretAsUInt128(sipHash128({id:String})) AS customer_key)`,
    { id },
  )
  const keys = await queryRows<{ id: string; key: string }>(ch, `SELECT arrayJoin({ids:Array(String)}) AS id, toString(reinterpretAsUInt128(sipHash128(id))) AS key`, {
    ids: candidates,
  })
  return keys.find((k) => k.key === rows[0]!.merged)?.id
}

const record = (values: { customer_id: string; merged_id: string; version: number }[]) =>
  ch.insert({ table: TABLES.customerMergeMap, values, format: 'JSONEachRow' })

beforeAll(async () => {
  dir = path.join(tempDir(), 'clickhouse')
  ch = await openChdb(dir)
  // An install from before 0018, with a merge recorded.
  const before = tempDir()
  for (const f of fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql') && f < '0018')) fs.copyFileSync(path.join(MIGRATIONS, f), path.join(before, f))
  await migrateClickHouse(ch, before, TZ)
  await record([{ customer_id: 'old-a', merged_id: 'old-b', version: 1 }])
  expect(await migrateClickHouse(ch, MIGRATIONS, TZ)).toContain('0018_customer_key_merges.sql')
})
afterAll(async () => {
  await ch?.close()
})

describe('the merged customer of each key', () => {
  it('fills in the merges recorded before the migration', async () => {
    expect(await mergedOf('old-a', ['old-a', 'old-b'])).toBe('old-b')
  })

  it('leaves a record never merged to itself', async () => {
    expect(await mergedOf('alone', ['alone'])).toBe('alone')
  })

  it('takes the latest version of a record within one insert', async () => {
    await record([
      { customer_id: 'c2', merged_id: 'm2', version: 3 },
      { customer_id: 'c2', merged_id: 'm3', version: 2 },
    ])
    expect(await mergedOf('c2', ['c2', 'm2', 'm3'])).toBe('m2')
  })

  it('keeps the latest version when an older mapping arrives later, and follows an undo', async () => {
    await record([{ customer_id: 'c1', merged_id: 'm5', version: 5 }])
    expect(await mergedOf('c1', ['c1', 'm4', 'm5'])).toBe('m5')
    await record([{ customer_id: 'c1', merged_id: 'm4', version: 4 }]) // delivered late
    expect(await mergedOf('c1', ['c1', 'm4', 'm5'])).toBe('m5')
    await record([{ customer_id: 'c1', merged_id: 'c1', version: 6 }]) // the undo
    expect(await mergedOf('c1', ['c1', 'm4', 'm5'])).toBe('c1')
  })

  it('agrees with customer_merge_map for every record', async () => {
    const map = await queryRows<{ id: string; merged: string }>(ch, `SELECT customer_id AS id, argMax(merged_id, version) AS merged FROM ${TABLES.customerMergeMap} GROUP BY customer_id`)
    expect(map.length).toBe(3)
    for (const m of map) expect(await mergedOf(m.id, [m.id, m.merged]), m.id).toBe(m.merged)
  })

  it('outlives the engine: loaded again from disk', async () => {
    await ch.close()
    ch = await openChdb(dir)
    expect(await mergedOf('c2', ['c2', 'm2', 'm3'])).toBe('m2')
    expect(await mergedOf('old-a', ['old-a', 'old-b'])).toBe('old-b')
    expect(await mergedOf('c1', ['c1', 'm4', 'm5'])).toBe('c1')
  })
})
