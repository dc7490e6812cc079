import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { attributesSql, liveAttributesSql, SUMMARY_COLUMNS, toSummary, type AttributeRow, type CustomerSummary } from '@/lib/customers/attributes'
import { compileRules } from './compile'
import type { RuleGroup } from './rules'

/** What every segment query binds besides the rules: the moment recency is measured to, the time zone of dates. */
export type SegmentContext = { asOf: Date; timeZone: string }

/** Now, in the configured time zone: what the API measures with. */
export function nowContext(timeZone: string): SegmentContext {
  return { asOf: new Date(), timeZone }
}

const contextParams = (c: SegmentContext) => ({ as_of: (c.asOf.getTime() / 1000).toFixed(3), tz: c.timeZone })

export type SegmentCount = {
  customers: number
  revenue_cents: number
  all_customers: number
  all_revenue_cents: number
}

/** How many merged customers match, their revenue, and the totals the shares are of. */
export async function countSegment(ch: ClickHouseClient, rules: RuleGroup, c: SegmentContext): Promise<SegmentCount> {
  const { sql, params, columns } = compileRules(rules)
  const [row] = await queryRows<Record<string, string>>(
    ch,
    `SELECT toString(countIf(m_match)) AS n, toString(sumIf(a_net_cents, m_match)) AS rev,
            toString(count()) AS n_all, toString(sum(a_net_cents)) AS rev_all
       FROM (SELECT a_net_cents, ${sql} AS m_match FROM ${attributesSql([...columns, 'a_net_cents'])})`,
    { ...params, ...contextParams(c) },
  )
  return {
    customers: Number(row?.n ?? 0),
    revenue_cents: Number(row?.rev ?? 0),
    all_customers: Number(row?.n_all ?? 0),
    all_revenue_cents: Number(row?.rev_all ?? 0),
  }
}

export type ListOptions = {
  rules: RuleGroup
  /** Only these merged customers (a search hit list). */
  ids?: string[]
  limit: number
  offset?: number
  sort?: 'spend' | 'last_purchase' | 'orders' | 'customer_id'
}

const ORDER = {
  spend: { sql: 'a_net_cents DESC, a_customer_id', columns: ['a_net_cents'] },
  last_purchase: { sql: 'a_last_at DESC NULLS LAST, a_customer_id', columns: ['a_last_at'] },
  orders: { sql: 'a_orders DESC, a_customer_id', columns: ['a_orders'] },
  customer_id: { sql: 'a_customer_id', columns: [] },
} as const

/**
 * Matching customers with their attributes, best customers first by default (the builder's
 * sample, the list page). Two steps: the page's ids from only the columns the rules and the
 * order need, then the page's full attributes — so a million customers never build arrays.
 */
export async function listSegment(ch: ClickHouseClient, o: ListOptions, c: SegmentContext): Promise<CustomerSummary[]> {
  const { sql, params, columns } = compileRules(o.rules)
  const order = ORDER[o.sort ?? 'spend']
  const page = await queryRows<{ a_customer_id: string }>(
    ch,
    `SELECT a_customer_id FROM ${attributesSql([...columns, ...order.columns], o.ids ? 'ids' : undefined)}
      WHERE ${sql} ORDER BY ${order.sql} LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
    { ...params, ...contextParams(c), ids: o.ids ?? [], limit: o.limit, offset: o.offset ?? 0 },
  )
  if (page.length === 0) return []
  const ids = page.map((r) => r.a_customer_id)
  const rows = await queryRows<AttributeRow>(
    ch,
    `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM ${attributesSql(SUMMARY_COLUMNS, 'page')}`,
    { ...contextParams(c), page: ids },
  )
  const byId = new Map(rows.map((r) => [r.a_customer_id, toSummary(r)]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/** Every matching merged customer id (exports, snapshots, campaigns), in id order. */
export async function segmentMemberIds(ch: ClickHouseClient, rules: RuleGroup, c: SegmentContext): Promise<string[]> {
  const { sql, params, columns } = compileRules(rules)
  const rows = await queryRows<{ a_customer_id: string }>(
    ch,
    `SELECT a_customer_id FROM ${attributesSql(columns)} WHERE ${sql} ORDER BY a_customer_id`,
    { ...params, ...contextParams(c) },
  )
  return rows.map((r) => r.a_customer_id)
}

/** One merged customer's attributes, live from its records (the profile page), with the SKUs bought. */
export async function customerAttributes(
  ch: ClickHouseClient,
  mergedId: string,
  records: string[],
  c: SegmentContext,
): Promise<(CustomerSummary & { skus: string[] }) | null> {
  const rows = await queryRows<AttributeRow & { a_skus: string[] }>(
    ch,
    `SELECT ${SUMMARY_COLUMNS.join(', ')}, a_skus FROM ${liveAttributesSql([...SUMMARY_COLUMNS, 'a_skus'], 'records')}
      WHERE a_customer_id = {id:String}`,
    { ...contextParams(c), records, id: mergedId },
  )
  return rows[0] ? { ...toSummary(rows[0]), skus: [...rows[0].a_skus].sort() } : null
}
