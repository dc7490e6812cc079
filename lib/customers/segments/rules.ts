import { z } from 'zod'
import { RFM_CLASSES } from '@/lib/customers/rfm'

/**
 * A segment is a rule tree: groups combine conditions (and nested groups) with AND or OR; a
 * condition compares one customer attribute from a fixed list. What each field and operator
 * means is in docs/customers.md; the compiler (compile.ts) turns a tree into SQL.
 */

/** Field → kind and the attribute column it reads (columns are code, never input). */
export const SEGMENT_FIELDS = {
  channels: { kind: 'set', column: 'a_channels' },
  categories: { kind: 'set', column: 'a_categories' },
  skus: { kind: 'set', column: 'a_skus' },
  stores: { kind: 'set', column: 'a_locations' },
  region: { kind: 'enum', column: 'a_region' },
  city: { kind: 'enum', column: 'a_city' },
  member_tier: { kind: 'enum', column: 'a_member_tier' },
  rfm_class: { kind: 'enum', column: 'a_rfm_class' },
  first_purchase_at: { kind: 'date', column: 'a_first_at' },
  last_purchase_at: { kind: 'date', column: 'a_last_at' },
  days_since_last_order: { kind: 'number', column: 'a_days_since_last' },
  order_count: { kind: 'number', column: 'a_orders' },
  /** Money fields take yuan ("1999.5"-like numbers) and compare in cents. */
  spend: { kind: 'money', column: 'a_net_cents' },
  aov: { kind: 'money', column: 'a_aov_cents' },
  coupons_received: { kind: 'number', column: 'a_coupons_received' },
  /** Paid orders that used a campaign coupon. */
  coupons_used: { kind: 'number', column: 'a_coupons_used' },
  r_score: { kind: 'number', column: 'a_r' },
  f_score: { kind: 'number', column: 'a_f' },
  m_score: { kind: 'number', column: 'a_m' },
} as const satisfies Record<string, { kind: FieldKind; column: string }>

export type FieldKind = 'set' | 'enum' | 'date' | 'number' | 'money'
export type SegmentField = keyof typeof SEGMENT_FIELDS
export const FIELD_NAMES = Object.keys(SEGMENT_FIELDS) as [SegmentField, ...SegmentField[]]

export const OPS_BY_KIND = {
  set: ['any_of', 'all_of', 'none_of'],
  enum: ['in', 'not_in'],
  date: ['before', 'after', 'between'],
  number: ['gt', 'gte', 'lt', 'lte', 'eq', 'between'],
  money: ['gt', 'gte', 'lt', 'lte', 'eq', 'between'],
} as const satisfies Record<FieldKind, readonly string[]>

export const OPS = ['any_of', 'all_of', 'none_of', 'in', 'not_in', 'before', 'after', 'between', 'gt', 'gte', 'lt', 'lte', 'eq'] as const
export type Op = (typeof OPS)[number]

const DATE = /^\d{4}-\d{2}-\d{2}$/
const isDate = (v: unknown): v is string => typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

export const conditionSchema = z
  .object({
    field: z.enum(FIELD_NAMES),
    op: z.enum(OPS),
    value: z.union([z.number(), z.string().max(200), z.array(z.union([z.string().min(1).max(200), z.number()])).max(1000)]),
  })
  .superRefine((c, ctx) => {
    const kind = SEGMENT_FIELDS[c.field].kind
    if (!(OPS_BY_KIND[kind] as readonly string[]).includes(c.op)) {
      ctx.addIssue({ code: 'custom', path: ['op'], message: `${c.field} takes ${OPS_BY_KIND[kind].join(', ')}` })
      return
    }
    const v = c.value
    const fail = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message })
    if (kind === 'set' || kind === 'enum') {
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) return fail('must be a non-empty list of names')
      if (c.field === 'rfm_class' && !v.every((x) => (RFM_CLASSES as readonly string[]).includes(x as string))) return fail(`RFM classes are ${RFM_CLASSES.join(', ')}`)
    } else if (kind === 'date') {
      if (c.op === 'between' ? !(Array.isArray(v) && v.length === 2 && v.every(isDate)) : !isDate(v)) return fail(c.op === 'between' ? 'must be two dates YYYY-MM-DD' : 'must be a date YYYY-MM-DD')
    } else if (c.op === 'between' ? !(Array.isArray(v) && v.length === 2 && v.every(isNumber)) : !isNumber(v)) {
      return fail(c.op === 'between' ? 'must be two numbers' : 'must be a number')
    }
  })
export type Condition = z.infer<typeof conditionSchema>

export type RuleGroup = { combinator: 'and' | 'or'; rules: (Condition | RuleGroup)[] }

const MAX_DEPTH = 4
const MAX_CONDITIONS = 60

export const ruleGroupSchema: z.ZodType<RuleGroup> = z
  .object({
    combinator: z.enum(['and', 'or']),
    get rules() {
      return z.array(z.union([ruleGroupSchema, conditionSchema])).max(30)
    },
  })
  .superRefine((g, ctx) => {
    const depth = (x: RuleGroup): number => 1 + Math.max(0, ...x.rules.map((r) => ('combinator' in r ? depth(r) : 0)))
    const count = (x: RuleGroup): number => x.rules.reduce((n, r) => n + ('combinator' in r ? count(r) : 1), 0)
    if (depth(g) > MAX_DEPTH) ctx.addIssue({ code: 'custom', path: ['rules'], message: `groups nest at most ${MAX_DEPTH} deep` })
    if (count(g) > MAX_CONDITIONS) ctx.addIssue({ code: 'custom', path: ['rules'], message: `at most ${MAX_CONDITIONS} conditions` })
  }) as z.ZodType<RuleGroup>

export const isGroup = (r: Condition | RuleGroup): r is RuleGroup => 'combinator' in r

/** Ready-made RFM segments: one rule each, offered as templates (thresholds in lib/customers/rfm.ts). */
export function rfmSegmentRules(cls: (typeof RFM_CLASSES)[number]): RuleGroup {
  return { combinator: 'and', rules: [{ field: 'rfm_class', op: 'in', value: [cls] }] }
}
