import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import type { RangeQuery } from './filters'
import type { CustomerTotals } from './kpis'
import { rangeWhere } from './where'

/** Customers with a paid order in the range, how many bought for the first time ever, and how many bought twice or more. */
export async function customerTotals(ch: ClickHouseClient, q: RangeQuery, timeZone: string): Promise<CustomerTotals> {
  const where = rangeWhere(q, 'occurred_at')
  const [row] = await queryRows<{ customers: string; new_customers: string; repeat_customers: string }>(
    ch,
    `WITH buyers AS (
       SELECT customer_id, uniqExact(order_id) AS orders FROM ${TABLES.salesLines}
        WHERE kind = 'payment' AND customer_id != '' AND ${where.sql}
        GROUP BY customer_id)
     SELECT toString(count()) AS customers,
            toString(countIf(f.first_paid_at >= toDateTime({from:String}, {tz:String}))) AS new_customers,
            toString(countIf(b.orders >= 2)) AS repeat_customers
       FROM buyers AS b
       LEFT JOIN (SELECT customer_id, min(first_paid_at) AS first_paid_at FROM ${TABLES.customerFirstOrders}
                   WHERE customer_id IN (SELECT customer_id FROM buyers) GROUP BY customer_id) AS f USING customer_id`,
    { ...where.params, tz: timeZone },
  )
  return { customers: Number(row?.customers ?? 0), new_customers: Number(row?.new_customers ?? 0), repeat_customers: Number(row?.repeat_customers ?? 0) }
}
