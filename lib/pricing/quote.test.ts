import { describe, expect, it } from 'vitest'
import { priceRulesSchema, toPriceRule } from './price-list'
import { promotionSchema, toPromotion } from './promotions'
import { priceCart } from './quote'

/** The worked example of docs/pricing.md. */
describe('pricing a cart: list → tier → promotions', () => {
  const rules = priceRulesSchema
    .parse([
      { rule_id: 'skincare-10', scope: 'category', target: 'skincare', kind: 'percent_off', percent_off: 10 },
      { rule_id: 'cream-20', scope: 'sku', target: 'SKU-A', min_quantity: 20, kind: 'price', price: '160.00' },
    ])
    .map(toPriceRule)
  const promotions = [
    toPromotion(
      promotionSchema.parse({
        promotion_id: 'double11',
        name: '每满300减50，最高减200',
        threshold: '300.00',
        discount: '50.00',
        repeating: true,
        cap: '200.00',
        channels: ['distributor', 'web'],
        starts_at: '2026-11-01T00:00:00+08:00',
        ends_at: '2026-11-12T00:00:00+08:00',
      }),
    ),
  ]
  const lines = [
    { sku: 'SKU-A', category: 'skincare', list_price_cents: 19_900, quantity: 20 },
    { sku: 'SKU-B', category: 'makeup', list_price_cents: 12_950, quantity: 3 },
  ]

  it('applies the tier price, then the capped repeating promotion, allocated pro rata', () => {
    const q = priceCart({ lines, rules, promotions, channel: 'distributor', at: new Date('2026-11-11T10:00:00+08:00') })
    expect(q.lines.map((l) => [l.sku, l.tier_unit_price_cents, l.tier_rule_id])).toEqual([
      ['SKU-A', 16_000, 'cream-20'],
      ['SKU-B', 12_950, null],
    ])
    expect(q.tier_total_cents).toBe(358_850)
    // 11 × 50.00 = 550.00, capped at 200.00; exact shares 178.35 and 21.65.
    expect(q.promotions).toEqual([{ promotion_id: 'double11', name: '每满300减50，最高减200', discount_cents: 20_000, allocation: [17_835, 2_165] }])
    // Each share is the order line's discount, to the cent.
    expect(q.lines.map((l) => [l.promotion_discount_cents, l.unit_price_cents, l.amount_cents])).toEqual([
      [17_835, 16_000, 302_165],
      [2_165, 12_950, 36_685],
    ])
    expect(q.total_cents).toBe(338_850)
    expect(q.list_total_cents).toBe(436_850)
  })

  it('gives the same price on the web shop, and no promotion on a channel it does not cover', () => {
    const at = new Date('2026-11-11T10:00:00+08:00')
    expect(priceCart({ lines, rules, promotions, channel: 'web', at })).toEqual(priceCart({ lines, rules, promotions, channel: 'distributor', at }))
    expect(priceCart({ lines, rules, promotions, channel: 'tmall', at }).promotion_discount_cents).toBe(0)
  })
})
