import { describe, expect, it } from 'vitest'
import { mappingOf, mergedGroups, type CustomerRecord } from './union-find'

const at = (day: number) => new Date(Date.UTC(2026, 0, day))
const records: CustomerRecord[] = [
  { customer_id: 'C-d', created_at: at(4) },
  { customer_id: 'C-b', created_at: at(2) },
  { customer_id: 'C-a', created_at: at(3) },
  { customer_id: 'C-c', created_at: at(2) },
  { customer_id: 'C-e', created_at: at(1) },
]

describe('mergedGroups', () => {
  it('joins chains transitively and picks the oldest record as survivor (ties by id)', () => {
    const groups = mergedGroups(records, [{ a: 'C-a', b: 'C-c' }, { a: 'C-c', b: 'C-b' }, { a: 'C-d', b: 'C-a' }])
    expect(groups).toEqual([
      { survivor: 'C-b', members: ['C-b', 'C-c', 'C-a', 'C-d'] },
      { survivor: 'C-e', members: ['C-e'] },
    ])
  })

  it('gives the same groups whatever the order of records and edges', () => {
    const edges = [{ a: 'C-a', b: 'C-c' }, { a: 'C-d', b: 'C-e' }, { a: 'C-c', b: 'C-b' }]
    const expected = mergedGroups(records, edges)
    for (let i = 0; i < 20; i++) {
      const shuffledRecords = [...records].sort(() => Math.sin(i * 7 + records.length) - 0.1)
      const shuffledEdges = [...edges].reverse().map((e, j) => ((i + j) % 2 ? { a: e.b, b: e.a } : e))
      expect(mergedGroups(shuffledRecords, shuffledEdges)).toEqual(expected)
    }
  })

  it('splits a group again when the edge holding it together is removed (undo)', () => {
    const edges = [{ a: 'C-a', b: 'C-c' }, { a: 'C-c', b: 'C-b' }]
    expect(mergedGroups(records, edges).find((g) => g.members.includes('C-a'))!.survivor).toBe('C-b')
    const undone = mergedGroups(records, edges.slice(0, 1))
    expect(undone.find((g) => g.members.includes('C-a'))).toEqual({ survivor: 'C-c', members: ['C-c', 'C-a'] })
    expect(undone.find((g) => g.members.includes('C-b'))).toEqual({ survivor: 'C-b', members: ['C-b'] })
  })

  it('refuses an edge to an unknown record', () => {
    expect(() => mergedGroups(records, [{ a: 'C-a', b: 'C-x' }])).toThrow(/unknown customer/)
  })

  it('maps every member, the survivor to itself', () => {
    expect(mappingOf([{ survivor: 'C-b', members: ['C-b', 'C-a'] }])).toEqual([
      { customer_id: 'C-b', merged_id: 'C-b' },
      { customer_id: 'C-a', merged_id: 'C-b' },
    ])
  })
})
