import { queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import type { Sql } from '@/lib/db'
import { fromCents } from '@/lib/money'
import { notFound } from '@/lib/ops/errors'
import { customerJson } from './api'
import { couponTerms } from './campaigns'
import { identityKey, unseal, type IdentityKind } from './identity'
import { mergedIdOf, mergesOf } from './merge'
import { customerAttributes, type SegmentContext } from './segments/query'

/**
 * A merged customer's 360° view. From PostgreSQL: its records, identities (masked unless the
 * caller may see personal data), coupons received and used, merges. From ClickHouse (every
 * paid order, imported history included): the order timeline across channels, favourite
 * categories and stores, lifetime value and RFM.
 */
export async function customerProfile(db: Sql, ch: ClickHouseClient, id: string, opts: { pii: boolean; secret: string; ctx: SegmentContext }) {
  const mergedId = await mergedIdOf(db, id)
  const records = await db.query<{ customer_id: string; name: string | null; city: string; region: string; member_tier: string; created_at: Date }>(
    'SELECT customer_id, name, city, region, member_tier, created_at FROM customers WHERE customer_id = $1 OR merged_into = $1 ORDER BY created_at, customer_id',
    [mergedId],
  )
  // Customers known only to analytics (the historical import, the demo backfill) have no
  // operational record: their id stands for itself.
  const ids = records.length ? records.map((r) => r.customer_id) : [mergedId]
  const attributes = await customerAttributes(ch, mergedId, ids, opts.ctx)
  if (records.length === 0 && !attributes) throw notFound('customer', id)
  const identities = await db.query<{ kind: IdentityKind; customer_id: string; value_masked: string; value_sealed: string }>(
    'SELECT kind, customer_id, value_masked, value_sealed FROM customer_identities WHERE customer_id = ANY($1::text[]) ORDER BY kind, identity_key',
    [ids],
  )
  const orders = await queryRows<{ order_id: string; channel: string; location_id: string; city: string; paid_at: string; paid_cents: string; refunded_cents: string }>(
    ch,
    `SELECT order_id, any(channel) AS channel, any(location_id) AS location_id, any(city) AS city, toString(min(occurred_at)) AS paid_at,
            toString(sumIf(net_cents, kind = 'payment')) AS paid_cents, toString(-sumIf(net_cents, kind = 'refund')) AS refunded_cents
       FROM ${TABLES.salesLines} WHERE customer_id IN {ids:Array(String)}
      GROUP BY order_id ORDER BY paid_at DESC, order_id LIMIT 200`,
    { ids },
  )
  const couponOf = new Map(
    (await db.query<{ order_id: string; coupon_code: string }>('SELECT order_id, coupon_code FROM orders WHERE order_id = ANY($1::text[]) AND coupon_code IS NOT NULL', [orders.map((o) => o.order_id)])).map((o) => [
      o.order_id,
      o.coupon_code,
    ]),
  )
  const lines = await queryRows<{ category: string; location_id: string; cents: string }>(
    ch,
    `SELECT category, location_id, toString(sum(net_cents)) AS cents FROM ${TABLES.salesLines}
      WHERE customer_id IN {ids:Array(String)} GROUP BY category, location_id`,
    { ids },
  )
  const coupons = await db.query<{ coupon_code: string; campaign_id: string; name: string; amount_cents: string; threshold_cents: string; valid_from: Date; valid_to: Date; used_order: string | null }>(
    `SELECT k.coupon_code, k.campaign_id, c.name, c.amount_cents::text, c.threshold_cents::text, c.valid_from, c.valid_to,
            (SELECT o.order_id FROM orders o WHERE o.coupon_code = k.coupon_code AND o.paid_at IS NOT NULL AND o.status <> 'cancelled' ORDER BY o.paid_at LIMIT 1) AS used_order
       FROM coupons k JOIN campaigns c USING (campaign_id) WHERE k.customer_id = ANY($1::text[]) ORDER BY c.valid_from DESC`,
    [[mergedId, ...ids]],
  )
  const survivor = records.find((r) => r.customer_id === mergedId) ?? records[0]
  const iso = (v: string) => `${v.replace(' ', 'T')}Z`
  return {
    customer_id: mergedId,
    requested_id: id,
    name: survivor?.name ?? null,
    city: survivor?.city || attributes?.city || '',
    region: survivor?.region || attributes?.region || '',
    member_tier: survivor?.member_tier ?? attributes?.member_tier ?? 'none',
    records: records.length ? records.map((r) => ({ customer_id: r.customer_id, created_at: new Date(r.created_at).toISOString() })) : [{ customer_id: mergedId, created_at: null }],
    identities: identities.map((i) => ({ kind: i.kind, customer_id: i.customer_id, value: opts.pii ? unseal(opts.secret, i.value_sealed) : i.value_masked, masked: !opts.pii })),
    channels: attributes?.channels ?? [],
    orders: orders.map((o) => ({
      order_id: o.order_id,
      channel: o.channel,
      status: Number(o.refunded_cents) > 0 ? 'refunded' : 'paid',
      location_id: o.location_id,
      city: o.city,
      total: fromCents(Number(o.paid_cents)),
      paid_at: iso(o.paid_at),
      coupon_code: couponOf.get(o.order_id) ?? null,
    })),
    favourites: favouritesOf(lines.map((l) => ({ category: l.category, location_id: l.location_id, cents: Number(l.cents) }))),
    coupons: coupons.map((c) => ({
      coupon_code: c.coupon_code,
      campaign_id: c.campaign_id,
      campaign: c.name,
      ...couponTerms(c),
      used_order: c.used_order,
    })),
    merges: await mergesOf(db, ids),
    attributes: attributes && customerJson(attributes),
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
