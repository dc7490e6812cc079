import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { withParamPrefix, type SingleRowRead } from '@/lib/clickhouse/one-statement'
import { TABLES } from '@/lib/clickhouse/tables'
import { MERGE_INVOLVED_IDS, MERGE_INVOLVED_KEYS, MERGED_KEY, mergedCustomerIdSql } from '@/lib/customers/merged-id'
import { addDays } from '@/lib/i18n/time-range'
import { countedMonths, monthCountsSql, readSources, visitCountsSql, visitsCount, type BuyerVisits } from './buyer-visits'
import { dayMemberSliceStartSql, dayMemberSql, isDayMember, keyedGroupingSql, keyOf, memberKey, memberKeySql, membersOf, NO_SHIFT, shiftParams, sliceStartSql, type Shift } from './dimensions'
import { isTimeDimension, type Dimension, type RangeQuery } from './filters'
import { customerGrain, customersByChannelDay, customerYears, memberPieces, monthRead, type CustomerGrain, type CustomerYears } from './grain'
import { ZERO_CUSTOMERS, type CustomerTotals } from './kpis'
import { ORDER_FILTERS } from './order-flow'
import type { Grouped, WithTotal } from './sales'
import { ALL_FILTERS, DAY_TIME, dayRangeWhere, rangeWhere } from './where'

/** Where each kind of buyer key finds its first payments ever, and how it follows merges. */
const FIRSTS = {
  key: { table: TABLES.customerFirstPaid, column: 'customer_key', buyer: MERGED_KEY, involved: MERGE_INVOLVED_KEYS },
  id: { table: TABLES.customerFirstOrders, column: 'customer_id', buyer: mergedCustomerIdSql('customer_id'), involved: MERGE_INVOLVED_IDS },
} as const
type FirstsOf = (typeof FIRSTS)[keyof typeof FIRSTS]

/**
 * The first payment ever (`first_at`) of each merged customer (`buyer_key`) who could be new in
 * the range: only one with a stored first payment at or after the range start can be (a slice
 * starts no earlier). The first-payment tables take a row only when it lowers a customer's
 * minimum (clickhouse/0012), so those candidates are few, and their exact minimum — over all
 * their rows — is read by key. Every record a merge ever involved is read too, so a merged
 * customer's minimum covers all its records.
 */
const recentFirsts = (f: FirstsOf) =>
  `SELECT ${f.buyer} AS buyer_key, min(first_paid_at) AS first_at FROM ${f.table}
    WHERE ${f.column} IN (SELECT ${f.column} FROM ${f.table} WHERE first_paid_at >= toDateTime({from:String}, {tz:String}) UNION ALL ${f.involved})
    GROUP BY buyer_key`

/** Where each customer grain (grain.ts) reads its buyers. */
const GRAIN_TABLES = { daily: TABLES.customerDays, daily_category: TABLES.customerCategoryDays, daily_sku: TABLES.customerSkuDays, lines: TABLES.salesLines } as const satisfies Record<CustomerGrain, string>
/** What each daily rollup can be filtered by: customer_sku_days has no place (a SKU with a place reads the lines). */
const DAY_GRAIN_FILTERS = { daily: ORDER_FILTERS, daily_category: ALL_FILTERS, daily_sku: ['channel', 'category', 'sku'] } as const

/**
 * Whether customer_days holds a day after the range's last: then a period running past the
 * range's end cannot be read whole from its rollup. One scalar, so a statement evaluates it once
 * (the first and last day are in every part's metadata).
 */
const STORED_AFTER_RANGE = `(SELECT max(day) FROM ${TABLES.customerDays}) > toDate({day_to:String})`

/**
 * The buyers (`…keys`, `buyer_key`, `n_orders`) of a rollup keyed by customer last
 * (customer_months, customer_years, customer_channel_days) read with FINAL: one merged row per
 * customer and key, so no customer needs grouping — except the records a merge involved,
 * grouped by merged key. `keys` are [expression, alias] pairs.
 */
function mergedRowsBuyers(table: string, keys: readonly (readonly [string, string])[], which: string) {
  const items = keys.map(([expr, alias]) => `${expr} AS ${alias}, `).join('')
  return `SELECT ${items}customer_key AS buyer_key, paid_orders AS n_orders FROM ${table} FINAL WHERE (${which}) AND customer_key NOT IN (${MERGE_INVOLVED_KEYS})
   UNION ALL
   SELECT ${items}${MERGED_KEY} AS buyer_key, sum(paid_orders) AS n_orders FROM ${table} FINAL
    WHERE (${which}) AND customer_key IN (${MERGE_INVOLVED_KEYS}) GROUP BY ${[...keys.map(([, alias]) => alias), 'buyer_key'].join(', ')}`
}

/**
 * The buyers of an unfiltered range holding a 1 January, each once, with every calendar year
 * the range holds whole read from customer_years (grain.ts customerYears): the year still
 * running is read whole only when nothing is stored after the range's last day — else its days
 * are. A customer's rows sum to the same paid orders either way. One year alone is read without
 * grouping (mergedRowsBuyers).
 */
function buyersByYear(q: RangeQuery, years: CustomerYears) {
  const params = {
    day_to: q.to,
    full_years: years.full,
    ...(years.last ? { last_year: years.last, last_from: `${years.last}-01-01` } : {}),
    ...(years.daysBefore ? { before_from: years.daysBefore.from, before_to: years.daysBefore.to } : {}),
  }
  const lastDays = `day >= toDate({last_from:String}) AND day <= toDate({day_to:String}) AND ${STORED_AFTER_RANGE}`
  const byDays = (days: string) => `SELECT ${MERGED_KEY} AS buyer_key, sum(paid_orders) AS n_orders FROM ${TABLES.customerDays} WHERE ${days} GROUP BY buyer_key`
  if (!years.daysBefore && years.full.length + (years.last ? 1 : 0) === 1) {
    const whole = mergedRowsBuyers(TABLES.customerYears, [], years.last ? `year = {last_year:UInt16} AND NOT ${STORED_AFTER_RANGE}` : 'year IN {full_years:Array(UInt16)}')
    return { sql: years.last ? `${whole} UNION ALL ${byDays(lastDays)}` : whole, params }
  }
  const days = [...(years.daysBefore ? ['day >= toDate({before_from:String}) AND day <= toDate({before_to:String})'] : []), ...(years.last ? [lastDays] : [])]
  const wholeYears = `year IN {full_years:Array(UInt16)}${years.last ? ` OR (year = {last_year:UInt16} AND NOT ${STORED_AFTER_RANGE})` : ''}`
  const rows = [
    `SELECT customer_key, paid_orders FROM ${TABLES.customerYears} WHERE ${wholeYears}`,
    ...(days.length ? [`SELECT customer_key, paid_orders FROM ${TABLES.customerDays} WHERE ${days.map((d) => `(${d})`).join(' OR ')}`] : []),
  ].join(' UNION ALL ')
  return { sql: `SELECT ${MERGED_KEY} AS buyer_key, sum(paid_orders) AS n_orders FROM (${rows}) AS buyer_rows GROUP BY buyer_key`, params }
}

/** A buyer's paid orders in a row from a daily rollup; per SKU or category, two or more exactly when the smallest and largest order key differ (clickhouse/0015, 0019). */
const ordersSql = (grain: CustomerGrain) => (grain === 'daily_sku' || grain === 'daily_category' ? 'if(min(first_order_key) = max(last_order_key), 1, 2)' : 'sum(paid_orders)')

/** The buyers over the whole range as total rows of a read by `dims`: `is_total` = 1, keys at their defaults. */
function totalPass(q: RangeQuery, dims: readonly Dimension[], daily: boolean, shift: Shift, withSlice: boolean) {
  const all = buyerRows(q, [], daily, false, shift, withSlice)
  const defaults = dims.map((d) => `${isDayMember(d) ? 'toDate(0)' : "''"} AS ${keyOf(d)}`)
  return { sql: `SELECT ${['1 AS is_total', ...defaults, 'buyer_key', 'n_orders', ...(withSlice ? ['slice_start'] : [])].join(', ')} FROM (${all.sql})`, params: all.params }
}

/** A read of each buyer of a row: `[is_total,] key_<dim>…, buyer_key, n_orders[, slice_start]`. */
type BuyerRows = { sql: string; params: Record<string, unknown>; keys: string[] }

/**
 * Each merged buyer of a row (as `buyer_key`) with their paid orders in it (grain.ts): from
 * customer_days (paid orders per day and order-level member, summed; customers keyed by a
 * 128-bit hash; whole years from customer_years, whole months from customer_months, rows by
 * day × channel from customer_channel_days), customer_category_days for category,
 * customer_sku_days for SKU, or, with hours, another zone or a SKU and a place, from the lines
 * (keyed by id). With `total`, also each buyer over the whole range (`is_total` = 1, keys at
 * their defaults). With `withSlice`, where each row's slice starts (`slice_start`), for "new".
 */
function buyerRows(q: RangeQuery, dims: readonly Dimension[], daily: boolean, withTotal: boolean, shift: Shift, withSlice: boolean): BuyerRows {
  const grain = customerGrain(q, dims, daily)
  const fromDays = grain !== 'lines'
  const time = fromDays ? DAY_TIME : 'occurred_at'
  const where = grain === 'lines' ? rangeWhere(q, 'occurred_at') : dayRangeWhere(q, DAY_GRAIN_FILTERS[grain])
  const firsts = FIRSTS[fromDays ? 'key' : 'id']
  const total = withTotal && dims.length > 0
  const keys = [...(total ? ['is_total'] : []), ...dims.map(keyOf)]
  const table = GRAIN_TABLES[grain]
  const pieces = fromDays && shift.days === 0 && shift.years === 0 ? memberPieces(q.from, q.to, dims) : null
  if (pieces) {
    // Each year, quarter or month on its own (grain.ts memberPieces); the total in a pass of its
    // own. A piece is one time member (no shift here), so its key and slice start are constants
    // of its first day. Unfiltered months are read whole from customer_months where they can
    // (grain.ts monthRead), all in one read.
    const byMonth = grain === 'daily' && !withSlice && dims.length === 1 && dims[0] === 'month' && ORDER_FILTERS.every((f) => q[f].length === 0)
    const reads = pieces.map((piece) => (byMonth ? monthRead(piece) : 'days'))
    const byDays = (i: number, also: string) => {
      const first = `toDate({piece${i}_from:String})`
      const items = [
        ...(total ? ['0 AS is_total'] : []),
        ...dims.map((d) => `${memberKeySql(d, true, time, first)} AS ${keyOf(d)}`),
        `${MERGED_KEY} AS buyer_key`,
        `${ordersSql(grain)} AS n_orders`,
        ...(withSlice ? [`${dayMemberSliceStartSql([first])} AS slice_start`] : []),
      ]
      return `SELECT ${items.join(', ')} FROM ${table}
               WHERE ${where.sql} AND day >= ${first} AND day <= toDate({piece${i}_to:String})${also}
               GROUP BY ${[...dims.filter((d) => !isTimeDimension(d)).map(keyOf), 'buyer_key'].join(', ')}`
    }
    const rows = reads.flatMap((read, i) => (read === 'days' ? [byDays(i, '')] : read === 'running' ? [byDays(i, ` AND ${STORED_AFTER_RANGE}`)] : []))
    const wholeMonths = reads.flatMap((read, i) => (read === 'days' ? [] : [`month = toDate({piece${i}_from:String})${read === 'running' ? ` AND NOT ${STORED_AFTER_RANGE}` : ''}`]))
    if (wholeMonths.length) {
      const months = mergedRowsBuyers(TABLES.customerMonths, [['month', 'key_month']], wholeMonths.map((m) => `(${m})`).join(' OR '))
      rows.push(`SELECT ${total ? '0 AS is_total, ' : ''}key_month, buyer_key, n_orders FROM (${months})`)
    }
    const all = total ? totalPass(q, dims, daily, shift, withSlice) : null
    return {
      sql: [...rows, ...(all ? [all.sql] : [])].join(' UNION ALL '),
      params: { ...all?.params, ...where.params, ...Object.fromEntries(pieces.flatMap((p, i) => [[`piece${i}_from`, p.from], [`piece${i}_to`, p.to]])) },
      keys,
    }
  }
  if (customersByChannelDay(q, dims, daily)) {
    // Each day and channel's buyers from customer_channel_days read with FINAL: merged and
    // sorted by customer, so counted as they stream; the total in a pass of its own.
    const w = dayRangeWhere(q, ['channel'])
    const byChannelDay = mergedRowsBuyers(TABLES.customerChannelDays, dims.map((d) => [d === 'day' ? dayMemberSql('day', 'day') : 'channel', keyOf(d)] as const), w.sql)
    const slice = withSlice ? [`${dayMemberSliceStartSql([keyOf('day')])} AS slice_start`] : []
    const all = total ? totalPass(q, dims, daily, shift, withSlice) : null
    return {
      sql: [`SELECT ${[...(total ? ['0 AS is_total'] : []), ...dims.map(keyOf), 'buyer_key', 'n_orders', ...slice].join(', ')} FROM (${byChannelDay})`, ...(all ? [all.sql] : [])].join(' UNION ALL '),
      params: { ...all?.params, ...w.params },
      keys,
    }
  }
  if (total && (grain === 'daily_category' || grain === 'daily_sku')) {
    // The rows from the per-category or per-SKU rollup; the total's buyers from the smallest
    // table that holds them, in a pass of its own — not grouped a second time out of the rows
    // (GROUPING SETS: 100–105 against 88–90 ms by category over 30 days, 123–125 against
    // 103–104 by SKU; equal in a drill).
    const rows = buyerRows(q, dims, daily, false, shift, withSlice)
    const all = totalPass(q, dims, daily, shift, withSlice)
    return { sql: `SELECT 0 AS is_total, * FROM (${rows.sql}) UNION ALL ${all.sql}`, params: { ...all.params, ...rows.params }, keys }
  }
  const items = [
    ...keyedGroupingSql(dims, fromDays, time).select,
    ...(total ? [`grouping(${keyOf(dims[0]!)}) AS is_total`] : []),
    `${fromDays ? MERGED_KEY : firsts.buyer} AS buyer_key`,
    `${fromDays ? ordersSql(grain) : 'uniqExact(order_id)'} AS n_orders`,
  ]
  if (withSlice) {
    // On a daily rollup a row's slice start is a function of its keys; on the lines, of its labels' times.
    const slice = fromDays ? dayMemberSliceStartSql(dims.filter(isDayMember).map(keyOf)) : `any(${sliceStartSql(dims, time)})`
    items.push(`${total ? `if(grouping(${keyOf(dims[0]!)}) = 1, ${dayMemberSliceStartSql([])}, ${slice})` : slice} AS slice_start`)
  }
  // With the total, one pass groups the buyers both per row and over the whole range (GROUPING SETS).
  const groupBy = total ? `GROUPING SETS ((${[...dims.map(keyOf), 'buyer_key'].join(', ')}), (buyer_key))` : [...dims.map(keyOf), 'buyer_key'].join(', ')
  if (!fromDays) {
    return {
      sql: `SELECT ${items.join(', ')} FROM ${table} WHERE kind = 'payment' AND customer_id != '' AND ${where.sql} GROUP BY ${groupBy}`,
      params: where.params,
      keys,
    }
  }
  if (grain === 'daily' && !withSlice && dims.length === 0 && ORDER_FILTERS.every((f) => q[f].length === 0)) {
    const years = customerYears(q.from, q.to)
    if (years) return { ...buyersByYear(q, years), keys }
  }
  return {
    sql: `SELECT ${items.join(', ')} FROM ${table} WHERE ${where.sql} GROUP BY ${groupBy}`,
    params: where.params,
    keys,
  }
}

/**
 * Without any filter and with only time rows, a buyer is new in a row exactly when their first
 * payment ever falls in its slice: that payment is one of theirs in the slice (the first-payment
 * tables and the buyer rows are views of the same payment lines). So new customers are the
 * first payments in the range counted per member, and no buyer needs joining.
 */
const newByFirstPaymentsAlone = (q: RangeQuery, dims: readonly Dimension[]) => ALL_FILTERS.every((f) => q[f].length === 0) && dims.every(isTimeDimension)

/** The first payments in the range per member, as `keys…, 0, n_new, 0` (see newByFirstPaymentsAlone). */
function firstPaymentsIn(q: RangeQuery, dims: readonly Dimension[], fromDays: boolean, total: boolean) {
  const keys = dims.map(keyOf)
  const items = [...(total ? [`grouping(${keys[0]}) AS is_total`] : []), ...dims.map((d) => `${memberKeySql(d, fromDays, 'first_at', 'toDate(first_at, {tz:String})')} AS ${keyOf(d)}`)]
  const groupBy = total ? `GROUP BY GROUPING SETS ((${keys.join(', ')}), ())` : keys.length ? `GROUP BY ${keys.join(', ')}` : ''
  return `SELECT ${[...items, '0 AS n_customers', 'count() AS n_new', '0 AS n_repeat'].join(', ')}
            FROM (${recentFirsts(FIRSTS[fromDays ? 'key' : 'id'])})
           WHERE first_at >= toDateTime({from:String}, {tz:String}) AND first_at < toDateTime({to:String}, {tz:String}) + INTERVAL 1 DAY
           ${groupBy}`
}

/**
 * Per row: customers (distinct buyers), repeat customers (two or more paid orders in it) and new
 * customers (first payment ever in its slice). Unfiltered time rows count buyers without joining
 * anything and add the first payments in the range (newByFirstPaymentsAlone); otherwise the
 * buyers stream past the first payments of the customers who can be new (recentFirsts: the
 * buyers are aggregated once, not run twice as an IN on the other side would).
 */
function customerTotalsSql(q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, daily: boolean, total: boolean, visits: BuyerVisits | null) {
  const counts = customerCountsSql(q, timeZone, dims, shift, daily, total, visits)
  return { sql: totalsOfRows(counts.keys, counts.labels, counts.rows), params: counts.params }
}

/** customerTotalsSql's rows before they are summed per key and labelled: `keys…, n_customers, n_new, n_repeat`. */
type CountRows = { rows: string; keys: string[]; labels: string[]; params: Record<string, unknown> }

function customerCountsSql(q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, daily: boolean, total: boolean, visits: BuyerVisits | null): CountRows {
  const months = shift.days === 0 && shift.years === 0 ? countedMonths(q, dims, daily, visits) : null
  if (months) return byCountedMonths(q, timeZone, months, daily, total, visits!)
  const params = { from: `${q.from} 00:00:00`, to: `${q.to} 00:00:00`, ...shiftParams(shift), tz: timeZone }
  if (visitsCount(q, dims, daily, visits)) {
    // Counted from the buyer visits (buyer-visits.ts), no buyer grouped but those after its horizon.
    const counts = visitCountsSql(q, dims, total, visits)
    const keys = [...(total && dims.length > 0 ? ['is_total'] : []), ...dims.map(keyOf)]
    return { rows: counts.sql, keys, labels: keyedGroupingSql(dims, true, DAY_TIME).labels, params: { ...counts.params, ...params } }
  }
  const fromDays = customerGrain(q, dims, daily) !== 'lines'
  const byFirsts = newByFirstPaymentsAlone(q, dims)
  const buyers = buyerRows(q, dims, daily, total, shift, !byFirsts)
  const groupBy = buyers.keys.length ? `GROUP BY ${buyers.keys.join(', ')}` : ''
  const rows = byFirsts
    ? `SELECT ${[...buyers.keys, ''].join(', ')} count() AS n_customers, 0 AS n_new, countIf(n_orders >= 2) AS n_repeat FROM (${buyers.sql}) ${groupBy}
       UNION ALL ${firstPaymentsIn(q, dims, fromDays, buyers.keys.includes('is_total'))}`
    : `SELECT ${[...buyers.keys, ''].join(', ')} count() AS n_customers, countIf(f.first_at >= b.slice_start) AS n_new, countIf(b.n_orders >= 2) AS n_repeat
         FROM (${buyers.sql}) AS b LEFT JOIN (${recentFirsts(FIRSTS[fromDays ? 'key' : 'id'])}) AS f USING buyer_key ${groupBy}`
  return { rows, keys: buyers.keys, labels: keyedGroupingSql(dims, fromDays, DAY_TIME).labels, params: { ...buyers.params, ...params } }
}

/**
 * By month alone, unfiltered: the whole months up to the horizon from the build's counts
 * (countedMonths); the days of each month before and after them — a running month, a range
 * starting within one — read as that slice's total, which the visits count without grouping
 * its buyers where they can; and the range's total as a read of the total alone. Each part
 * binds its own parameters.
 */
function byCountedMonths(q: RangeQuery, timeZone: string, months: { from: string; to: string }, daily: boolean, total: boolean, visits: BuyerVisits): CountRows {
  const slices = [
    ...(q.from < months.from ? memberPieces(q.from, addDays(months.from, -1), ['month'], Infinity)! : []),
    ...(months.to < q.to ? memberPieces(addDays(months.to, 1), q.to, ['month'], Infinity)! : []),
  ]
  const asTotal = (r: RangeQuery, isTotal: 0 | 1, prefix: string) => {
    const counts = customerCountsSql(r, timeZone, [], NO_SHIFT, daily, false, visits)
    const own = withParamPrefix({ sql: counts.rows, params: { ...counts.params, slice_from: r.from } }, prefix)
    const month = isTotal ? 'toDate(0)' : `toStartOfMonth(toDate({${prefix}slice_from:String}))`
    return { sql: `SELECT ${isTotal} AS is_total, ${month} AS key_month, n_customers, n_new, n_repeat FROM (${own.sql})`, params: own.params }
  }
  const parts = [
    { sql: `SELECT 0 AS is_total, key_month, n_customers, n_new, n_repeat FROM (${monthCountsSql(visits)})`, params: { months_from: months.from, months_to: months.to } },
    ...slices.map((slice, i) => asTotal({ ...q, ...slice }, 0, `slice${i}_`)),
    ...(total ? [asTotal(q, 1, 'all_')] : []),
  ]
  return { rows: parts.map((p) => p.sql).join(' UNION ALL '), keys: ['is_total', 'key_month'], labels: keyedGroupingSql(['month'], true, DAY_TIME).labels, params: Object.assign({}, ...parts.map((p) => p.params)) }
}

/** Rows of `keys…, n_customers, n_new, n_repeat` summed per key and labelled. */
function totalsOfRows(keys: readonly string[], labels: readonly string[], rows: string) {
  const groupBy = keys.length ? `GROUP BY ${keys.join(', ')}` : ''
  return `SELECT ${[...(keys.includes('is_total') ? ['is_total'] : []), ...labels, ''].join(', ')} toString(sum(n_customers)) AS n_customers, toString(sum(n_new)) AS n_new, toString(sum(n_repeat)) AS n_repeat
            FROM (${rows}) ${groupBy}`
}

const customerTotalsOf = (r: Record<string, unknown>): CustomerTotals => ({
  customers: Number(r.n_customers ?? 0),
  new_customers: Number(r.n_new ?? 0),
  repeat_customers: Number(r.n_repeat ?? 0),
})

/** The range's customer totals as a single-row read, to share a statement with other reads. */
export function customerTotalsRead(q: RangeQuery, timeZone: string, daily: boolean, visits: BuyerVisits | null = null): SingleRowRead<CustomerTotals> {
  return { ...customerTotalsSql(q, timeZone, [], NO_SHIFT, daily, false, visits), parse: customerTotalsOf }
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
  const { daily, visits } = await readSources(ch, timeZone, q, dims)
  const read = customerRowsRead(q, timeZone, dims, shift, daily, total, visits)
  return read.parse(await queryRows<Record<string, unknown>>(ch, read.sql, read.params))
}

/** customerTotalsWithTotal as a statement and how its rows become totals, to share a statement with other reads. */
export function customerRowsRead(q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, daily: boolean, total: boolean, visits: BuyerVisits | null = null) {
  return { ...customerTotalsSql(q, timeZone, dims, shift, daily, total, visits), parse: (rows: Record<string, unknown>[]) => customerRowsOf(rows, dims, total) }
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
