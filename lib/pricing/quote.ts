import type { Channel } from '@/lib/events/channels'
import { tierUnitPrice, type PriceRule, type PricedItem } from './price-list'
import { applyPromotions, type AppliedPromotion, type Promotion } from './promotions'

export type CartLine = PricedItem & { quantity: number }

export type QuoteLine = {
  sku: string
  category: string
  quantity: number
  list_price_cents: number
  /** The tier price list's unit price (the list price without a tier or an applicable rule). */
  tier_unit_price_cents: number
  tier_rule_id: string | null
  /** This line's share of the promotions, to the cent (the order line's discount). */
  promotion_discount_cents: number
  /** The order line's unit price (the tier price) and what it charges: unit × quantity − promotion share. */
  unit_price_cents: number
  amount_cents: number
}

export type Quote = {
  lines: QuoteLine[]
  promotions: AppliedPromotion[]
  list_total_cents: number
  tier_total_cents: number
  promotion_discount_cents: number
  total_cents: number
}

/**
 * The price of a cart: list price → tier price list → promotions. The promotions are allocated
 * to the lines pro rata to the cent and go to the order as each line's discount, so the cart
 * costs exactly the tier total less the promotions. Nothing depends on the channel except
 * which promotions run on it, so a promotion prices a cart the same on every channel it covers.
 */
export function priceCart(input: { lines: readonly CartLine[]; rules: readonly PriceRule[]; promotions: readonly Promotion[]; channel: Channel; at: Date }): Quote {
  const tiered = input.lines.map((l) => {
    const { unit_price_cents, rule_id } = tierUnitPrice(input.rules, l, l.quantity)
    return { ...l, tier_unit_price_cents: unit_price_cents, tier_rule_id: rule_id, tier_amount_cents: unit_price_cents * l.quantity }
  })
  const { applied } = applyPromotions(input.promotions, { channel: input.channel, at: input.at, amounts: tiered.map((l) => l.tier_amount_cents) })
  const lines: QuoteLine[] = tiered.map((l, i) => {
    const share = applied.reduce((s, p) => s + p.allocation[i]!, 0)
    return {
      sku: l.sku,
      category: l.category,
      quantity: l.quantity,
      list_price_cents: l.list_price_cents,
      tier_unit_price_cents: l.tier_unit_price_cents,
      tier_rule_id: l.tier_rule_id,
      promotion_discount_cents: share,
      unit_price_cents: l.tier_unit_price_cents,
      amount_cents: l.tier_amount_cents - share,
    }
  })
  const sum = (f: (l: QuoteLine) => number) => lines.reduce((s, l) => s + f(l), 0)
  return {
    lines,
    promotions: applied,
    list_total_cents: sum((l) => l.list_price_cents * l.quantity),
    tier_total_cents: sum((l) => l.tier_unit_price_cents * l.quantity),
    promotion_discount_cents: sum((l) => l.promotion_discount_cents),
    total_cents: sum((l) => l.amount_cents),
  }
}
