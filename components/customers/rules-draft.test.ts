import { describe, expect, it } from 'vitest'
import { fromRules, newCondition, toRules, updateAt, type DraftGroup } from './rules-draft'

describe('rule drafts', () => {
  const draft: DraftGroup = {
    combinator: 'and',
    rules: [
      { field: 'channels', op: 'any_of', text: 'tmall, jd，douyin', text2: '' },
      { field: 'spend', op: 'between', text: '100', text2: '' },
      { combinator: 'or', rules: [{ field: 'order_count', op: 'gte', text: '3', text2: '' }, { field: 'last_purchase_at', op: 'after', text: '2026-11-0', text2: '' }] },
    ],
  }
  it('leaves out incomplete conditions and parses lists and numbers', () => {
    expect(toRules(draft)).toEqual({
      combinator: 'and',
      rules: [{ field: 'channels', op: 'any_of', value: ['tmall', 'jd', 'douyin'] }, { combinator: 'or', rules: [{ field: 'order_count', op: 'gte', value: 3 }] }],
    })
  })
  it('round-trips rules', () => {
    const rules = toRules(updateAt(draft, [1], () => ({ field: 'spend', op: 'between', text: '100', text2: '500' })))
    expect(toRules(fromRules(rules))).toEqual(rules)
  })
  it('edits and removes nodes by path', () => {
    const removed = updateAt(draft, [2, 0], () => null)
    expect((removed.rules[2] as DraftGroup).rules).toHaveLength(1)
    expect(updateAt(draft, [0], () => newCondition('city')).rules[0]).toEqual({ field: 'city', op: 'in', text: '', text2: '' })
  })
})
