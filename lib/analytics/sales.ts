import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import { groupingSql, memberKey, membersOf, NO_SHIFT, shiftParams, type Members, type Shift } from './dimensions'
import type { Dimension, RangeQuery } from './filters'
import { salesKpis, ZERO_SALES, type SalesKpis, type SalesTotals } from './kpis'
import { rangeWhere } from './where'

/** Totals per row of a grouping, keyed by `memberKey`. */
export type Grouped<T> = Map<string, { members: Members; totals: T }>

type Row = Record<string, string> & { gross: string; net: string; cost: string; orders: string; customers: string }

const MEASURES = `
  toString(sum(gross_cents)) AS gross, toString(sum(net_cents)) AS net, toString(sum(cost_cents)) AS cost,
  toString(sum(paid_orders)) AS orders, toString(uniqExactMergeIf(customers, kind = 'payment')) AS customers`

/**
 * Sales totals for a range, grouped by `dims` (none = one total row). Reads only the hourly
 * rollup; `shift` relabels a comparison range's time members (see dimensions.ts).
 */
export async function salesTotalsBy(
  ch: ClickHouseClient,
  q: RangeQuery,
  timeZone: string,
  dims: readonly Dimension[] = [],
  shift: Shift = NO_SHIFT,
): Promise<Grouped<SalesTotals>> {
  const where = rangeWhere(q, 'hour')
  const g = groupingSql(dims, 'hour')
  const rows = await queryRows<Row>(ch, `SELECT ${[...g.select, MEASURES].join(', ')} FROM ${TABLES.salesHourly} WHERE ${where.sql} ${g.groupBy}`, {
    ...where.params,
    ...shiftParams(shift),
    tz: timeZone,
  })
  const out: Grouped<SalesTotals> = new Map()
  for (const r of rows) {
    const members = membersOf(dims, r)
    const totals = { gross_cents: Number(r.gross), net_cents: Number(r.net), cost_cents: Number(r.cost), paid_orders: Number(r.orders), customers: Number(r.customers) }
    out.set(memberKey(dims, members), { members, totals })
  }
  return out
}

export type SalesRow = Members & SalesKpis

/** Sales KPIs grouped by up to two dimensions, ordered by member (none = the total). */
export async function salesBreakdown(ch: ClickHouseClient, q: RangeQuery, timeZone: string, dims: Dimension[] = []): Promise<SalesRow[]> {
  const grouped = [...(await salesTotalsBy(ch, q, timeZone, dims)).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return grouped.map(([, { members, totals }]) => ({ ...members, ...salesKpis(totals) }))
}

export async function salesTotals(ch: ClickHouseClient, q: RangeQuery, timeZone: string): Promise<SalesKpis> {
  const [row] = (await salesTotalsBy(ch, q, timeZone)).values()
  return salesKpis(row?.totals ?? ZERO_SALES)
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
