import { describe, expect, it } from 'vitest'
import { readRowSets, readsInOne, type SingleRowRead } from './one-statement'

const sums: SingleRowRead<number> = { sql: 'SELECT sum(x) AS total FROM t WHERE d >= {from:String} AND d <= {to:String}', params: { from: 'a', to: 'b' }, columns: ['total'], parse: (r) => Number(r.total) }
const other: SingleRowRead<string> = { sql: 'SELECT any(y) AS total FROM u WHERE d >= {from:String}', params: { from: 'c' }, columns: ['total'], parse: (r) => String(r.total) }

describe('readsInOne', () => {
  it('gives each read its own parameter and column names, so equal names with different values do not clash', () => {
    const one = readsInOne([sums, other])
    expect(one.params).toEqual({ r0_from: 'a', r0_to: 'b', r1_from: 'c' })
    expect(one.sql).toContain('(SELECT sum(x) AS total FROM t WHERE d >= {r0_from:String} AND d <= {r0_to:String}) AS t0')
    expect(one.sql).toContain('(SELECT any(y) AS total FROM u WHERE d >= {r1_from:String}) AS t1')
    expect(one.sql).toMatch(/^SELECT t0\.total AS r0_total, t1\.total AS r1_total\s+FROM .* CROSS JOIN /)
    expect(one.columns).toEqual(['r0_total', 'r1_total'])
    expect(one.parse({ r0_total: '12', r1_total: 'z' })).toEqual([12, 'z'])
  })

  it('nests: a combined read is itself a read', () => {
    const nested = readsInOne([readsInOne([sums, other]), sums])
    expect(Object.keys(nested.params).sort()).toEqual(['r0_r0_from', 'r0_r0_to', 'r0_r1_from', 'r1_from', 'r1_to'])
    expect(nested.parse({ r0_r0_total: '1', r0_r1_total: 'y', r1_total: '3' })).toEqual([[1, 'y'], 3])
  })
})

describe('readRowSets', () => {
  it('tags each read\'s rows, formatted as its own JSONEachRow lines, under UNION ALL with its own parameter names', async () => {
    let sent: { query: string; query_params: Record<string, unknown> } | undefined
    const ch = {
      query: async (a: { query: string; query_params: Record<string, unknown> }) => {
        sent = a
        return { json: async () => [{ read_no: 1, read_row: '{"n":"2"}\n' }, { read_no: 0, read_row: '{"x":1}\n' }, { read_no: 1, read_row: '{"n":"3"}\n' }] }
      },
    } as unknown as Parameters<typeof readRowSets>[0]
    const sets = await readRowSets(ch, [
      { sql: 'SELECT 1 AS x WHERE {from:String} != \'\'', params: { from: 'a' } },
      { sql: 'SELECT n FROM t WHERE d >= {from:String}', params: { from: 'b' } },
    ])
    expect(sets).toEqual([[{ x: 1 }], [{ n: '2' }, { n: '3' }]])
    expect(sent!.query_params).toEqual({ r0_from: 'a', r1_from: 'b' })
    expect(sent!.query).toBe(
      "SELECT 0 AS read_no, formatRow('JSONEachRow', *) AS read_row FROM (SELECT 1 AS x WHERE {r0_from:String} != '') UNION ALL SELECT 1 AS read_no, formatRow('JSONEachRow', *) AS read_row FROM (SELECT n FROM t WHERE d >= {r1_from:String})",
    )
  })
})
