import fs from 'node:fs'
import type { Db, Sql } from './types'

const INT8_OID = 20
const NUMERIC_OID = 1700

/** Embedded Postgres. One process owns the data directory (see lib/db/index.ts). */
export async function openPglite(dataDir?: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite')
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true })
  const pg = await PGlite.create(dataDir ?? 'memory://', {
    parsers: { [INT8_OID]: Number, [NUMERIC_OID]: (v: string) => v },
  })
  const wrap = (q: { query: typeof pg.query }): Sql => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      const r = await q.query<T>(text, params as unknown[])
      return r.rows
    },
  })
  return {
    kind: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    exec: async (script) => {
      await pg.exec(script)
    },
    close: () => pg.close(),
  }
}
