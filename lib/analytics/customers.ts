import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import { mergedCustomerIdSql } from '@/lib/customers/merged-id'
import { groupingSql, memberKey, membersOf, NO_SHIFT, shiftParams, sliceStartSql, type Shift } from './dimensions'
import type { Dimension, RangeQuery } from './filters'
import { ZERO_CUSTOMERS, type CustomerTotals } from './kpis'
import type { Grouped } from './sales'
import { rangeWhere } from './where'

/**
 * Per row of `dims`: customers with a paid order in the row's slice, how many bought for the
 * first time ever in it, and how many bought twice or more in it. The slice of a time member
 * is that member within the range, so a day's row equals the KPIs of that day alone.
 * Customers are merged customers: ids go through customer_merge_map (docs/customers.md).
 */
export async function customerTotalsBy(
  ch: ClickHouseClient,
  q: RangeQuery,
  timeZone: string,
  dims: readonly Dimension[] = [],
  shift: Shift = NO_SHIFT,
): Promise<Grouped<CustomerTotals>> {
  const where = rangeWhere(q, 'occurred_at')
  const g = groupingSql(dims, 'occurred_at')
  const aliases = dims.map((d) => `dim_${d}`)
  const rows = await queryRows<Record<string, string>>(
    ch,
    `WITH buyers AS (
       SELECT ${[...g.select, `${mergedCustomerIdSql('customer_id')} AS buyer_id`].join(', ')}, uniqExact(order_id) AS n_orders, any(${sliceStartSql(dims, 'occurred_at')}) AS slice_start
         FROM ${TABLES.salesLines}
        WHERE kind = 'payment' AND customer_id != '' AND ${where.sql}
        GROUP BY ${[...aliases, 'buyer_id'].join(', ')})
     SELECT ${[...aliases, ''].join(', ')}
            toString(count()) AS n_customers,
            toString(countIf(f.first_at >= b.slice_start)) AS n_new,
            toString(countIf(b.n_orders >= 2)) AS n_repeat
       FROM buyers AS b
       LEFT JOIN (SELECT ${mergedCustomerIdSql('customer_id')} AS buyer_id, min(first_paid_at) AS first_at FROM ${TABLES.customerFirstOrders}
                   WHERE buyer_id IN (SELECT buyer_id FROM buyers) GROUP BY buyer_id) AS f USING buyer_id
     ${aliases.length ? `GROUP BY ${aliases.join(', ')}` : ''}`,
    { ...where.params, ...shiftParams(shift), tz: timeZone },
  )
  const out: Grouped<CustomerTotals> = new Map()
  for (const r of rows) {
    const members = membersOf(dims, r)
    out.set(memberKey(dims, members), {
      members,
      totals: { customers: Number(r.n_customers ?? 0), new_customers: Number(r.n_new ?? 0), repeat_customers: Number(r.n_repeat ?? 0) },
    })
  }
  return out
}

/** Customers with a paid order in the range, how many bought for the first time ever, and how many bought twice or more. */
export async function customerTotals(ch: ClickHouseClient, q: RangeQuery, timeZone: string): Promise<CustomerTotals> {
  const [row] = (await customerTotalsBy(ch, q, timeZone)).values()
  return row?.totals ?? ZERO_CUSTOMERS
}
