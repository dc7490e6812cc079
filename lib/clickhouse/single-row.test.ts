import { describe, expect, it } from 'vitest'
import { readsInOne, type SingleRowRead } from './single-row'

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
