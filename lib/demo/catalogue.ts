/**
 * The demo catalogue: 60 SKUs over 8 categories of a Chinese omnichannel retailer.
 * Prices are list prices in cents (¥9.90 – ¥899); unit costs are 30–70% of list.
 */

export const CATEGORIES = [
  { category: 'skincare', category_zh: '护肤', name_en: 'Skincare' },
  { category: 'makeup', category_zh: '彩妆', name_en: 'Makeup' },
  { category: 'personal-care', category_zh: '个护', name_en: 'Personal care' },
  { category: 'snacks', category_zh: '食品', name_en: 'Snacks' },
  { category: 'drinks', category_zh: '饮品', name_en: 'Drinks' },
  { category: 'home', category_zh: '家居', name_en: 'Home' },
  { category: 'baby', category_zh: '母婴', name_en: 'Mother & baby' },
  { category: 'apparel', category_zh: '服饰', name_en: 'Apparel' },
] as const

export type CategorySlug = (typeof CATEGORIES)[number]['category']
export const CATEGORY_SLUGS = CATEGORIES.map((c) => c.category) as readonly CategorySlug[]

export type CatalogueItem = {
  sku: string
  name_zh: string
  name_en: string
  category: CategorySlug
  category_zh: string
  list_price_cents: number
  unit_cost_cents: number
}

// [name_zh, name_en, list price in yuan, cost as a share of list]
type Row = readonly [string, string, number, number]

const ROWS: Record<CategorySlug, readonly Row[]> = {
  skincare: [
    ['玻尿酸保湿精华液 30ml', 'Hyaluronic Hydrating Serum 30ml', 259, 0.32],
    ['烟酰胺焕亮面霜 50g', 'Niacinamide Brightening Cream 50g', 329, 0.3],
    ['氨基酸温和洁面乳 120g', 'Amino Acid Gentle Cleanser 120g', 89, 0.38],
    ['补水保湿面膜 10片', 'Hydrating Sheet Masks ×10', 99, 0.35],
    ['清透防晒乳 SPF50+ 50ml', 'Light Sunscreen SPF50+ 50ml', 149, 0.34],
    ['抗皱紧致眼霜 15g', 'Firming Eye Cream 15g', 399, 0.3],
    ['修护精华水 200ml', 'Repair Essence Toner 200ml', 199, 0.33],
    ['臻萃抗老精华 50ml', 'Prestige Anti-ageing Serum 50ml', 899, 0.31],
  ],
  makeup: [
    ['丝绒哑光口红', 'Velvet Matte Lipstick', 169, 0.31],
    ['持妆粉底液 30ml', 'Long-wear Foundation 30ml', 239, 0.32],
    ['十二色眼影盘', '12-shade Eyeshadow Palette', 199, 0.33],
    ['纤长卷翘睫毛膏', 'Lengthening Mascara', 89, 0.36],
    ['轻薄气垫BB霜', 'Cushion BB Compact', 159, 0.34],
    ['极细防水眉笔', 'Ultra-fine Waterproof Brow Pencil', 49.9, 0.4],
    ['控油定妆散粉', 'Oil-control Setting Powder', 129, 0.35],
    ['限定联名口红礼盒', 'Limited-edition Lipstick Gift Set', 399, 0.38],
  ],
  'personal-care': [
    ['无硅油洗发水 500ml', 'Silicone-free Shampoo 500ml', 69.9, 0.45],
    ['香氛沐浴露 500ml', 'Fragrance Body Wash 500ml', 59.9, 0.45],
    ['美白牙膏 120g×2', 'Whitening Toothpaste 120g ×2', 39.9, 0.5],
    ['声波电动牙刷', 'Sonic Electric Toothbrush', 299, 0.55],
    ['护手霜三支装', 'Hand Cream Trio', 79, 0.42],
    ['清新漱口水 500ml', 'Fresh Mouthwash 500ml', 35.9, 0.5],
    ['负离子吹风机', 'Ionic Hair Dryer', 399, 0.62],
  ],
  snacks: [
    ['每日坚果 30包', 'Daily Mixed Nuts ×30', 129, 0.58],
    ['风干牛肉干 200g', 'Air-dried Beef Jerky 200g', 69.9, 0.55],
    ['70%黑巧克力 100g', '70% Dark Chocolate 100g', 29.9, 0.5],
    ['螺蛳粉 5袋装', 'Luosifen Rice Noodles ×5', 59.9, 0.55],
    ['辣条大礼包', 'Spicy Gluten Strips Party Pack', 19.9, 0.52],
    ['手工蛋黄酥 6枚', 'Egg-yolk Pastries ×6', 39.9, 0.55],
    ['冻干草莓脆', 'Freeze-dried Strawberry Crisps', 24.9, 0.5],
    ['海苔脆片', 'Seaweed Crisps', 9.9, 0.6],
  ],
  drinks: [
    ['冷萃挂耳咖啡 20包', 'Cold-brew Drip Coffee ×20', 79, 0.45],
    ['燕麦奶 1L×6', 'Oat Milk 1L ×6', 89, 0.6],
    ['无糖气泡水 480ml×15', 'Sugar-free Sparkling Water ×15', 59.9, 0.55],
    ['明前龙井 250g', 'Pre-Qingming Longjing Tea 250g', 388, 0.45],
    ['云南普洱茶饼 357g', "Yunnan Pu'er Tea Cake 357g", 268, 0.4],
    ['NFC橙汁 1L×4', 'NFC Orange Juice 1L ×4', 69, 0.62],
    ['电解质运动饮料 ×12', 'Electrolyte Sports Drink ×12', 49.9, 0.55],
  ],
  home: [
    ['纯棉四件套 1.8m', 'Cotton Bedding Set 1.8m', 459, 0.45],
    ['长绒棉毛巾三条装', 'Long-staple Cotton Towels ×3', 79, 0.4],
    ['真空保温杯 500ml', 'Vacuum Insulated Bottle 500ml', 129, 0.42],
    ['香薰蜡烛', 'Scented Candle', 99, 0.35],
    ['可折叠收纳箱 3个', 'Foldable Storage Boxes ×3', 69.9, 0.48],
    ['记忆棉枕', 'Memory-foam Pillow', 199, 0.45],
    ['陶瓷餐具套装', 'Ceramic Tableware Set', 239, 0.48],
    ['香薰加湿器', 'Aroma Humidifier', 169, 0.55],
  ],
  baby: [
    ['婴儿配方奶粉 3段 800g', 'Infant Formula Stage 3 800g', 329, 0.68],
    ['纸尿裤 L码 54片', 'Diapers Size L ×54', 129, 0.62],
    ['婴儿手口湿巾 80抽×6', 'Baby Wipes 80 ×6', 49.9, 0.55],
    ['婴儿洗发沐浴二合一', 'Baby 2-in-1 Wash', 69, 0.45],
    ['宽口径玻璃奶瓶', 'Wide-neck Glass Baby Bottle', 109, 0.4],
    ['儿童有机米粉', 'Organic Baby Rice Cereal', 79, 0.55],
    ['婴儿润肤霜', 'Baby Moisturising Cream', 89, 0.4],
  ],
  apparel: [
    ['纯棉圆领T恤', 'Cotton Crew-neck T-shirt', 99, 0.38],
    ['加绒连帽卫衣', 'Fleece Hoodie', 259, 0.4],
    ['轻薄羽绒服', 'Lightweight Down Jacket', 899, 0.45],
    ['直筒牛仔裤', 'Straight-leg Jeans', 299, 0.38],
    ['运动袜 5双装', 'Sports Socks ×5', 39.9, 0.35],
    ['羊毛围巾', 'Wool Scarf', 199, 0.4],
    ['轻量跑步鞋', 'Lightweight Running Shoes', 459, 0.5],
  ],
}

export const CATALOGUE: readonly CatalogueItem[] = (() => {
  const out: CatalogueItem[] = []
  for (const c of CATEGORIES) {
    for (const [name_zh, name_en, yuan, costShare] of ROWS[c.category]) {
      const list = Math.round(yuan * 100)
      out.push({
        sku: `SKU-${String(out.length + 1).padStart(4, '0')}`,
        name_zh,
        name_en,
        category: c.category,
        category_zh: c.category_zh,
        list_price_cents: list,
        unit_cost_cents: Math.round(list * costShare),
      })
    }
  }
  return out
})()

const BY_SKU = new Map(CATALOGUE.map((i) => [i.sku, i]))

export function catalogueItem(sku: string): CatalogueItem {
  const item = BY_SKU.get(sku)
  if (!item) throw new RangeError(`unknown SKU ${sku}`)
  return item
}

/**
 * Hot, hard-to-get items: limited-edition lipstick set, prestige serum, infant formula and the
 * down jacket. Opening stock keeps them scarce, so marketplaces oversell them and own channels
 * get blocked — the out-of-stock paths show up in the demo.
 */
export const SCARCE_SKUS: readonly string[] = ['SKU-0008', 'SKU-0016', 'SKU-0047', 'SKU-0056']

/**
 * Relative demand of each SKU within its category: earlier rows are the category's best
 * sellers and cheaper items sell more units.
 */
export const SKU_POPULARITY: ReadonlyMap<string, number> = (() => {
  const out = new Map<string, number>()
  const rankInCategory = new Map<string, number>()
  for (const item of CATALOGUE) {
    const rank = rankInCategory.get(item.category) ?? 0
    rankInCategory.set(item.category, rank + 1)
    const byRank = 1 / Math.pow(rank + 1, 0.6)
    const byPrice = Math.pow(10_000 / item.list_price_cents, 0.3)
    out.set(item.sku, byRank * byPrice)
  }
  return out
})()
