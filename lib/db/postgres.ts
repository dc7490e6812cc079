import type { Db, Sql } from './types'

const INT8_OID = 20

/** PostgreSQL server through node-postgres; int8 parsed to number (amounts are cents, < 2^53). */
export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Db> {
  const { default: pg } = await import('pg')
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  }
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 20, types })
  pool.on('error', (e) => console.error('postgres pool error', e))
  const query: Sql['query'] = async <T>(text: string, params: readonly unknown[] = []) =>
    (await pool.query(text, params as unknown[])).rows as T[]
  return {
    kind: 'postgres',
    query,
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn({
          query: async <T>(text: string, params: readonly unknown[] = []) =>
            (await client.query(text, params as unknown[])).rows as T[],
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
