import { z } from 'zod'
import { channelSchema, type Channel } from '@/lib/events/channels'
import { fromCents, moneySchema, toCents } from '@/lib/money'
import { allocateProRata } from './allocation'
import { codeSchema } from './price-list'

/**
 * Spend-X-save-Y promotions (满减): an order of at least `threshold` saves `discount`; a
 * repeating one (每满) saves it for every full `threshold`, up to `cap`. A promotion runs on a
 * set of channels within a time window. Among the promotions that apply to a cart, the one of
 * highest priority decides: if it is exclusive it applies alone; otherwise every applicable
 * non-exclusive promotion stacks in priority order, each measured on what the cart costs after
 * the ones before it, and exclusive ones are left out. Each discount is allocated to the lines
 * in proportion to their amounts, to the cent.
 */
export const promotionSchema = z
  .object({
    promotion_id: codeSchema,
    name: z.string().trim().min(1).max(80),
    threshold: moneySchema.refine((m) => toCents(m) > 0, 'must be more than 0'),
    discount: moneySchema.refine((m) => toCents(m) > 0, 'must be more than 0'),
    repeating: z.boolean().default(false),
    cap: moneySchema.nullable().default(null),
    channels: z.array(channelSchema).min(1, 'choose at least one channel').max(20),
    starts_at: z.iso.datetime({ offset: true }),
    ends_at: z.iso.datetime({ offset: true }),
    priority: z.number().int().min(0).max(1000).default(0),
    exclusive: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .superRefine((p, ctx) => {
    if (Date.parse(p.ends_at) <= Date.parse(p.starts_at)) ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'must be after starts_at' })
    if (toCents(p.discount) > toCents(p.threshold)) ctx.addIssue({ code: 'custom', path: ['discount'], message: 'cannot save more than the threshold spent' })
    if (p.cap !== null && toCents(p.cap) < toCents(p.discount)) ctx.addIssue({ code: 'custom', path: ['cap'], message: 'must be at least the discount' })
    if (new Set(p.channels).size !== p.channels.length) ctx.addIssue({ code: 'custom', path: ['channels'], message: 'lists a channel twice' })
  })
export type PromotionInput = z.input<typeof promotionSchema>
export type PromotionSpec = z.infer<typeof promotionSchema>

export type Promotion = {
  promotion_id: string
  name: string
  threshold_cents: number
  discount_cents: number
  repeating: boolean
  cap_cents: number | null
  channels: readonly Channel[]
  starts_at: Date
  ends_at: Date
  priority: number
  exclusive: boolean
  active: boolean
}

export function toPromotion(p: PromotionSpec): Promotion {
  return {
    promotion_id: p.promotion_id,
    name: p.name,
    threshold_cents: toCents(p.threshold),
    discount_cents: toCents(p.discount),
    repeating: p.repeating,
    cap_cents: p.cap === null ? null : toCents(p.cap),
    channels: p.channels,
    starts_at: new Date(p.starts_at),
    ends_at: new Date(p.ends_at),
    priority: p.priority,
    exclusive: p.exclusive,
    active: p.active,
  }
}

export function toPromotionSpec(p: Promotion): PromotionSpec {
  return {
    promotion_id: p.promotion_id,
    name: p.name,
    threshold: fromCents(p.threshold_cents),
    discount: fromCents(p.discount_cents),
    repeating: p.repeating,
    cap: p.cap_cents === null ? null : fromCents(p.cap_cents),
    channels: [...p.channels],
    starts_at: p.starts_at.toISOString(),
    ends_at: p.ends_at.toISOString(),
    priority: p.priority,
    exclusive: p.exclusive,
    active: p.active,
  }
}

/** Runs on this channel at this moment (the window includes its start, excludes its end). */
export function promotionRuns(p: Promotion, channel: Channel, at: Date): boolean {
  return p.active && p.channels.includes(channel) && p.starts_at.getTime() <= at.getTime() && at.getTime() < p.ends_at.getTime()
}

/** What a promotion saves on a cart costing `base` cents: never more than the cap or the cart. */
export function promotionSaving(p: Promotion, base: number): number {
  if (base < p.threshold_cents) return 0
  const times = p.repeating ? Math.floor(base / p.threshold_cents) : 1
  const saving = times * p.discount_cents
  return Math.min(saving, p.cap_cents ?? saving, base)
}

export type AppliedPromotion = { promotion_id: string; name: string; discount_cents: number; allocation: number[] }

/**
 * Applies the promotions to lines costing `amounts` cents. Returns what each promotion saved,
 * how it was allocated to the lines, and the lines' amounts after all of them.
 */
export function applyPromotions(
  promotions: readonly Promotion[],
  cart: { channel: Channel; at: Date; amounts: readonly number[] },
): { applied: AppliedPromotion[]; amounts: number[] } {
  const ranked = promotions
    .filter((p) => promotionRuns(p, cart.channel, cart.at))
    .sort((a, b) => b.priority - a.priority || a.promotion_id.localeCompare(b.promotion_id))
  let amounts = [...cart.amounts]
  const total = () => amounts.reduce((s, a) => s + a, 0)
  const first = ranked.find((p) => promotionSaving(p, total()) > 0)
  if (!first) return { applied: [], amounts }
  const chosen = first.exclusive ? [first] : ranked.filter((p) => !p.exclusive)
  const applied: AppliedPromotion[] = []
  for (const p of chosen) {
    const saving = promotionSaving(p, total())
    if (saving === 0) continue
    const allocation = allocateProRata(saving, amounts)
    amounts = amounts.map((a, i) => a - allocation[i]!)
    applied.push({ promotion_id: p.promotion_id, name: p.name, discount_cents: saving, allocation })
  }
  return { applied, amounts }
}
