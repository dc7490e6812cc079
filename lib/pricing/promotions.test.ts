import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CHANNEL_IDS, type Channel } from '@/lib/events/channels'
import { applyPromotions, promotionSaving, promotionSchema, toPromotion, type Promotion } from './promotions'
import { priceCart } from './quote'

const AT = new Date('2026-11-11T04:00:00Z')
const promo = (over: Partial<Promotion> & { promotion_id: string }): Promotion => ({
  name: over.promotion_id,
  threshold_cents: 30_000,
  discount_cents: 5_000,
  repeating: false,
  cap_cents: null,
  channels: ['web', 'distributor', 'tmall'],
  starts_at: new Date('2026-11-01T00:00:00Z'),
  ends_at: new Date('2026-12-01T00:00:00Z'),
  priority: 0,
  exclusive: false,
  active: true,
  ...over,
})

describe('promotion saving', () => {
  it('saves once, or for every full threshold when repeating, up to the cap', () => {
    const once = promo({ promotion_id: 'once' })
    expect(promotionSaving(once, 29_999)).toBe(0)
    expect(promotionSaving(once, 30_000)).toBe(5_000)
    expect(promotionSaving(once, 95_000)).toBe(5_000)
    const each = promo({ promotion_id: 'each', repeating: true, cap_cents: 12_000 })
    expect(promotionSaving(each, 65_000)).toBe(10_000)
    expect(promotionSaving(each, 95_000)).toBe(12_000)
  })

  it('runs only on its channels, inside its window', () => {
    const p = promo({ promotion_id: 'p', channels: ['web'] })
    const cart = { amounts: [40_000], at: AT }
    expect(applyPromotions([p], { ...cart, channel: 'web' }).applied).toHaveLength(1)
    expect(applyPromotions([p], { ...cart, channel: 'jd' }).applied).toHaveLength(0)
    expect(applyPromotions([p], { ...cart, channel: 'web', at: new Date('2026-12-01T00:00:00Z') }).applied).toHaveLength(0)
    expect(applyPromotions([{ ...p, active: false }], { ...cart, channel: 'web' }).applied).toHaveLength(0)
  })
})

describe('stacking and exclusivity', () => {
  const a = promo({ promotion_id: 'a', priority: 10 })
  const b = promo({ promotion_id: 'b', priority: 5, threshold_cents: 10_000, discount_cents: 1_000, repeating: true })
  const x = promo({ promotion_id: 'x', priority: 20, exclusive: true, threshold_cents: 50_000, discount_cents: 8_000 })

  it('stacks non-exclusive promotions in priority order, each on what is left', () => {
    const r = applyPromotions([b, a], { channel: 'web', at: AT, amounts: [20_000, 20_000] })
    // a: 40 000 ≥ 30 000 → 5 000; b on the 35 000 left: 3 × 1 000.
    expect(r.applied.map((p) => [p.promotion_id, p.discount_cents])).toEqual([
      ['a', 5_000],
      ['b', 3_000],
    ])
    expect(r.amounts).toEqual([16_000, 16_000])
  })

  it('lets an exclusive promotion of the highest priority apply alone, and skips exclusive ones otherwise', () => {
    expect(applyPromotions([a, b, x], { channel: 'web', at: AT, amounts: [60_000] }).applied.map((p) => p.promotion_id)).toEqual(['x'])
    // x does not apply below 500 yuan: a and b stack, x is left out.
    expect(applyPromotions([a, b, x], { channel: 'web', at: AT, amounts: [40_000] }).applied.map((p) => p.promotion_id)).toEqual(['a', 'b'])
    const lowExclusive = { ...x, priority: 1, threshold_cents: 100 }
    expect(applyPromotions([a, lowExclusive], { channel: 'web', at: AT, amounts: [40_000] }).applied.map((p) => p.promotion_id)).toEqual(['a'])
  })

  it('validates promotions naming the field', () => {
    const r = promotionSchema.safeParse({
      promotion_id: 'p',
      name: 'x',
      threshold: '100.00',
      discount: '150.00',
      cap: '10.00',
      channels: [],
      starts_at: '2026-11-02T00:00:00+08:00',
      ends_at: '2026-11-01T00:00:00+08:00',
    })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['channels']))
    const r2 = promotionSchema.safeParse({ promotion_id: 'p', name: 'x', threshold: '100.00', discount: '150.00', cap: '10.00', channels: ['web'], starts_at: '2026-11-02T00:00:00+08:00', ends_at: '2026-11-01T00:00:00+08:00' })
    expect(r2.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['cap', 'discount', 'ends_at'])
    expect(toPromotion(promotionSchema.parse({ promotion_id: 'ok', name: '满300减50', threshold: '300', discount: '50', channels: ['web'], starts_at: '2026-11-01T00:00:00+08:00', ends_at: '2026-11-12T00:00:00+08:00' }))).toMatchObject({ threshold_cents: 30_000, discount_cents: 5_000, cap_cents: null })
  })
})

const channelArb = fc.constantFrom(...CHANNEL_IDS)
const promotionArb = fc
  .record({
    id: fc.integer({ min: 0, max: 99 }),
    threshold: fc.integer({ min: 1, max: 100_000 }),
    share: fc.integer({ min: 1, max: 100 }),
    repeating: fc.boolean(),
    cap: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
    channels: fc.uniqueArray(channelArb, { minLength: 1, maxLength: 7 }),
    priority: fc.integer({ min: 0, max: 5 }),
    exclusive: fc.boolean(),
  })
  .map((r): Promotion => {
    const discount = Math.max(1, Math.floor((r.threshold * r.share) / 100))
    return promo({ promotion_id: `p${r.id}`, threshold_cents: r.threshold, discount_cents: discount, repeating: r.repeating, cap_cents: r.cap === null ? null : discount + r.cap, channels: r.channels, priority: r.priority, exclusive: r.exclusive })
  })
const linesArb = fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 40 }), list: fc.integer({ min: 1, max: 90_000 }) }), { minLength: 1, maxLength: 8 })

describe('promotion properties', () => {
  it('allocations sum to each saving exactly, lines never go negative, caps hold, exclusivity holds', () => {
    fc.assert(
      fc.property(fc.uniqueArray(promotionArb, { selector: (p) => p.promotion_id, maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 500_000 }), { minLength: 1, maxLength: 8 }), channelArb, (promotions, amounts, channel) => {
        fc.pre(amounts.some((a) => a > 0))
        const r = applyPromotions(promotions, { channel, at: AT, amounts })
        let before = amounts.reduce((s, a) => s + a, 0)
        for (const p of r.applied) {
          const def = promotions.find((x) => x.promotion_id === p.promotion_id)!
          expect(p.allocation.reduce((s, x) => s + x, 0)).toBe(p.discount_cents)
          expect(p.discount_cents).toBeGreaterThan(0)
          expect(p.discount_cents).toBeLessThanOrEqual(def.cap_cents ?? Infinity)
          expect(p.discount_cents).toBeLessThanOrEqual(def.repeating ? Math.floor(before / def.threshold_cents) * def.discount_cents : def.discount_cents)
          expect(def.channels).toContain(channel)
          before -= p.discount_cents
        }
        r.amounts.forEach((a) => expect(a).toBeGreaterThanOrEqual(0))
        expect(r.amounts.reduce((s, a) => s + a, 0)).toBe(before)
        const exclusive = r.applied.filter((p) => promotions.find((x) => x.promotion_id === p.promotion_id)!.exclusive)
        if (exclusive.length > 0) expect(r.applied).toHaveLength(1)
      }),
    )
  })

  it('prices a cart the same on every channel a promotion covers', () => {
    fc.assert(
      fc.property(promotionArb, linesArb, (p, raw) => {
        const lines = raw.map((l, i) => ({ sku: `S${i}`, category: 'c', list_price_cents: l.list, quantity: l.quantity }))
        const quotes = p.channels.map((channel: Channel) => priceCart({ lines, rules: [], promotions: [p], channel, at: AT }))
        for (const q of quotes) expect(q).toEqual(quotes[0])
      }),
    )
  })

  it('gives exactly the promotions’ discount, never a negative line, and totals add up', () => {
    fc.assert(
      fc.property(fc.uniqueArray(promotionArb, { selector: (p) => p.promotion_id, maxLength: 4 }), linesArb, (promotions, raw) => {
        const lines = raw.map((l, i) => ({ sku: `S${i}`, category: 'c', list_price_cents: l.list, quantity: l.quantity }))
        const q = priceCart({ lines, rules: [], promotions, channel: 'web', at: AT })
        const nominal = q.promotions.reduce((s, p) => s + p.discount_cents, 0)
        expect(q.promotion_discount_cents).toBe(nominal)
        expect(q.total_cents).toBe(q.tier_total_cents - q.promotion_discount_cents)
        for (const l of q.lines) {
          expect(Number.isInteger(l.promotion_discount_cents)).toBe(true)
          expect(l.amount_cents).toBeGreaterThanOrEqual(0)
          expect(l.amount_cents).toBe(l.unit_price_cents * l.quantity - l.promotion_discount_cents)
        }
      }),
    )
  })
})
