import type { ClickHouseClient } from './client'
import { queryRows } from './client'

/**
 * A read that always yields exactly one row (an aggregate without GROUP BY): its SQL, bound
 * parameters, and how its row becomes a value.
 */
export type SingleRowRead<T> = {
  sql: string
  params: Record<string, unknown>
  parse: (row: Record<string, unknown>) => T
}

type Values<R extends readonly SingleRowRead<unknown>[]> = { [K in keyof R]: R[K] extends SingleRowRead<infer T> ? T : never }

type Read = { sql: string; params: Record<string, unknown> }

/**
 * Reads as the branches of one UNION ALL, which run side by side: each row formatted by the
 * server as a JSONEachRow line (formatRow, the same format a read of its own returns) and
 * tagged with its read (`read_no`); each read's parameters under a prefix of its own (`r<i>_`),
 * so reads that bind the same name to different values can share a statement.
 */
function tagged(reads: readonly (Read | null)[]): Read {
  const parts = reads.flatMap((read, i) => {
    if (!read) return []
    const own = withParamPrefix(read, `r${i}_`)
    return [{ sql: `SELECT ${i} AS read_no, formatRow('JSONEachRow', *) AS read_row FROM (${own.sql})`, params: own.params }]
  })
  return { sql: parts.map((p) => p.sql).join(' UNION ALL '), params: Object.assign({}, ...parts.map((p) => p.params)) }
}

/** A read with each of its parameters renamed `<prefix><name>`: parts binding one name to different values can then share a statement. */
export function withParamPrefix(read: Read, prefix: string): Read {
  return { sql: prefixedParams(read.sql, prefix), params: Object.fromEntries(Object.entries(read.params).map(([k, v]) => [`${prefix}${k}`, v])) }
}

/** SQL with each parameter it names renamed `<prefix><name>` (withParamPrefix). */
export const prefixedParams = (sql: string, prefix: string) => sql.replace(/\{(\w+):/g, `{${prefix}$1:`)

/**
 * Independent single-row reads as ONE read: their rows (tagged) folded into one row, a column
 * `r<i>` per read. A CROSS JOIN of the reads built its sides one after another (2–5 ms slower
 * for the kpis call).
 */
export function readsInOne<const R extends readonly SingleRowRead<unknown>[]>(reads: R): SingleRowRead<Values<R>> {
  const all = tagged(reads)
  return {
    sql: `SELECT ${reads.map((_, i) => `anyIf(read_row, read_no = ${i}) AS r${i}`).join(', ')} FROM (${all.sql})`,
    params: all.params,
    parse: (row) =>
      reads.map((read, i) => {
        const line = row[`r${i}`]
        if (typeof line !== 'string' || line === '') throw new Error(`read ${i} of a single-row statement returned no row`)
        return read.parse(JSON.parse(line) as Record<string, unknown>)
      }) as unknown as Values<R>,
  }
}

/**
 * Runs a single-row read — several of them at once through readsInOne. Embedded chDB runs one
 * statement at a time, each paying its own parse, plan and round trip; reads in one statement
 * pay them once, and their pipelines run side by side.
 */
export async function readSingleRow<T>(ch: ClickHouseClient, read: SingleRowRead<T>): Promise<T> {
  const [row] = await queryRows<Record<string, unknown>>(ch, read.sql, read.params)
  if (!row) throw new Error('a single-row read returned no row')
  return read.parse(row)
}

/**
 * Runs independent reads of any number of rows as ONE statement (tagged) and returns each read's
 * rows, in the order given; a read left out (null) has none, so optional reads keep their places.
 */
export async function readRowSets(ch: ClickHouseClient, reads: readonly (Read | null)[]): Promise<Record<string, unknown>[][]> {
  const out = reads.map((): Record<string, unknown>[] => [])
  if (reads.every((r) => r === null)) return out
  const all = tagged(reads)
  const rows = await queryRows<{ read_no: number; read_row: string }>(ch, all.sql, all.params)
  for (const r of rows) out[Number(r.read_no)]!.push(JSON.parse(r.read_row) as Record<string, unknown>)
  return out
}
