import type { Db } from '@/lib/db'

export type SkuRecord = { sku: string; name_zh: string; name_en: string; category: string; list_price_cents: number }
export type LocationRecord = {
  location_id: string
  kind: 'store' | 'warehouse'
  name_zh: string
  name_en: string
  region: string
  city: string
  lat: number
  lng: number
}

/** Master data: insert or update SKUs (cost is never set here — it comes from receipts). */
export async function upsertSkus(db: Db, skus: readonly SkuRecord[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const s of skus) {
      await tx.query(
        `INSERT INTO skus (sku, name_zh, name_en, category, list_price_cents) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (sku) DO UPDATE SET name_zh = $2, name_en = $3, category = $4, list_price_cents = $5`,
        [s.sku, s.name_zh, s.name_en, s.category, s.list_price_cents],
      )
    }
  })
}

export async function upsertLocations(db: Db, locations: readonly LocationRecord[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const l of locations) {
      await tx.query(
        `INSERT INTO locations (location_id, kind, name_zh, name_en, region, city, lat, lng) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (location_id) DO UPDATE SET kind = $2, name_zh = $3, name_en = $4, region = $5, city = $6, lat = $7, lng = $8`,
        [l.location_id, l.kind, l.name_zh, l.name_en, l.region, l.city, l.lat, l.lng],
      )
    }
  })
}
