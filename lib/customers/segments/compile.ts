import { isGroup, SEGMENT_FIELDS, type Condition, type RuleGroup } from './rules'

/**
 * Compiles a validated rule tree into a ClickHouse boolean expression over the attribute
 * columns (attributes.ts). Every value becomes a query parameter ({s0:Type}, {s1:Type}, … in
 * tree order); field names map to columns through the whitelist. So the SQL text depends
 * only on the tree's shape, fields and operators — never on a value.
 */
/** `columns`: the attribute columns the expression reads (attributes.ts computes only those). */
export type Compiled = { sql: string; params: Record<string, unknown>; columns: string[] }

const CMP = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '=' } as const

export function compileRules(root: RuleGroup): Compiled {
  const params: Record<string, unknown> = {}
  const columns = new Set<string>()
  const bind = (value: unknown, type: string) => {
    const name = `s${Object.keys(params).length}`
    params[name] = value
    return `{${name}:${type}}`
  }
  const condition = (c: Condition): string => {
    const { kind, column } = SEGMENT_FIELDS[c.field]
    columns.add(column)
    const v = c.value
    if (kind === 'set') {
      const p = bind(v, 'Array(String)')
      return c.op === 'all_of' ? `hasAll(${column}, ${p})` : c.op === 'none_of' ? `NOT hasAny(${column}, ${p})` : `hasAny(${column}, ${p})`
    }
    if (kind === 'enum') {
      const p = bind(v, 'Array(String)')
      return c.op === 'not_in' ? `NOT has(${p}, ${column})` : `has(${p}, ${column})`
    }
    if (kind === 'date') {
      // Calendar days in the configured time zone ({tz} is bound by the caller).
      const day = `toDate(${column}, {tz:String})`
      if (c.op === 'between') {
        const [from, to] = v as [string, string]
        return `(${day} >= ${bind(from, 'Date')} AND ${day} <= ${bind(to, 'Date')})`
      }
      return `${day} ${c.op === 'before' ? '<' : '>'} ${bind(v, 'Date')}`
    }
    const scale = (x: number) => (kind === 'money' ? Math.round(x * 100) : x)
    if (c.op === 'between') {
      const [lo, hi] = v as [number, number]
      return `(${column} >= ${bind(scale(lo), 'Float64')} AND ${column} <= ${bind(scale(hi), 'Float64')})`
    }
    return `${column} ${CMP[c.op as keyof typeof CMP]} ${bind(scale(v as number), 'Float64')}`
  }
  const group = (g: RuleGroup): string => {
    // An empty group places no condition: every customer matches.
    if (g.rules.length === 0) return '1'
    const parts = g.rules.map((r) => (isGroup(r) ? group(r) : condition(r)))
    return parts.length === 1 ? parts[0]! : `(${parts.join(g.combinator === 'and' ? ' AND ' : ' OR ')})`
  }
  const sql = group(root)
  return { sql, params, columns: [...columns].sort() }
}
