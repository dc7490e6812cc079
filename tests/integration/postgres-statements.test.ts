import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import { freshDb } from './stores'

/** lib/db/postgres.ts prepares parameterised statements per connection; these are the edges of that. */
let db: Db

beforeAll(async () => {
  db = await freshDb('postgres')
})
afterAll(() => db?.close())

describe('prepared statements (PostgreSQL)', () => {
  it('prepares a parameterised statement once per connection and reuses it', async () => {
    const text = 'SELECT $1::int + 1 AS n'
    const prepared = await db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) expect(await tx.query<{ n: number }>(text, [i])).toEqual([{ n: i + 1 }])
      return tx.query<{ n: number }>('SELECT count(*)::int8 AS n FROM pg_prepared_statements WHERE statement = $1', [text])
    })
    expect(prepared).toEqual([{ n: 1 }])
  })

  it('leaves SELECT * unprepared, so a column added by a migration does not break it', async () => {
    await db.query(`INSERT INTO app_state (key, value) VALUES ('k', '1')`)
    const read = () => db.transaction((tx) => tx.query<Record<string, unknown>>('SELECT * FROM app_state WHERE key = $1', ['k']))
    expect(Object.keys((await read())[0]!)).not.toContain('added')
    await db.query('ALTER TABLE app_state ADD COLUMN added int')
    expect(Object.keys((await read())[0]!)).toContain('added')
  })
})
