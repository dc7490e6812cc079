import { OPS_BY_KIND, SEGMENT_FIELDS, type Condition, type Op, type RuleGroup, type SegmentField } from '@/lib/customers/segments/rules'

/**
 * The builder edits a draft: conditions keep what was typed (text), so a half-typed value does
 * not vanish. `toRules` turns a draft into the API's rule tree, leaving out conditions that are
 * not complete yet (the builder marks them).
 */
export type DraftCondition = { field: SegmentField; op: Op; text: string; text2: string }
export type DraftGroup = { combinator: 'and' | 'or'; rules: DraftNode[] }
export type DraftNode = DraftCondition | DraftGroup

export const isDraftGroup = (n: DraftNode): n is DraftGroup => 'combinator' in n

export function opsFor(field: SegmentField): readonly Op[] {
  return OPS_BY_KIND[SEGMENT_FIELDS[field].kind]
}

export function newCondition(field: SegmentField = 'order_count'): DraftCondition {
  return { field, op: opsFor(field)[0]!, text: '', text2: '' }
}

const list = (s: string) => s.split(/[,，\s]+/).map((x) => x.trim()).filter(Boolean)
const num = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? null : Number(s))
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The condition a draft stands for, or null while it is incomplete. */
export function toCondition(d: DraftCondition): Condition | null {
  const kind = SEGMENT_FIELDS[d.field].kind
  if (kind === 'set' || kind === 'enum') {
    const v = list(d.text)
    return v.length ? { field: d.field, op: d.op, value: v } : null
  }
  if (kind === 'date') {
    if (d.op === 'between') return DATE.test(d.text) && DATE.test(d.text2) ? { field: d.field, op: d.op, value: [d.text, d.text2] } : null
    return DATE.test(d.text) ? { field: d.field, op: d.op, value: d.text } : null
  }
  const a = num(d.text)
  if (d.op === 'between') {
    const b = num(d.text2)
    return a !== null && b !== null ? { field: d.field, op: d.op, value: [a, b] } : null
  }
  return a !== null ? { field: d.field, op: d.op, value: a } : null
}

export function toRules(g: DraftGroup): RuleGroup {
  return {
    combinator: g.combinator,
    rules: g.rules.flatMap((n): (Condition | RuleGroup)[] => {
      if (isDraftGroup(n)) return [toRules(n)]
      const c = toCondition(n)
      return c ? [c] : []
    }),
  }
}

export function fromRules(g: RuleGroup): DraftGroup {
  return {
    combinator: g.combinator,
    rules: g.rules.map((r) => {
      if ('combinator' in r) return fromRules(r)
      const v = r.value
      const [a, b] = Array.isArray(v) && (r.op === 'between') ? v.map(String) : [Array.isArray(v) ? v.join(', ') : String(v), '']
      return { field: r.field, op: r.op, text: a ?? '', text2: b ?? '' }
    }),
  }
}

/** Replaces the node at `path` (indexes from the root group) with `f(node)`; null removes it. */
export function updateAt(root: DraftGroup, path: readonly number[], f: (n: DraftNode) => DraftNode | null): DraftGroup {
  if (path.length === 0) return (f(root) as DraftGroup | null) ?? { combinator: root.combinator, rules: [] }
  const [i, ...rest] = path
  const rules = [...root.rules]
  const child = rules[i!]
  if (child === undefined) return root
  const next = rest.length === 0 ? f(child) : isDraftGroup(child) ? updateAt(child, rest, f) : child
  if (next === null) rules.splice(i!, 1)
  else rules[i!] = next
  return { ...root, rules }
}
