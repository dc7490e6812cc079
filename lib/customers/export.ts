import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { toCsv } from '@/components/dashboard/csv'
import type { Sql } from '@/lib/db'
import { customerJson } from './api'
import { unseal } from './identity'
import { listSegment, type SegmentContext } from './segments/query'
import type { RuleGroup } from './segments/rules'

export const MAX_EXPORT_ROWS = 100_000

/**
 * A segment's members as CSV rows: attributes, and phone and e-mail — clear for roles allowed
 * personal data (customers:pii), masked otherwise.
 */
export async function segmentCsv(db: Sql, ch: ClickHouseClient, rules: RuleGroup, opts: { pii: boolean; secret: string; ctx: SegmentContext; limit: number }) {
  const members = await listSegment(ch, { rules, limit: Math.min(opts.limit, MAX_EXPORT_ROWS), sort: 'customer_id' }, opts.ctx)
  const contacts = new Map<string, { phone: string[]; email: string[] }>()
  for (let i = 0; i < members.length; i += 5000) {
    const ids = members.slice(i, i + 5000).map((m) => m.customer_id)
    const rows = await db.query<{ id: string; kind: string; value_masked: string; value_sealed: string }>(
      `SELECT COALESCE(c.merged_into, c.customer_id) AS id, i.kind, i.value_masked, i.value_sealed
         FROM customer_identities i JOIN customers c USING (customer_id)
        WHERE i.kind IN ('phone', 'email') AND (c.customer_id = ANY($1::text[]) OR c.merged_into = ANY($1::text[]))
        ORDER BY i.identity_key`,
      [ids],
    )
    for (const r of rows) {
      const entry = contacts.get(r.id) ?? { phone: [], email: [] }
      entry[r.kind as 'phone' | 'email'].push(opts.pii ? unseal(opts.secret, r.value_sealed) : r.value_masked)
      contacts.set(r.id, entry)
    }
  }
  const header = ['customer_id', 'phone', 'email', 'city', 'region', 'member_tier', 'orders', 'spend', 'aov', 'first_purchase_at', 'last_purchase_at', 'days_since_last_order', 'rfm_class', 'r', 'f', 'm', 'channels', 'categories']
  const body = members.map(customerJson).map((m) => [
    m.customer_id,
    contacts.get(m.customer_id)?.phone.join(' ') ?? '',
    contacts.get(m.customer_id)?.email.join(' ') ?? '',
    m.city,
    m.region,
    m.member_tier,
    m.orders,
    m.spend,
    m.aov,
    m.first_purchase_at,
    m.last_purchase_at,
    m.days_since_last_order,
    m.rfm.cls,
    m.rfm.r,
    m.rfm.f,
    m.rfm.m,
    m.channels.join(' '),
    m.categories.join(' '),
  ])
  return toCsv([header, ...body])
}
