import { z } from 'zod'
import { fromCents, moneySchema, toCents } from '@/lib/money'
import { applyBasisPoints, percentToBasisPoints } from './allocation'

/**
 * A distributor tier's price list: rules that set an explicit unit price or a percentage off
 * the list price, for one SKU or a whole category, from a minimum quantity (quantity breaks).
 * Precedence for a line: a SKU rule beats a category rule; among the rules of that scope, the
 * highest quantity break the line reaches wins. Without an applicable rule the list price holds.
 */
export const codeSchema = z
  .string()
  .trim()
  .min(1)
  .max(24)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')

export const percentSchema = z
  .number()
  .gt(0, 'must be more than 0')
  .lt(100, 'must be less than 100')
  .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, 'at most two decimals')

export const priceRuleSchema = z
  .object({
    rule_id: codeSchema,
    scope: z.enum(['sku', 'category']),
    target: z.string().trim().min(1).max(64),
    min_quantity: z.number().int().min(1).max(1_000_000).default(1),
    kind: z.enum(['price', 'percent_off']),
    /** kind `price`: the unit price, e.g. "199.00". */
    price: moneySchema.optional(),
    /** kind `percent_off`: e.g. 12.5 for 12.5 % off the list price. */
    percent_off: percentSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'price' && r.price === undefined) ctx.addIssue({ code: 'custom', path: ['price'], message: 'an explicit-price rule needs a price' })
    if (r.kind === 'percent_off' && r.percent_off === undefined) ctx.addIssue({ code: 'custom', path: ['percent_off'], message: 'a percentage rule needs percent_off' })
    if (r.kind === 'price' && r.percent_off !== undefined) ctx.addIssue({ code: 'custom', path: ['percent_off'], message: 'an explicit-price rule takes no percent_off' })
    if (r.kind === 'percent_off' && r.price !== undefined) ctx.addIssue({ code: 'custom', path: ['price'], message: 'a percentage rule takes no price' })
  })
export type PriceRuleInput = z.input<typeof priceRuleSchema>
export type PriceRuleSpec = z.infer<typeof priceRuleSchema>

export const priceRulesSchema = z
  .array(priceRuleSchema)
  .max(2_000)
  .superRefine((rules, ctx) => {
    const seen = new Map<string, number>()
    rules.forEach((r, i) => {
      if (seen.has(r.rule_id)) ctx.addIssue({ code: 'custom', path: [i, 'rule_id'], message: `rule id ${r.rule_id} is used twice (also rule ${seen.get(r.rule_id)! + 1})` })
      seen.set(r.rule_id, i)
    })
  })

/** A rule in computing form: the value is cents (`price`) or basis points (`percent_off`). */
export type PriceRule = { rule_id: string; scope: 'sku' | 'category'; target: string; min_quantity: number; kind: 'price' | 'percent_off'; value: number }

export function toPriceRule(r: PriceRuleSpec): PriceRule {
  const value = r.kind === 'price' ? toCents(r.price!) : percentToBasisPoints(r.percent_off!)
  return { rule_id: r.rule_id, scope: r.scope, target: r.target, min_quantity: r.min_quantity, kind: r.kind, value }
}

export function toPriceRuleSpec(r: PriceRule): PriceRuleSpec {
  return {
    rule_id: r.rule_id,
    scope: r.scope,
    target: r.target,
    min_quantity: r.min_quantity,
    kind: r.kind,
    ...(r.kind === 'price' ? { price: fromCents(r.value) } : { percent_off: r.value / 100 }),
  }
}

export type PriceListConflict = { rules: [string, string]; reason: string }

/**
 * Rules that cannot stand together in one price list. For the same SKU or category:
 * two rules at the same quantity break overlap; an explicit price and a percentage conflict
 * (which one would a higher break improve on?); a higher break must not make the unit dearer.
 */
export function findPriceListConflicts(rules: readonly PriceRule[]): PriceListConflict[] {
  const conflicts: PriceListConflict[] = []
  const groups = new Map<string, PriceRule[]>()
  for (const r of rules) {
    const key = `${r.scope}\u0000${r.target}`
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => a.min_quantity - b.min_quantity || a.rule_id.localeCompare(b.rule_id))
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const a = sorted[i]!
        const b = sorted[j]!
        const what = `${a.scope} ${a.target}`
        if (a.min_quantity === b.min_quantity) {
          conflicts.push({ rules: [a.rule_id, b.rule_id], reason: `both price ${what} from quantity ${a.min_quantity}` })
        } else if (a.kind !== b.kind) {
          conflicts.push({ rules: [a.rule_id, b.rule_id], reason: `${what} mixes an explicit price and a percentage off` })
        } else if (a.kind === 'price' ? b.value > a.value : b.value < a.value) {
          conflicts.push({ rules: [a.rule_id, b.rule_id], reason: `${what}: the break at quantity ${b.min_quantity} is dearer than the one at ${a.min_quantity}` })
        }
      }
    }
  }
  return conflicts
}

export type PricedItem = { sku: string; category: string; list_price_cents: number }

/** The tier unit price of `quantity` units of an item, and the rule that set it (null: list price). */
export function tierUnitPrice(rules: readonly PriceRule[], item: PricedItem, quantity: number): { unit_price_cents: number; rule_id: string | null } {
  const reached = (r: PriceRule) => r.min_quantity <= quantity
  const bySku = rules.filter((r) => r.scope === 'sku' && r.target === item.sku && reached(r))
  const candidates = bySku.length > 0 ? bySku : rules.filter((r) => r.scope === 'category' && r.target === item.category && reached(r))
  const rule = candidates.reduce<PriceRule | null>((best, r) => (best === null || r.min_quantity > best.min_quantity ? r : best), null)
  if (!rule) return { unit_price_cents: item.list_price_cents, rule_id: null }
  const price = rule.kind === 'price' ? rule.value : item.list_price_cents - applyBasisPoints(item.list_price_cents, rule.value)
  // A tier never charges more than the list price.
  return { unit_price_cents: Math.min(price, item.list_price_cents), rule_id: rule.rule_id }
}

/** The unit price at every quantity break that applies to the item, for the catalogue. */
export function priceBreaks(rules: readonly PriceRule[], item: PricedItem): { min_quantity: number; unit_price_cents: number }[] {
  const quantities = new Set([1])
  for (const r of rules) {
    if ((r.scope === 'sku' && r.target === item.sku) || (r.scope === 'category' && r.target === item.category)) quantities.add(r.min_quantity)
  }
  const out: { min_quantity: number; unit_price_cents: number }[] = []
  for (const q of [...quantities].sort((a, b) => a - b)) {
    const { unit_price_cents } = tierUnitPrice(rules, item, q)
    if (out.at(-1)?.unit_price_cents !== unit_price_cents) out.push({ min_quantity: q, unit_price_cents })
  }
  return out
}
