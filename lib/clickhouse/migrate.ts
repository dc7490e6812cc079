import fs from 'node:fs'
import path from 'node:path'
import { splitStatements } from '@/lib/db/migrate'
import type { ClickHouseClient } from './client'
import { queryRows } from './client'

const DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'clickhouse')

/** Applies clickhouse/*.sql in name order, each once, and records them. Statements are idempotent. */
export async function migrateClickHouse(ch: ClickHouseClient, dir = DIR): Promise<string[]> {
  await ch.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
            ENGINE = MergeTree ORDER BY name`,
  })
  const done = new Set((await queryRows<{ name: string }>(ch, 'SELECT name FROM schema_migrations')).map((r) => r.name))
  const applied: string[] = []
  for (const file of fs.readdirSync(/*turbopackIgnore: true*/ dir).filter((f) => f.endsWith('.sql')).sort()) {
    if (done.has(file)) continue
    for (const statement of splitStatements(fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, file), 'utf8'))) {
      await ch.command({ query: statement })
    }
    await ch.insert({ table: 'schema_migrations', values: [{ name: file }], format: 'JSONEachRow' })
    applied.push(file)
  }
  return applied
}
