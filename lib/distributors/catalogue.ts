import type { Sql } from '@/lib/db'
import { fromCents } from '@/lib/money'
import { stockBalances } from '@/lib/ops/stock'
import { priceBreaks, tierUnitPrice } from '@/lib/pricing/price-list'
import { getTier } from '@/lib/pricing/store'
import { getDistributor } from './accounts'

/**
 * The portal catalogue: every SKU with the distributor's tier price, its quantity breaks, and
 * what the stock pool can supply. Distributor orders carry no delivery point, so they are routed
 * to a warehouse: availability is the sum over warehouses, and the largest at one warehouse is
 * given too (one order is served from one location).
 */
export async function portalCatalogue(db: Sql, distributorId: string) {
  const d = await getDistributor(db, distributorId)
  const tier = await getTier(db, d.tier_id)
  const skus = await db.query<{ sku: string; name_zh: string; name_en: string; category: string; list_price_cents: number }>(
    'SELECT sku, name_zh, name_en, category, list_price_cents FROM skus ORDER BY category, sku',
  )
  const warehouses = new Set((await db.query<{ location_id: string }>(`SELECT location_id FROM locations WHERE kind = 'warehouse'`)).map((l) => l.location_id))
  const stock = new Map<string, { total: number; best: number }>()
  for (const b of await stockBalances(db, {})) {
    if (!warehouses.has(b.location_id)) continue
    const s = stock.get(b.sku) ?? { total: 0, best: 0 }
    stock.set(b.sku, { total: s.total + Math.max(b.available, 0), best: Math.max(s.best, b.available) })
  }
  return {
    distributor: { distributor_id: d.distributor_id, name: d.name, tier_id: tier.tier_id, tier_name: tier.name },
    items: skus.map((s) => ({
      sku: s.sku,
      name_zh: s.name_zh,
      name_en: s.name_en,
      category: s.category,
      list_price: fromCents(s.list_price_cents),
      tier_price: fromCents(tierUnitPrice(tier.rules, s, 1).unit_price_cents),
      breaks: priceBreaks(tier.rules, s).map((b) => ({ min_quantity: b.min_quantity, unit_price: fromCents(b.unit_price_cents) })),
      available: stock.get(s.sku)?.total ?? 0,
      available_at_one_warehouse: stock.get(s.sku)?.best ?? 0,
    })),
  }
}
