import type { ClickHouseClient } from '@/lib/clickhouse/client'
import type { Sql } from '@/lib/db'
import { fromCents } from '@/lib/money'
import { notFound } from '@/lib/ops/errors'
import { identityKey, unseal, type IdentityKind } from './identity'
import { mergedIdOf, mergesOf } from './merge'
import { customerAttributes, type SegmentContext } from './segments/query'

/**
 * A merged customer's 360° view: its records and identities (masked unless the caller may see
 * personal data), the order timeline across channels, favourite categories and stores,
 * coupons received and used, merges — from PostgreSQL, the source of truth — and lifetime
 * value and RFM from ClickHouse.
 */
export async function customerProfile(db: Sql, ch: ClickHouseClient, id: string, opts: { pii: boolean; secret: string; ctx: SegmentContext }) {
  const mergedId = await mergedIdOf(db, id)
  const records = await db.query<{ customer_id: string; name: string | null; city: string; region: string; member_tier: string; created_at: Date }>(
    'SELECT customer_id, name, city, region, member_tier, created_at FROM customers WHERE customer_id = $1 OR merged_into = $1 ORDER BY created_at, customer_id',
    [mergedId],
  )
  if (records.length === 0) throw notFound('customer', id)
  const ids = records.map((r) => r.customer_id)
  const identities = await db.query<{ kind: IdentityKind; customer_id: string; value_masked: string; value_sealed: string }>(
    'SELECT kind, customer_id, value_masked, value_sealed FROM customer_identities WHERE customer_id = ANY($1::text[]) ORDER BY kind, identity_key',
    [ids],
  )
  const orders = await db.query<{ order_id: string; channel: string; status: string; location_id: string; city: string; total_cents: string; placed_at: Date; paid_at: Date | null; coupon_code: string | null; customer_id: string }>(
    `SELECT order_id, channel, status, location_id, city, total_cents::text, placed_at, paid_at, coupon_code, customer_id
       FROM orders WHERE customer_id = ANY($1::text[]) ORDER BY placed_at DESC LIMIT 200`,
    [ids],
  )
  const lines = await db.query<{ category: string; location_id: string; amount_cents: string }>(
    `SELECT l.category, o.location_id, sum(l.amount_cents)::text AS amount_cents
       FROM orders o JOIN order_lines l USING (order_id)
      WHERE o.customer_id = ANY($1::text[]) AND o.paid_at IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded')
      GROUP BY l.category, o.location_id`,
    [ids],
  )
  const coupons = await db.query<{ coupon_code: string; campaign_id: string; name: string; amount_cents: string; threshold_cents: string; valid_from: Date; valid_to: Date; used_order: string | null }>(
    `SELECT k.coupon_code, k.campaign_id, c.name, c.amount_cents::text, c.threshold_cents::text, c.valid_from, c.valid_to,
            (SELECT o.order_id FROM orders o WHERE o.coupon_code = k.coupon_code AND o.paid_at IS NOT NULL AND o.status <> 'cancelled' ORDER BY o.paid_at LIMIT 1) AS used_order
       FROM coupons k JOIN campaigns c USING (campaign_id) WHERE k.customer_id = ANY($1::text[]) ORDER BY c.valid_from DESC`,
    [[mergedId, ...ids]],
  )
  const attributes = await customerAttributes(ch, mergedId, ids, opts.ctx)
  const survivor = records.find((r) => r.customer_id === mergedId) ?? records[0]!
  return {
    customer_id: mergedId,
    requested_id: id,
    name: survivor.name,
    city: survivor.city,
    region: survivor.region,
    member_tier: survivor.member_tier,
    records: records.map((r) => ({ customer_id: r.customer_id, created_at: new Date(r.created_at).toISOString() })),
    identities: identities.map((i) => ({ kind: i.kind, customer_id: i.customer_id, value: opts.pii ? unseal(opts.secret, i.value_sealed) : i.value_masked, masked: !opts.pii })),
    channels: [...new Set(orders.map((o) => o.channel))].sort(),
    orders: orders.map((o) => ({
      order_id: o.order_id,
      channel: o.channel,
      status: o.status,
      location_id: o.location_id,
      city: o.city,
      total: fromCents(Number(o.total_cents)),
      placed_at: new Date(o.placed_at).toISOString(),
      paid_at: o.paid_at ? new Date(o.paid_at).toISOString() : null,
      coupon_code: o.coupon_code,
      record_id: o.customer_id,
    })),
    favourites: favouritesOf(lines.map((l) => ({ category: l.category, location_id: l.location_id, cents: Number(l.amount_cents) }))),
    coupons: coupons.map((c) => ({
      coupon_code: c.coupon_code,
      campaign_id: c.campaign_id,
      campaign: c.name,
      amount: fromCents(Number(c.amount_cents)),
      threshold: fromCents(Number(c.threshold_cents)),
      valid_from: new Date(c.valid_from).toISOString(),
      valid_to: new Date(c.valid_to).toISOString(),
      used_order: c.used_order,
    })),
    merges: await mergesOf(db, ids),
    attributes,
  }
}
export type CustomerProfile = Awaited<ReturnType<typeof customerProfile>>

/** Top categories and stores by net spend (paid, not refunded), largest first, at most five each. */
export function favouritesOf(rows: readonly { category: string; location_id: string; cents: number }[]) {
  const top = (key: 'category' | 'location_id') => {
    const sums = new Map<string, number>()
    for (const r of rows) sums.set(r[key], (sums.get(r[key]) ?? 0) + r.cents)
    return [...sums.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 5)
      .map(([name, cents]) => ({ name, spend: fromCents(cents) }))
  }
  return { categories: top('category'), stores: top('location_id') }
}

/**
 * Merged customer ids matching a search: a phone, e-mail, member number or WeChat unionid
 * (through their keyed hashes, so personal data is never searched in clear), or the start of a
 * customer id, or part of a name.
 */
export async function searchCustomers(db: Sql, secret: string, q: string): Promise<string[]> {
  const term = q.trim()
  if (!term) return []
  const keys = (['phone', 'email', 'member_no', 'unionid'] as const).map((k) => identityKey(secret, k, term))
  const rows = await db.query<{ id: string }>(
    `SELECT DISTINCT COALESCE(c.merged_into, c.customer_id) AS id FROM customers c
      WHERE c.customer_id IN (SELECT customer_id FROM customer_identities WHERE identity_key = ANY($1::text[]))
         OR c.customer_id ILIKE $2 || '%' OR c.name ILIKE '%' || $2 || '%'
      ORDER BY 1 LIMIT 500`,
    [keys, term.replace(/[%_\\]/g, (m) => `\\${m}`)],
  )
  return rows.map((r) => r.id)
}
