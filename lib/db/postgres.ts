import type { QueryConfig } from 'pg'
import type { Db, Sql } from './types'

const INT8_OID = 20

/** How many distinct statement texts one pool prepares; beyond it, statements run unnamed. */
const MAX_PREPARED = 200
/** `SELECT *` / `RETURNING *` stay unnamed: a prepared one fails once a migration adds a column. */
const STAR = /\b(?:SELECT|RETURNING)\s+\*/i

/**
 * PostgreSQL server through node-postgres; int8 parsed to number (amounts are cents, < 2^53).
 * Parameterised statements are prepared: each connection parses and plans a statement text
 * once and then only binds and executes it — the order path's statements run thousands of
 * times a second. (Behind PgBouncer this needs its prepared-statement support, 1.21+.)
 */
export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Db> {
  const { default: pg } = await import('pg')
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  }
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 20, types })
  pool.on('error', (e) => console.error('postgres pool error', e))
  const names = new Map<string, string>()
  const statement = (text: string, params: readonly unknown[]): QueryConfig => {
    const values = params as unknown[]
    let name = names.get(text)
    if (!name && values.length > 0 && names.size < MAX_PREPARED && !STAR.test(text)) names.set(text, (name = `ff_${names.size}`))
    return name ? { name, text, values } : { text, values }
  }
  const query: Sql['query'] = async <T>(text: string, params: readonly unknown[] = []) =>
    (await pool.query(statement(text, params))).rows as T[]
  return {
    kind: 'postgres',
    query,
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn({
          query: async <T>(text: string, params: readonly unknown[] = []) =>
            (await client.query(statement(text, params))).rows as T[],
        })
        await client.query('COMMIT')
        return result
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw e
      } finally {
        client.release()
      }
    },
    exec: async (script) => {
      await pool.query(script)
    },
    close: () => pool.end(),
  }
}
