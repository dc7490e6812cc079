import { z } from 'zod'
import type { Db, Sql } from '@/lib/db'
import { channelSchema, type Channel } from '@/lib/events/channels'
import { rebateBracketsSchema, toRebateBracket, toRebateBracketSpec, type RebateBracket } from '@/lib/distributors/rebates'
import { DomainError, notFound } from '@/lib/ops/errors'
import { codeSchema, findPriceListConflicts, priceRulesSchema, toPriceRule, toPriceRuleSpec, type PriceRule } from './price-list'
import { promotionSchema, toPromotion, toPromotionSpec, type Promotion, type PromotionSpec } from './promotions'
import { priceCart, type Quote } from './quote'

/**
 * Tiers (price list + rebate brackets) and promotions in the operational store
 * (lib/db/migrations/0007_commerce.sql). Rules are kept in computing form (cents, basis points).
 */
export const tierSchema = z.object({
  tier_id: codeSchema,
  name: z.string().trim().min(1).max(60),
  price_rules: priceRulesSchema.default([]),
  rebate_brackets: rebateBracketsSchema.default([]),
})
export type TierInput = z.input<typeof tierSchema>

export type Tier = { tier_id: string; name: string; rules: PriceRule[]; rebate_brackets: RebateBracket[]; updated_by: string; updated_at: string }

type TierRow = { tier_id: string; name: string; price_rules: PriceRule[]; rebate_brackets: RebateBracket[]; updated_by: string; updated_at: Date }
const toTier = (r: TierRow): Tier => ({ tier_id: r.tier_id, name: r.name, rules: r.price_rules, rebate_brackets: r.rebate_brackets, updated_by: r.updated_by, updated_at: r.updated_at.toISOString() })

export const tierView = (t: Tier) => ({
  tier_id: t.tier_id,
  name: t.name,
  price_rules: t.rules.map(toPriceRuleSpec),
  rebate_brackets: t.rebate_brackets.map(toRebateBracketSpec),
  updated_by: t.updated_by,
  updated_at: t.updated_at,
})

export async function listTiers(db: Sql): Promise<Tier[]> {
  return (await db.query<TierRow>('SELECT * FROM distributor_tiers ORDER BY tier_id')).map(toTier)
}

export async function getTier(db: Sql, tierId: string): Promise<Tier> {
  const [row] = await db.query<TierRow>('SELECT * FROM distributor_tiers WHERE tier_id = $1', [tierId])
  if (!row) throw notFound('tier', tierId, 'tier_id')
  return toTier(row)
}

/**
 * Saves a tier's whole price list at once. Refused: a rule for a SKU or category the catalogue
 * does not have, or an explicit price above the SKU's list price (400, naming the rule's
 * field); rules that overlap or conflict (409 `price_list_conflict`, naming both rules).
 */
export async function saveTier(db: Db, raw: TierInput, actor: string): Promise<Tier> {
  const input = tierSchema.parse(raw)
  const rules = input.price_rules.map(toPriceRule)
  return db.transaction(async (tx) => {
    const skus = await tx.query<{ sku: string; category: string; list_price_cents: number }>('SELECT sku, category, list_price_cents FROM skus')
    const categories = new Set(skus.map((s) => s.category))
    rules.forEach((r, i) => {
      const sku = skus.find((s) => s.sku === r.target)
      if (r.scope === 'sku' && !sku) throw new DomainError('invalid_body', `rule ${r.rule_id}: SKU ${r.target} does not exist`, 400, `price_rules.${i}.target`)
      if (r.scope === 'category' && !categories.has(r.target)) throw new DomainError('invalid_body', `rule ${r.rule_id}: category ${r.target} does not exist`, 400, `price_rules.${i}.target`)
      if (sku && r.kind === 'price' && r.value > sku.list_price_cents) {
        throw new DomainError('invalid_body', `rule ${r.rule_id}: the price is above the list price of ${r.target}`, 400, `price_rules.${i}.price`)
      }
    })
    const conflicts = findPriceListConflicts(rules)
    if (conflicts.length > 0) {
      const named = conflicts.map((c) => `rules ${c.rules[0]} and ${c.rules[1]} conflict: ${c.reason}`).join('; ')
      throw new DomainError('price_list_conflict', named, 409, 'price_rules')
    }
    const [row] = await tx.query<TierRow>(
      `INSERT INTO distributor_tiers (tier_id, name, price_rules, rebate_brackets, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (tier_id) DO UPDATE SET name = $2, price_rules = $3, rebate_brackets = $4, updated_by = $5, updated_at = now()
       RETURNING *`,
      [input.tier_id, input.name, JSON.stringify(rules), JSON.stringify(input.rebate_brackets.map(toRebateBracket)), actor],
    )
    return toTier(row!)
  })
}

type PromotionRow = Omit<Promotion, 'channels'> & { channels: string[]; updated_by: string; updated_at: Date }

export async function listPromotions(db: Sql): Promise<(Promotion & { updated_by: string; updated_at: string })[]> {
  const rows = await db.query<PromotionRow>('SELECT * FROM promotions ORDER BY priority DESC, promotion_id')
  return rows.map((r) => ({ ...r, channels: r.channels as Promotion['channels'], updated_at: r.updated_at.toISOString() }))
}

export const promotionView = (p: Promotion & { updated_by?: string; updated_at?: string }) => ({
  ...toPromotionSpec(p),
  ...(p.updated_by ? { updated_by: p.updated_by, updated_at: p.updated_at } : {}),
})

export async function savePromotion(db: Sql, raw: z.input<typeof promotionSchema>, actor: string): Promise<PromotionSpec> {
  const p = toPromotion(promotionSchema.parse(raw))
  await db.query(
    `INSERT INTO promotions (promotion_id, name, threshold_cents, discount_cents, repeating, cap_cents, channels, starts_at, ends_at, priority, exclusive, active, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now())
     ON CONFLICT (promotion_id) DO UPDATE SET name = $2, threshold_cents = $3, discount_cents = $4, repeating = $5, cap_cents = $6, channels = $7,
       starts_at = $8, ends_at = $9, priority = $10, exclusive = $11, active = $12, updated_by = $13, updated_at = now()`,
    [p.promotion_id, p.name, p.threshold_cents, p.discount_cents, p.repeating, p.cap_cents, [...p.channels], p.starts_at, p.ends_at, p.priority, p.exclusive, p.active, actor],
  )
  return toPromotionSpec(p)
}

/** A cart to price: one line per SKU. */
export const cartLinesSchema = z
  .array(z.object({ sku: z.string().trim().min(1).max(64), quantity: z.number().int().min(1).max(10_000) }))
  .min(1)
  .max(200)
  .superRefine((lines, ctx) => {
    const seen = new Set<string>()
    lines.forEach((l, i) => {
      if (seen.has(l.sku)) ctx.addIssue({ code: 'custom', path: [i, 'sku'], message: `duplicate SKU ${l.sku}: put the quantity on one line` })
      seen.add(l.sku)
    })
  })
export type CartLines = z.input<typeof cartLinesSchema>

/** Prices a cart from the catalogue's list prices, a tier's rules and the promotions running on the channel. */
export async function quoteCart(db: Sql, input: { lines: CartLines; tier_id: string | null; channel: Channel; at: Date }): Promise<Quote> {
  const lines = cartLinesSchema.parse(input.lines)
  const skus = await db.query<{ sku: string; category: string; list_price_cents: number }>('SELECT sku, category, list_price_cents FROM skus WHERE sku = ANY($1::text[])', [lines.map((l) => l.sku)])
  const cart = lines.map((l, i) => {
    const sku = skus.find((s) => s.sku === l.sku)
    if (!sku) throw notFound('SKU', l.sku, `lines.${i}.sku`)
    return { ...sku, quantity: l.quantity }
  })
  const rules = input.tier_id === null ? [] : (await getTier(db, input.tier_id)).rules
  return priceCart({ lines: cart, rules, promotions: await listPromotions(db), channel: input.channel, at: input.at })
}

/** POST /api/v1/pricing/quote: what a cart costs on a channel, for a tier or at list price. */
export const quoteRequestSchema = z.object({
  channel: channelSchema,
  tier_id: codeSchema.nullable().default(null),
  at: z.iso.datetime({ offset: true }).optional(),
  lines: cartLinesSchema,
})
