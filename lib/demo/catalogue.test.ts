import { describe, it, expect } from 'vitest'
import { CATALOGUE, CATEGORIES, SCARCE_SKUS, SKU_POPULARITY, catalogueItem } from './catalogue'

describe('catalogue', () => {
  it('has about 60 unique SKUs over 8 categories with stable slugs', () => {
    expect(CATALOGUE.length).toBe(60)
    expect(CATEGORIES.length).toBe(8)
    expect(new Set(CATALOGUE.map((i) => i.sku)).size).toBe(CATALOGUE.length)
    for (const item of CATALOGUE) {
      expect(item.sku).toMatch(/^SKU-\d{4}$/)
      expect(item.category).toMatch(/^[a-z]+(-[a-z]+)*$/)
      expect(item.name_zh).toMatch(/[\u4e00-\u9fff]/)
      expect(item.name_en.length).toBeGreaterThan(2)
      expect(CATEGORIES.find((c) => c.category === item.category)?.category_zh).toBe(item.category_zh)
    }
    for (const c of CATEGORIES) {
      const n = CATALOGUE.filter((i) => i.category === c.category).length
      expect(n).toBeGreaterThanOrEqual(6)
      expect(n).toBeLessThanOrEqual(9)
    }
    expect(CATEGORIES.map((c) => c.category_zh)).toEqual(['护肤', '彩妆', '个护', '食品', '饮品', '家居', '母婴', '服饰'])
  })

  it('prices are realistic (¥9.90–¥899) and costs 30–70% of list, in whole cents', () => {
    for (const item of CATALOGUE) {
      expect(Number.isInteger(item.list_price_cents)).toBe(true)
      expect(Number.isInteger(item.unit_cost_cents)).toBe(true)
      expect(item.list_price_cents).toBeGreaterThanOrEqual(990)
      expect(item.list_price_cents).toBeLessThanOrEqual(89_900)
      const share = item.unit_cost_cents / item.list_price_cents
      expect(share).toBeGreaterThanOrEqual(0.3)
      expect(share).toBeLessThanOrEqual(0.7)
    }
    expect(Math.min(...CATALOGUE.map((i) => i.list_price_cents))).toBe(990)
    expect(Math.max(...CATALOGUE.map((i) => i.list_price_cents))).toBe(89_900)
  })

  it('has a few scarce SKUs from the catalogue and a popularity for every SKU', () => {
    expect(SCARCE_SKUS.length).toBeGreaterThanOrEqual(2)
    for (const sku of SCARCE_SKUS) expect(catalogueItem(sku).sku).toBe(sku)
    for (const item of CATALOGUE) expect(SKU_POPULARITY.get(item.sku)).toBeGreaterThan(0)
    expect(() => catalogueItem('SKU-9999')).toThrow(RangeError)
  })
})
