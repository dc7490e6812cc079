import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import type { Dimension, RangeQuery } from './filters'
import { salesKpis, type SalesKpis, type SalesTotals } from './kpis'
import { rangeWhere } from './where'

/** How each dimension is read from the hourly rollup; time buckets are local to the time zone. */
const DIMENSION_SQL: Record<Dimension, string> = {
  channel: 'channel',
  region: 'region',
  city: 'city',
  store: 'location_id',
  category: 'category',
  sku: 'sku',
  day: 'toString(toDate(hour, {tz:String}))',
  hour: "formatDateTime(hour, '%Y-%m-%d %H:00', {tz:String})",
}

type Row = Record<string, string | number> & { gross: string; net: string; cost: string; orders: string; customers: string }

const MEASURES = `
  toString(sum(gross_cents)) AS gross, toString(sum(net_cents)) AS net, toString(sum(cost_cents)) AS cost,
  toString(sum(paid_orders)) AS orders, toString(uniqExactMergeIf(customers, kind = 'payment')) AS customers`

function totals(r: Row): SalesTotals {
  return {
    gross_cents: Number(r.gross),
    net_cents: Number(r.net),
    cost_cents: Number(r.cost),
    paid_orders: Number(r.orders),
    customers: Number(r.customers),
  }
}

export type BreakdownRow = Partial<Record<Dimension, string>> & SalesKpis

/**
 * Sales KPIs for a range, grouped by up to two dimensions (none = the total). Reads only the
 * hourly rollup; every value is bound as a parameter.
 */
export async function salesBreakdown(
  ch: ClickHouseClient,
  q: RangeQuery,
  timeZone: string,
  dims: Dimension[] = [],
): Promise<BreakdownRow[]> {
  const where = rangeWhere(q, 'hour')
  // Aliases get a prefix: an alias named like a column (hour) would replace it in WHERE.
  const select = dims.map((d) => `${DIMENSION_SQL[d]} AS dim_${d}`)
  const sql = `SELECT ${[...select, MEASURES].join(', ')} FROM ${TABLES.salesHourly} WHERE ${where.sql}
    ${dims.length ? `GROUP BY ${dims.map((d) => `dim_${d}`).join(', ')} ORDER BY ${dims.map((d) => `dim_${d}`).join(', ')}` : ''}`
  const rows = await queryRows<Row>(ch, sql, { ...where.params, tz: timeZone })
  return rows.map((r) => {
    const keys = Object.fromEntries(dims.map((d) => [d, String(r[`dim_${d}`])]))
    return { ...keys, ...salesKpis(totals(r)) }
  })
}

export async function salesTotals(ch: ClickHouseClient, q: RangeQuery, timeZone: string): Promise<SalesKpis> {
  const [row] = await salesBreakdown(ch, q, timeZone)
  return row ?? salesKpis({ gross_cents: 0, net_cents: 0, cost_cents: 0, paid_orders: 0, customers: 0 })
}

/** How current the analytics store is: the newest event time it holds. */
export async function freshness(ch: ClickHouseClient): Promise<{ newest_event_at: string | null; as_of: string }> {
  const [row] = await queryRows<{ newest: string | null }>(
    ch,
    `SELECT if(count() = 0, NULL, formatDateTime(max(occurred_at), '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC')) AS newest
       FROM ${TABLES.events} WHERE dead_letter_reason = '' AND ingested_at > now64(3) - INTERVAL 1 DAY`,
  )
  return { newest_event_at: row?.newest ? row.newest.replace(/(\.\d{3})\d*Z$/, '$1Z') : null, as_of: new Date().toISOString() }
}
