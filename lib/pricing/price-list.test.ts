import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findPriceListConflicts, priceBreaks, priceRulesSchema, tierUnitPrice, toPriceRule, type PriceRule } from './price-list'

const cream = { sku: 'SKU-A', category: 'skincare', list_price_cents: 19_900 }
const rules = (input: unknown[]) => priceRulesSchema.parse(input).map(toPriceRule)

describe('tier unit price', () => {
  const list = rules([
    { rule_id: 'cat-10', scope: 'category', target: 'skincare', kind: 'percent_off', percent_off: 10 },
    { rule_id: 'cat-15', scope: 'category', target: 'skincare', min_quantity: 50, kind: 'percent_off', percent_off: 15 },
    { rule_id: 'sku-a-20', scope: 'sku', target: 'SKU-A', min_quantity: 20, kind: 'price', price: '160.00' },
    { rule_id: 'sku-a-100', scope: 'sku', target: 'SKU-A', min_quantity: 100, kind: 'price', price: '150.00' },
  ])

  it('takes the SKU rule over the category rule, then the highest break reached', () => {
    expect(tierUnitPrice(list, cream, 1)).toEqual({ unit_price_cents: 17_910, rule_id: 'cat-10' })
    expect(tierUnitPrice(list, cream, 19)).toEqual({ unit_price_cents: 17_910, rule_id: 'cat-10' })
    expect(tierUnitPrice(list, cream, 20)).toEqual({ unit_price_cents: 16_000, rule_id: 'sku-a-20' })
    // The category break at 50 is higher, but a SKU rule applies: the SKU rule wins.
    expect(tierUnitPrice(list, cream, 60)).toEqual({ unit_price_cents: 16_000, rule_id: 'sku-a-20' })
    expect(tierUnitPrice(list, cream, 100)).toEqual({ unit_price_cents: 15_000, rule_id: 'sku-a-100' })
    const serum = { sku: 'SKU-X', category: 'skincare', list_price_cents: 25_900 }
    expect(tierUnitPrice(list, serum, 50)).toEqual({ unit_price_cents: 22_015, rule_id: 'cat-15' })
    expect(tierUnitPrice(list, { sku: 'SKU-C', category: 'snacks', list_price_cents: 3_990 }, 500)).toEqual({ unit_price_cents: 3_990, rule_id: null })
  })

  it('lists the price at each break for the catalogue', () => {
    expect(priceBreaks(list, cream)).toEqual([
      { min_quantity: 1, unit_price_cents: 17_910 },
      { min_quantity: 20, unit_price_cents: 16_000 },
      { min_quantity: 100, unit_price_cents: 15_000 },
    ])
  })

  it('never prices above the list price and never rises with quantity within one rule set without conflicts', () => {
    const rule = fc.record({
      scope: fc.constantFrom('sku' as const, 'category' as const),
      min_quantity: fc.integer({ min: 1, max: 100 }),
      kind: fc.constantFrom('price' as const, 'percent_off' as const),
      value: fc.integer({ min: 1, max: 9_999 }),
    })
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), fc.integer({ min: 1, max: 30_000 }), (raw, listPrice) => {
        const list: PriceRule[] = raw.map((r, i) => ({ ...r, rule_id: `r${i}`, target: r.scope === 'sku' ? 'SKU-A' : 'skincare', value: r.kind === 'price' ? r.value * 3 : r.value }))
        const item = { ...cream, list_price_cents: listPrice }
        for (let q = 1; q <= 101; q += 5) {
          const p = tierUnitPrice(list, item, q)
          expect(p.unit_price_cents).toBeLessThanOrEqual(listPrice)
          expect(p.unit_price_cents).toBeGreaterThanOrEqual(0)
        }
        if (findPriceListConflicts(list).length === 0 && !list.some((r) => r.scope === 'sku')) {
          let last = Infinity
          for (let q = 1; q <= 101; q++) {
            const p = tierUnitPrice(list, item, q).unit_price_cents
            expect(p).toBeLessThanOrEqual(last)
            last = p
          }
        }
      }),
    )
  })
})

describe('price list conflicts', () => {
  it('names overlapping rules: the same target at the same break', () => {
    const conflicts = findPriceListConflicts(
      rules([
        { rule_id: 'a', scope: 'sku', target: 'SKU-A', min_quantity: 10, kind: 'price', price: '150.00' },
        { rule_id: 'b', scope: 'sku', target: 'SKU-A', min_quantity: 10, kind: 'price', price: '140.00' },
        { rule_id: 'c', scope: 'sku', target: 'SKU-B', min_quantity: 10, kind: 'price', price: '140.00' },
      ]),
    )
    expect(conflicts).toEqual([{ rules: ['a', 'b'], reason: 'both price sku SKU-A from quantity 10' }])
  })

  it('names mixed kinds and breaks that raise the price', () => {
    const conflicts = findPriceListConflicts(
      rules([
        { rule_id: 'p1', scope: 'category', target: 'makeup', kind: 'percent_off', percent_off: 20 },
        { rule_id: 'p2', scope: 'category', target: 'makeup', min_quantity: 10, kind: 'percent_off', percent_off: 10 },
        { rule_id: 'x1', scope: 'sku', target: 'SKU-A', kind: 'price', price: '150.00' },
        { rule_id: 'x2', scope: 'sku', target: 'SKU-A', min_quantity: 5, kind: 'percent_off', percent_off: 30 },
      ]),
    )
    expect(conflicts.map((c) => c.rules)).toEqual([
      ['p1', 'p2'],
      ['x1', 'x2'],
    ])
    expect(conflicts[0]!.reason).toContain('dearer')
    expect(conflicts[1]!.reason).toContain('mixes')
  })

  it('finds a conflict whenever two rules share a target and a break', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ target: fc.constantFrom('A', 'B'), min_quantity: fc.integer({ min: 1, max: 4 }) }), { maxLength: 8 }), (raw) => {
        const list: PriceRule[] = raw.map((r, i) => ({ rule_id: `r${i}`, scope: 'sku', target: r.target, min_quantity: r.min_quantity, kind: 'price', value: 1000 - r.min_quantity }))
        const duplicated = new Set(raw.map((r) => `${r.target}@${r.min_quantity}`)).size < raw.length
        expect(findPriceListConflicts(list).length > 0).toBe(duplicated)
      }),
    )
  })

  it('refuses malformed rules naming the field', () => {
    const bad = priceRulesSchema.safeParse([
      { rule_id: 'a', scope: 'sku', target: 'SKU-A', kind: 'price' },
      { rule_id: 'a', scope: 'sku', target: 'SKU-B', kind: 'percent_off', percent_off: 120 },
    ])
    expect(bad.success).toBe(false)
    const paths = bad.error!.issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['0.price', '1.percent_off', '1.rule_id']))
  })
})
