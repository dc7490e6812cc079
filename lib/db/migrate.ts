import fs from 'node:fs'
import path from 'node:path'
import type { Db } from './types'

const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'lib', 'db', 'migrations')
const LOCK_KEY = 7_401_001 // advisory lock: one migrator at a time across processes

/** Applies lib/db/migrations/*.sql in name order, each once, recording them. */
export async function migratePostgres(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
  const files = fs.readdirSync(/*turbopackIgnore: true*/ dir).filter((f) => f.endsWith('.sql')).sort()
  const applied: string[] = []
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY])
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name))
    for (const file of files) {
      if (done.has(file)) continue
      // Each file is a sequence of statements separated by lines holding only `-- statement`
      // markers or semicolons at line end; run it through the parameterless path.
      for (const statement of splitStatements(fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, file), 'utf8'))) {
        await tx.query(statement)
      }
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file])
      applied.push(file)
    }
  })
  return applied
}

/** Splits a SQL script on semicolons that end a line; our migrations keep to that style. */
export function splitStatements(script: string): string[] {
  return script
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0)
}
