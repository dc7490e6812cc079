import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import type { SingleRowRead } from '@/lib/clickhouse/one-statement'
import { TABLES } from '@/lib/clickhouse/tables'
import { MERGE_INVOLVED_IDS, MERGE_INVOLVED_KEYS, MERGED_KEY, MERGED_KEY_JOIN, mergedCustomerIdSql } from '@/lib/customers/merged-id'
import { dimensionSql, groupingSql, memberKey, membersOf, NO_SHIFT, shiftParams, sliceStartSql, type Shift } from './dimensions'
import { isTimeDimension, type Dimension, type RangeQuery } from './filters'
import { customerGrain, customerYears, memberPieces, type CustomerGrain, type CustomerYears } from './grain'
import { ZERO_CUSTOMERS, type CustomerTotals } from './kpis'
import { ORDER_FILTERS } from './order-flow'
import { dailyRollupsFit } from './rollups'
import type { Grouped, WithTotal } from './sales'
import { DAY_TIME, dayRangeWhere, rangeWhere } from './where'

/**
 * The first payment ever of each merged customer who could be new in the range: only one with
 * a stored first payment at or after the range start can be (a slice starts no earlier). The
 * first-payment tables take a row only when it lowers a customer's minimum (clickhouse/0012),
 * so those candidates are few, and their exact minimum — over all their rows — is read by key.
 * Every record a merge ever involved is read too, so a merged customer's minimum covers all
 * its records. Everyone else is known not to be new without entering the join.
 */
function recentFirsts(table: string, key: 'customer_key' | 'customer_id') {
  const [buyer, join, involved] = key === 'customer_key' ? [MERGED_KEY, MERGED_KEY_JOIN, MERGE_INVOLVED_KEYS] : [mergedCustomerIdSql('customer_id'), '', MERGE_INVOLVED_IDS]
  return `SELECT ${buyer} AS buyer_key, min(first_paid_at) AS first_at FROM ${table} ${join}
           WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE first_paid_at >= toDateTime({from:String}, {tz:String}) UNION ALL ${involved})
           GROUP BY buyer_key`
}

/** What customer_sku_days can be filtered by: it has no place. */
const SKU_DAY_FILTERS = ['channel', 'category', 'sku'] as const

/**
 * The customer_days rows of an unfiltered range, with every calendar year the range holds
 * whole read from customer_years instead (grain.ts customerYears): the year still running is
 * read whole only when nothing is stored after the range's last day — else its days are. A
 * customer's rows sum to the same paid orders either way.
 */
function buyerRowsByYear(q: RangeQuery, years: CustomerYears) {
  const storedAfter = `(SELECT count() FROM ${TABLES.customerDays} WHERE day > toDate({day_to:String}) AND day <= toDate({years_end:String})) > 0`
  const days = [
    ...(years.daysBefore ? ['day >= toDate({before_from:String}) AND day <= toDate({before_to:String})'] : []),
    ...(years.last ? [`day >= toDate({last_from:String}) AND day <= toDate({day_to:String}) AND ${storedAfter}`] : []),
  ]
  const wholeYears = `year IN {full_years:Array(UInt16)}${years.last ? ` OR (year = {last_year:UInt16} AND NOT ${storedAfter})` : ''}`
  return {
    sql: [
      `SELECT customer_key, paid_orders FROM ${TABLES.customerYears} WHERE ${wholeYears}`,
      ...(days.length ? [`SELECT customer_key, paid_orders FROM ${TABLES.customerDays} WHERE ${days.map((d) => `(${d})`).join(' OR ')}`] : []),
    ].join(' UNION ALL '),
    params: {
      day_to: q.to,
      years_end: `${years.last ?? years.full.at(-1)}-12-31`,
      full_years: years.full,
      ...(years.last ? { last_year: years.last, last_from: `${years.last}-01-01` } : {}),
      ...(years.daysBefore ? { before_from: years.daysBefore.from, before_to: years.daysBefore.to } : {}),
      from: `${q.from} 00:00:00`,
      to: `${q.to} 00:00:00`,
    },
  }
}

/** A buyer's paid orders in a row from a daily rollup; per SKU, two or more exactly when the smallest and largest order key differ (clickhouse/0015). */
const ordersSql = (grain: CustomerGrain) => (grain === 'daily_sku' ? 'if(min(first_order_key) = max(last_order_key), 1, 2)' : 'sum(paid_orders)')

/** A read of each buyer of a row, and of the first payments to join for "new". */
type BuyersSql = { sql: string; params: Record<string, unknown>; firsts: string; total: boolean }

/**
 * Each merged buyer of a row (as `buyer_key`) with their paid orders in it (grain.ts): from
 * customer_days (paid orders per day and order-level member, summed; customers keyed by a
 * 128-bit hash; whole years from customer_years), customer_sku_days for category and SKU, or,
 * with hours, another zone or a SKU and a place, from the lines (keyed by id); where their
 * first payment ever is found under the same key; and how a key of that kind follows merges.
 */
function buyersSql(q: RangeQuery, dims: readonly Dimension[], daily: boolean, withTotal: boolean, shift: Shift = NO_SHIFT): BuyersSql {
  const grain = customerGrain(q, dims, daily)
  const fromDays = grain !== 'lines'
  const time = fromDays ? DAY_TIME : 'occurred_at'
  const where = grain === 'daily' ? dayRangeWhere(q, ORDER_FILTERS) : grain === 'daily_sku' ? dayRangeWhere(q, SKU_DAY_FILTERS) : rangeWhere(q, 'occurred_at')
  const g = groupingSql(dims, time)
  const aliases = dims.map((d) => `dim_${d}`)
  // With the total, one pass groups the buyers both per row and over the whole range
  // (GROUPING SETS); the total's slice is the range itself.
  const total = withTotal && dims.length > 0
  const slice = total ? `if(grouping(${aliases[0]}) = 1, ${sliceStartSql([], time)}, any(${sliceStartSql(dims, time)}))` : `any(${sliceStartSql(dims, time)})`
  const groupBy = total ? `GROUPING SETS ((${[...aliases, 'buyer_key'].join(', ')}), (buyer_key))` : [...aliases, 'buyer_key'].join(', ')
  const select = [...g.select, ...(total ? [`grouping(${aliases[0]}) AS is_total`] : [])]
  const pieces = fromDays && shift.days === 0 && shift.years === 0 ? memberPieces(q.from, q.to, dims) : null
  if (pieces) {
    // Each year, quarter or month on its own (grain.ts memberPieces); the total in a pass of its
    // own. A piece is one time member (no shift here), so its label and slice start are constants
    // of its first day, not computed for every row.
    const table = grain === 'daily_sku' ? TABLES.customerSkuDays : TABLES.customerDays
    const rows = pieces.map((_, i) => {
      const start = `toDateTime(toDate({piece${i}_from:String}), {tz:String})`
      const labels = dims.map((d) => `${dimensionSql(d, isTimeDimension(d) ? start : time)} AS dim_${d}`)
      const keys = [...dims.filter((d) => !isTimeDimension(d)).map((d) => `dim_${d}`), 'buyer_key']
      return `SELECT ${[...labels, ...(total ? ['0 AS is_total'] : []), `${MERGED_KEY} AS buyer_key`].join(', ')}, ${ordersSql(grain)} AS n_orders, toDateTime64(${start}, 3, 'UTC') AS slice_start
                FROM ${table} ${MERGED_KEY_JOIN} WHERE ${where.sql} AND day >= toDate({piece${i}_from:String}) AND day <= toDate({piece${i}_to:String})
               GROUP BY ${keys.join(', ')}`
    })
    const all = total ? buyersSql(q, [], daily, false) : null
    return {
      sql: [...rows, ...(all ? [`SELECT ${aliases.map((a) => `'' AS ${a}`).join(', ')}, 1 AS is_total, buyer_key, n_orders, slice_start FROM (${all.sql})`] : [])].join(' UNION ALL '),
      params: { ...all?.params, ...where.params, ...Object.fromEntries(pieces.flatMap((p, i) => [[`piece${i}_from`, p.from], [`piece${i}_to`, p.to]])) },
      firsts: recentFirsts(TABLES.customerFirstPaid, 'customer_key'),
      total,
    }
  }
  if (fromDays) {
    const years = grain === 'daily' && dims.length === 0 && ORDER_FILTERS.every((f) => q[f].length === 0) ? customerYears(q.from, q.to) : null
    const rows = years ? buyerRowsByYear(q, years) : null
    const source = rows ? `(${rows.sql}) AS buyer_rows` : grain === 'daily_sku' ? TABLES.customerSkuDays : TABLES.customerDays
    return {
      sql: `SELECT ${[...select, `${MERGED_KEY} AS buyer_key`].join(', ')}, ${ordersSql(grain)} AS n_orders, ${slice} AS slice_start
              FROM ${source} ${MERGED_KEY_JOIN} ${rows ? '' : `WHERE ${where.sql}`} GROUP BY ${groupBy}`,
      params: rows?.params ?? where.params,
      firsts: recentFirsts(TABLES.customerFirstPaid, 'customer_key'),
      total,
    }
  }
  return {
    sql: `SELECT ${[...select, `${mergedCustomerIdSql('customer_id')} AS buyer_key`].join(', ')}, uniqExact(order_id) AS n_orders, ${slice} AS slice_start
            FROM ${TABLES.salesLines} WHERE kind = 'payment' AND customer_id != '' AND ${where.sql} GROUP BY ${groupBy}`,
    params: where.params,
    firsts: recentFirsts(TABLES.customerFirstOrders, 'customer_id'),
    total,
  }
}

function customerTotalsSql(q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, daily: boolean, total: boolean) {
  const buyers = buyersSql(q, dims, daily, total, shift)
  const keys = [...(buyers.total ? ['is_total'] : []), ...dims.map((d) => `dim_${d}`)]
  return {
    // The buyers are aggregated once (no IN (buyers) on the other side: that would run them
    // twice) and stream past the first payments of the customers who can be new (recentFirsts).
    sql: `SELECT ${[...keys, ''].join(', ')}
            toString(count()) AS n_customers,
            toString(countIf(f.first_at >= b.slice_start)) AS n_new,
            toString(countIf(b.n_orders >= 2)) AS n_repeat
       FROM (${buyers.sql}) AS b
       LEFT JOIN (${buyers.firsts}) AS f USING buyer_key
     ${keys.length ? `GROUP BY ${keys.join(', ')}` : ''}`,
    params: { ...buyers.params, ...shiftParams(shift), tz: timeZone },
  }
}

const customerTotalsOf = (r: Record<string, unknown>): CustomerTotals => ({
  customers: Number(r.n_customers ?? 0),
  new_customers: Number(r.n_new ?? 0),
  repeat_customers: Number(r.n_repeat ?? 0),
})

/** The range's customer totals as a single-row read, to share a statement with other reads. */
export function customerTotalsRead(q: RangeQuery, timeZone: string, daily: boolean): SingleRowRead<CustomerTotals> {
  return { ...customerTotalsSql(q, timeZone, [], NO_SHIFT, daily, false), columns: ['n_customers', 'n_new', 'n_repeat'], parse: customerTotalsOf }
}

/**
 * Per row of `dims`: customers with a paid order in the row's slice, how many bought for the
 * first time ever in it, and how many bought twice or more in it. The slice of a time member
 * is that member within the range, so a day's row equals the KPIs of that day alone.
 * Customers are merged customers: ids go through customer_merge_map (docs/customers.md).
 * `total` also counts them over the whole range, in the same statement (distinct customers do
 * not add up across rows).
 */
export async function customerTotalsWithTotal(
  ch: ClickHouseClient,
  q: RangeQuery,
  timeZone: string,
  dims: readonly Dimension[] = [],
  shift: Shift = NO_SHIFT,
  { total = false }: { total?: boolean } = {},
): Promise<WithTotal<CustomerTotals>> {
  const read = customerRowsRead(q, timeZone, dims, shift, await dailyRollupsFit(ch, timeZone), total)
  return read.parse(await queryRows<Record<string, unknown>>(ch, read.sql, read.params))
}

/** customerTotalsWithTotal as a statement and how its rows become totals, to share a statement with other reads. */
export function customerRowsRead(q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, daily: boolean, total: boolean) {
  return { ...customerTotalsSql(q, timeZone, dims, shift, daily, total), parse: (rows: Record<string, unknown>[]) => customerRowsOf(rows, dims, total) }
}

function customerRowsOf(rows: Record<string, unknown>[], dims: readonly Dimension[], total: boolean): WithTotal<CustomerTotals> {
  const out: Grouped<CustomerTotals> = new Map()
  let all: CustomerTotals | null = null
  for (const r of rows) {
    const totals = customerTotalsOf(r)
    if (Number(r.is_total ?? 0) === 1) {
      all = totals
      continue
    }
    const members = membersOf(dims, r)
    out.set(memberKey(dims, members), { members, totals })
  }
  if (total) all ??= dims.length === 0 ? ([...out.values()][0]?.totals ?? ZERO_CUSTOMERS) : ZERO_CUSTOMERS
  return { rows: out, total: all }
}

/** customerTotalsWithTotal's rows alone. */
export async function customerTotalsBy(ch: ClickHouseClient, q: RangeQuery, timeZone: string, dims: readonly Dimension[] = [], shift: Shift = NO_SHIFT): Promise<Grouped<CustomerTotals>> {
  return (await customerTotalsWithTotal(ch, q, timeZone, dims, shift)).rows
}

/** Customers with a paid order in the range, how many bought for the first time ever, and how many bought twice or more. */
export async function customerTotals(ch: ClickHouseClient, q: RangeQuery, timeZone: string): Promise<CustomerTotals> {
  const [row] = (await customerTotalsBy(ch, q, timeZone)).values()
  return row?.totals ?? ZERO_CUSTOMERS
}
