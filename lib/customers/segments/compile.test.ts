import { describe, expect, it } from 'vitest'
import { compileRules } from './compile'
import { ruleGroupSchema, type RuleGroup } from './rules'

/** A tree touching every field kind and operator family, with values supplied by `v`. */
function tree(v: { text: string; n: number; m: number; day: string; day2: string }): RuleGroup {
  return ruleGroupSchema.parse({
    combinator: 'and',
    rules: [
      { field: 'channels', op: 'any_of', value: [v.text, 'tmall'] },
      { field: 'skus', op: 'none_of', value: [v.text] },
      { field: 'categories', op: 'all_of', value: [v.text] },
      { field: 'city', op: 'in', value: [v.text] },
      { field: 'member_tier', op: 'not_in', value: [v.text] },
      { field: 'order_count', op: 'gte', value: v.n },
      { field: 'spend', op: 'between', value: [v.m, v.n] },
      { field: 'last_purchase_at', op: 'after', value: v.day },
      { field: 'first_purchase_at', op: 'between', value: [v.day, v.day2] },
      {
        combinator: 'or',
        rules: [
          { field: 'days_since_last_order', op: 'lt', value: v.n },
          { field: 'rfm_class', op: 'in', value: ['champions', 'loyal'] },
          { combinator: 'and', rules: [{ field: 'aov', op: 'eq', value: v.m }] },
        ],
      },
    ],
  })
}

const plain = { text: 'web', n: 3, m: 19.99, day: '2026-01-01', day2: '2026-02-01' }
const HOSTILE = [
  { text: "x' OR 1=1 --", n: 0, m: 0, day: '1970-01-01', day2: '2299-12-31' },
  { text: 'web}); DROP TABLE customer_facts; --', n: -1, m: -0.01, day: '2026-12-31', day2: '2026-12-31' },
  { text: '{s0:String}', n: 1e300, m: 9_007_199_254_740_993, day: '2000-02-29', day2: '2000-03-01' },
  { text: '顾客\u202e\u0000🎉', n: -1e300, m: Number.MAX_SAFE_INTEGER, day: '2026-01-01', day2: '2026-01-02' },
  { text: 'SELECT * FROM system.users UNION ALL SELECT', n: Number.MIN_VALUE, m: 1e15, day: '2026-06-30', day2: '2027-01-01' },
  { text: '\\\'"`;', n: 2 ** 63, m: -(2 ** 53), day: '1999-12-31', day2: '2000-01-01' },
]

describe('compileRules', () => {
  it('binds every value as a parameter and names only whitelisted columns', () => {
    const { sql, params } = compileRules(tree(plain))
    expect(sql).toBe(
      '(hasAny(a_channels, {s0:Array(String)}) AND NOT hasAny(a_skus, {s1:Array(String)}) AND hasAll(a_categories, {s2:Array(String)})' +
        ' AND has({s3:Array(String)}, a_city) AND NOT has({s4:Array(String)}, a_member_tier) AND a_orders >= {s5:Float64}' +
        ' AND (a_net_cents >= {s6:Float64} AND a_net_cents <= {s7:Float64}) AND toDate(a_last_at, {tz:String}) > {s8:Date}' +
        ' AND (toDate(a_first_at, {tz:String}) >= {s9:Date} AND toDate(a_first_at, {tz:String}) <= {s10:Date})' +
        ' AND (a_days_since_last < {s11:Float64} OR has({s12:Array(String)}, a_rfm_class) OR a_aov_cents = {s13:Float64}))',
    )
    // Money in yuan compares in cents, rounded (19.99 × 100 is not exact in binary).
    expect(compileRules(tree(plain)).columns).toEqual(['a_aov_cents', 'a_categories', 'a_channels', 'a_city', 'a_days_since_last', 'a_first_at', 'a_last_at', 'a_member_tier', 'a_net_cents', 'a_orders', 'a_rfm_class', 'a_skus'])
    expect(params).toMatchObject({ s0: ['web', 'tmall'], s5: 3, s6: 1999, s7: 300, s8: '2026-01-01', s12: ['champions', 'loyal'], s13: 1999 })
  })

  it('gives the same SQL text whatever the values: quotes, SQL keywords, unicode, huge numbers', () => {
    const expected = compileRules(tree(plain)).sql
    for (const v of HOSTILE) {
      const { sql, params } = compileRules(tree(v))
      expect(sql).toBe(expected)
      expect(params.s0).toEqual([v.text, 'tmall'])
      expect(sql).not.toContain(v.text)
    }
  })

  it('matches everything with an empty group and keeps single conditions unwrapped', () => {
    expect(compileRules({ combinator: 'or', rules: [] })).toEqual({ sql: '1', params: {}, columns: [] })
    expect(compileRules({ combinator: 'and', rules: [{ field: 'order_count', op: 'gt', value: 1 }] }).sql).toBe('a_orders > {s0:Float64}')
  })
})

describe('ruleGroupSchema', () => {
  const issue = (input: unknown) => {
    const r = ruleGroupSchema.safeParse(input)
    return r.success ? null : { path: r.error.issues[0]!.path.join('.'), message: r.error.issues[0]!.message }
  }
  it('refuses fields outside the whitelist, wrong operators and values, naming the place', () => {
    expect(issue({ combinator: 'and', rules: [{ field: 'customer_id; DROP', op: 'eq', value: 1 }] })?.path).toBe('rules.0')
    expect(issue({ combinator: 'and', rules: [{ field: 'channels', op: 'gt', value: 1 }] })).toEqual({ path: 'rules.0.op', message: 'channels takes any_of, all_of, none_of' })
    expect(issue({ combinator: 'and', rules: [{ field: 'spend', op: 'gt', value: 'abc' }] })?.path).toBe('rules.0.value')
    expect(issue({ combinator: 'and', rules: [{ field: 'spend', op: 'gt', value: Infinity }] })).not.toBeNull()
    expect(issue({ combinator: 'and', rules: [{ field: 'last_purchase_at', op: 'after', value: '2026-13-45' }] })?.path).toBe('rules.0.value')
    expect(issue({ combinator: 'and', rules: [{ field: 'rfm_class', op: 'in', value: ['vip'] }] })?.path).toBe('rules.0.value')
    expect(issue({ combinator: 'xor', rules: [] })?.path).toBe('combinator')
  })
  it('limits nesting', () => {
    const deep = (n: number): unknown => (n === 0 ? { field: 'order_count', op: 'gt', value: 1 } : { combinator: 'and', rules: [deep(n - 1)] })
    expect(issue(deep(4))).toBeNull()
    expect(issue(deep(5))?.message).toMatch(/nest/)
  })
})
