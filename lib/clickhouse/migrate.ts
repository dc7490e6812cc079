import fs from 'node:fs'
import path from 'node:path'
import { config } from '@/lib/config'
import { splitStatements } from '@/lib/db/migrate'
import type { ClickHouseClient } from './client'
import { queryRows } from './client'
import { TABLES } from './tables'

const DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'clickhouse')

/** An IANA zone name as ClickHouse accepts it; anything else never reaches SQL. */
const ZONE = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/

/**
 * A migration's text with `{{TIME_ZONE}}` replaced by the zone as a string literal: the daily
 * rollups' views bucket by it (DDL takes no query parameters). The zone is validated first.
 */
export function withTimeZone(sql: string, timeZone: string): string {
  if (!ZONE.test(timeZone)) throw new Error(`TIME_ZONE ${JSON.stringify(timeZone)} is not a time zone name`)
  return sql.replaceAll('{{TIME_ZONE}}', `'${timeZone}'`)
}

/**
 * Applies clickhouse/*.sql in name order, each once, and records them. Statements are idempotent.
 * `timeZone` (the configured one by default) fixes the day of the daily rollups when 0008 first
 * runs; later migrations bucket by the zone it recorded.
 */
export async function migrateClickHouse(ch: ClickHouseClient, dir = DIR, timeZone = config().TIME_ZONE): Promise<string[]> {
  await ch.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
            ENGINE = MergeTree ORDER BY name`,
  })
  const done = new Set((await queryRows<{ name: string }>(ch, 'SELECT name FROM schema_migrations')).map((r) => r.name))
  const applied: string[] = []
  for (const file of fs.readdirSync(/*turbopackIgnore: true*/ dir).filter((f) => f.endsWith('.sql')).sort()) {
    if (done.has(file)) continue
    const text = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, file), 'utf8')
    // Every daily rollup buckets by one zone: the one 0008 recorded, once it has (a later
    // migration after a TIME_ZONE change must not bucket by the new zone while queries read
    // its tables as the recorded one's).
    const script = text.includes('{{TIME_ZONE}}') ? withTimeZone(text, (await recordedZone(ch)) ?? timeZone) : text
    for (const statement of splitStatements(script)) {
      await ch.command({ query: statement })
    }
    await ch.insert({ table: 'schema_migrations', values: [{ name: file }], format: 'JSONEachRow' })
    applied.push(file)
  }
  return applied
}

/** The zone the daily rollups were built in (clickhouse/0008), or null before 0008 ran. */
async function recordedZone(ch: ClickHouseClient): Promise<string | null> {
  const [exists] = await queryRows<{ n: number }>(ch, `SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = {table:String}`, { table: TABLES.dailyRollupZone })
  if (!Number(exists?.n)) return null
  return (await queryRows<{ tz: string }>(ch, `SELECT time_zone AS tz FROM ${TABLES.dailyRollupZone} LIMIT 1`))[0]?.tz ?? null
}
