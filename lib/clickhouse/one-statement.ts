import type { ClickHouseClient } from './client'
import { queryRows } from './client'

/**
 * A read that always yields exactly one row (an aggregate without GROUP BY): its SQL, bound
 * parameters, the columns it hands back and how they become a value.
 */
export type SingleRowRead<T> = {
  sql: string
  params: Record<string, unknown>
  columns: readonly string[]
  parse: (row: Record<string, unknown>) => T
}

type Values<R extends readonly SingleRowRead<unknown>[]> = { [K in keyof R]: R[K] extends SingleRowRead<infer T> ? T : never }

/**
 * Independent single-row reads as ONE read: their subqueries cross-joined, each read's
 * parameters and columns under a prefix of its own (`r<i>_`), so reads that bind the same name
 * to different values, or return the same column names, can share a statement.
 */
export function readsInOne<const R extends readonly SingleRowRead<unknown>[]>(reads: R): SingleRowRead<Values<R>> {
  const parts = reads.map((read, i) => ({
    sql: read.sql.replace(/\{(\w+):/g, `{r${i}_$1:`),
    params: Object.fromEntries(Object.entries(read.params).map(([k, v]) => [`r${i}_${k}`, v])),
    columns: read.columns.map((c) => `r${i}_${c}`),
  }))
  return {
    sql: `SELECT ${parts.flatMap((p, i) => reads[i]!.columns.map((c) => `t${i}.${c} AS r${i}_${c}`)).join(', ')}
            FROM ${parts.map((p, i) => `(${p.sql}) AS t${i}`).join(' CROSS JOIN ')}`,
    params: Object.assign({}, ...parts.map((p) => p.params)),
    columns: parts.flatMap((p) => p.columns),
    parse: (row) => reads.map((read, i) => read.parse(Object.fromEntries(read.columns.map((c) => [c, row[`r${i}_${c}`]])))) as unknown as Values<R>,
  }
}

/**
 * Runs a single-row read — several of them at once through readsInOne. Embedded chDB runs one
 * statement at a time, each paying its own parse, plan and round trip; reads in one statement
 * pay them once, and their subqueries' pipelines run side by side.
 */
export async function readSingleRow<T>(ch: ClickHouseClient, read: SingleRowRead<T>): Promise<T> {
  const [row] = await queryRows<Record<string, unknown>>(ch, read.sql, read.params)
  if (!row) throw new Error('a single-row read returned no row')
  return read.parse(row)
}

/**
 * Runs independent reads of any number of rows as ONE statement and returns each read's rows:
 * each row is formatted by the server as a JSONEachRow line (formatRow, the same format a read
 * of its own returns) and tagged with its read, under UNION ALL.
 */
export async function readRowSets(ch: ClickHouseClient, reads: readonly { sql: string; params: Record<string, unknown> }[]): Promise<Record<string, unknown>[][]> {
  const parts = reads.map((read, i) => ({
    sql: `SELECT ${i} AS read_no, formatRow('JSONEachRow', *) AS read_row FROM (${read.sql.replace(/\{(\w+):/g, `{r${i}_$1:`)})`,
    params: Object.fromEntries(Object.entries(read.params).map(([k, v]) => [`r${i}_${k}`, v])),
  }))
  const rows = await queryRows<{ read_no: number; read_row: string }>(ch, parts.map((p) => p.sql).join(' UNION ALL '), Object.assign({}, ...parts.map((p) => p.params)))
  const out = reads.map((): Record<string, unknown>[] => [])
  for (const r of rows) out[Number(r.read_no)]!.push(JSON.parse(r.read_row) as Record<string, unknown>)
  return out
}
