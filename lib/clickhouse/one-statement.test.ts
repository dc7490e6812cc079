import { describe, expect, it } from 'vitest'
import { readRowSets, readsInOne, type SingleRowRead } from './one-statement'

const sums: SingleRowRead<number> = { sql: 'SELECT sum(x) AS total FROM t WHERE d >= {from:String} AND d <= {to:String}', params: { from: 'a', to: 'b' }, parse: (r) => Number(r.total) }
const other: SingleRowRead<string> = { sql: 'SELECT any(y) AS total FROM u WHERE d >= {from:String}', params: { from: 'c' }, parse: (r) => String(r.total) }

describe('readsInOne', () => {
  it('gives each read its own parameter names and its row a column of its own, so equal names do not clash', () => {
    const one = readsInOne([sums, other])
    expect(one.params).toEqual({ r0_from: 'a', r0_to: 'b', r1_from: 'c' })
    expect(one.sql).toBe(
      "SELECT anyIf(read_row, read_no = 0) AS r0, anyIf(read_row, read_no = 1) AS r1 FROM (SELECT 0 AS read_no, formatRow('JSONEachRow', *) AS read_row FROM (SELECT sum(x) AS total FROM t WHERE d >= {r0_from:String} AND d <= {r0_to:String}) UNION ALL SELECT 1 AS read_no, formatRow('JSONEachRow', *) AS read_row FROM (SELECT any(y) AS total FROM u WHERE d >= {r1_from:String}))",
    )
    expect(one.parse({ r0: '{"total":"12"}\n', r1: '{"total":"z"}\n' })).toEqual([12, 'z'])
  })

  it('nests: a combined read is itself a read', () => {
    const nested = readsInOne([readsInOne([sums, other]), sums])
    expect(Object.keys(nested.params).sort()).toEqual(['r0_r0_from', 'r0_r0_to', 'r0_r1_from', 'r1_from', 'r1_to'])
    const inner = JSON.stringify({ r0: '{"total":"1"}\n', r1: '{"total":"y"}\n' })
    expect(nested.parse({ r0: inner, r1: '{"total":"3"}\n' })).toEqual([[1, 'y'], 3])
  })

  it('says which read returned no row', () => {
    expect(() => readsInOne([sums, other]).parse({ r0: '{"total":"1"}\n', r1: '' })).toThrow(/read 1 .* no row/)
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
