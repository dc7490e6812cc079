import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { readSingleRow, readsInOne, type SingleRowRead } from '@/lib/clickhouse/one-statement'
import { TABLES } from '@/lib/clickhouse/tables'
import { fromCents } from '@/lib/money'
import { PLACE_DIMENSIONS, type RangeQuery } from './filters'
import { addDays, localDay } from '@/lib/i18n/time-range'
import { turnoverDays, ZERO_SALES, type SalesTotals } from './kpis'
import { dailyRollupsFit } from './rollups'
import { salesSums } from './sales'
import { readSources } from './buyer-visits'
import { STOCK_VALUE_SCOPES, stockValuesServe, UNIT_COST_OF_KEY, type StockValues } from './stock-values'
import { dayRangeWhere, rangeWhere } from './where'

/**
 * Inventory KPIs (docs/kpis.md, "Inventory"). Stock is shared by every channel, so the channel
 * filter does not apply here (COGS for turnover is counted over all channels too); store,
 * region, city, category and SKU filters do.
 *
 * - closing inventory value of a day = Σ over (sku, location) of on_hand after the day's last
 *   movement (forward-filled over days without one) × the SKU's moving-average unit cost after
 *   its last movement, at any location, up to the end of that day (local time)
 * - inventory turnover days over D days = average daily closing inventory value / (COGS / D)
 * - days of cover = on_hand / (units sold in the last 30 days / 30)
 *
 * For the inventory page ClickHouse returns one row per (sku, location) (stock_hourly and
 * sales_hourly, filtered); the totals, breakdowns and lists are pure functions of those rows.
 * Turnover alone (the kpis call) needs only Σ of the daily closing value, one number, read from
 * the daily stock rollups (stockValueDaysRead).
 */

/** Days of sales behind "days of cover", stock-outs and slow movers. */
export const SALES_WINDOW_DAYS = 30
/** Low stock: less cover than this (and not out of stock). */
export const LOW_COVER_DAYS = 7
/** Slow-moving: more cover than this, or no sale in the window. */
export const SLOW_COVER_DAYS = 90
/** Rows per list in the overview; `counts` says how many there are in all. */
export const LIST_LIMIT = 100

/** The ledger's beginning: balances before a range are carried into it from here. */
const LEDGER_START = '2000-01-01'
/** Inventory is not per channel: every drill filter but the channel applies. */
const STOCK_FILTERS = ['region', 'city', 'store', 'category', 'sku'] as const
/** A SKU's cost is its latest movement's at any location: only product filters apply. */
const SKU_FILTERS = ['category', 'sku'] as const

const DAY_MS = 86_400_000

// ---------------------------------------------------------------------------------------
// Pure parts
// ---------------------------------------------------------------------------------------

/** Rounds to `digits` decimals. */
function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/** Days of cover = on_hand / average daily units sold over the window; null without sales. */
export function daysOfCover(onHand: number, unitsSold: number, windowDays = SALES_WINDOW_DAYS): number | null {
  if (!(unitsSold > 0)) return null
  return round(onHand / (unitsSold / windowDays), 6)
}

export type InventoryWindow = {
  /** First day of the turnover period (the range's `from`). */
  from: string
  /** The day whose end the stock is taken at: `to`, or today when `to` is later. */
  as_of: string
  /** Days in the turnover period, from `from` to `as_of` inclusive (0 when `from` is in the future). */
  days: number
  /** First day of the sales window behind days of cover: the 30 days ending with `as_of`. */
  window_from: string
}

/** A range clipped at today: days that have not happened have neither closing stock nor COGS. */
export function inventoryWindow(from: string, to: string, today: string): InventoryWindow {
  const asOf = to < today ? to : today
  const days = asOf < from ? 0 : Math.round((Date.parse(asOf) - Date.parse(from)) / DAY_MS) + 1
  return { from, as_of: asOf, days, window_from: addDays(asOf, 1 - SALES_WINDOW_DAYS) }
}

/** One (sku, location) with everything the KPIs and lists are made of. Money in cents. */
export type PairFacts = {
  sku: string
  /** The SKU's category at its latest movement at any location under the filters (a pair with sales alone: its sales'). */
  category: string
  location_id: string
  region: string
  city: string
  /** Σ over the period's days of the closing value (cents × days); / days = average inventory value. */
  value_days_cents: number
  on_hand: number
  reserved: number
  in_transit: number
  incoming: number
  /** The SKU's moving-average unit cost at the end of as_of. */
  unit_cost_cents: number
  /** COGS of the period: unit cost at sale × quantity, less refunds. */
  cogs_cents: number
  /** Units sold in the sales window, less refunded units. */
  units_sold: number
}

export type StockRow = Pick<PairFacts, 'sku' | 'category' | 'location_id' | 'region' | 'city' | 'value_days_cents' | 'on_hand' | 'reserved' | 'in_transit' | 'incoming' | 'unit_cost_cents'>
export type SalesRow = Pick<PairFacts, 'sku' | 'category' | 'location_id' | 'region' | 'city' | 'cogs_cents' | 'units_sold'>

/** Joins stock and sales by (sku, location); a pair with sales and no stock history still brings its COGS. */
export function mergePairs(stock: readonly StockRow[], sales: readonly SalesRow[]): PairFacts[] {
  const key = (r: { sku: string; location_id: string }) => `${r.sku}\u0000${r.location_id}`
  const out = new Map<string, PairFacts>()
  for (const s of stock) out.set(key(s), { ...s, cogs_cents: 0, units_sold: 0 })
  for (const s of sales) {
    const known = out.get(key(s))
    if (known) {
      known.cogs_cents += s.cogs_cents
      known.units_sold += s.units_sold
    } else {
      out.set(key(s), { ...s, value_days_cents: 0, on_hand: 0, reserved: 0, in_transit: 0, incoming: 0, unit_cost_cents: 0 })
    }
  }
  return [...out.values()]
}

export type InventoryTurnover = {
  average_inventory_value_cents: number
  cogs_cents: number
  days: number
  turnover_days: number | null
}

export type InventoryTotals = InventoryTurnover & {
  stock_value_cents: number
  on_hand: number
  units_sold: number
  days_of_cover: number | null
}

/** Turnover from Σ daily closing value (cents × days) and COGS over `days` days. */
export function turnoverOf(valueDaysCents: number, cogsCents: number, days: number): InventoryTurnover {
  const average = days > 0 ? valueDaysCents / days : 0
  return { average_inventory_value_cents: Math.round(average), cogs_cents: cogsCents, days, turnover_days: turnoverDays(average, cogsCents, days) }
}

/** Sums a set of pairs into the inventory KPIs; sums add up across any partition of the pairs. */
export function inventoryTotals(pairs: readonly PairFacts[], days: number): InventoryTotals {
  let valueDays = 0
  let cogs = 0
  let stockValue = 0
  let onHand = 0
  let units = 0
  for (const p of pairs) {
    valueDays += p.value_days_cents
    cogs += p.cogs_cents
    stockValue += p.on_hand * p.unit_cost_cents
    onHand += p.on_hand
    units += p.units_sold
  }
  return {
    ...turnoverOf(valueDays, cogs, days),
    stock_value_cents: stockValue,
    on_hand: onHand,
    units_sold: units,
    days_of_cover: daysOfCover(onHand, units),
  }
}

export type ListName = 'stockouts' | 'low_stock' | 'slow_moving'

/** available = on_hand − reserved − in_transit (incoming is shown, never sold). */
export function availableOf(p: Pick<PairFacts, 'on_hand' | 'reserved' | 'in_transit'>): number {
  return p.on_hand - p.reserved - p.in_transit
}

/**
 * The lists a (sku, location) belongs to:
 * - stock-out: sold in the last 30 days and nothing available now
 * - low stock: sold in the last 30 days, something available, under 7 days of cover
 * - slow-moving: stock on hand and no sale in the last 30 days, or over 90 days of cover
 * Only pairs with stock history count: an import without stock events is not a stock-out.
 */
export function listsOf(p: PairFacts & { stocked: boolean }): ListName[] {
  if (!p.stocked) return []
  const out: ListName[] = []
  const cover = daysOfCover(p.on_hand, p.units_sold)
  if (p.units_sold > 0 && availableOf(p) <= 0) out.push('stockouts')
  else if (p.units_sold > 0 && cover !== null && cover < LOW_COVER_DAYS) out.push('low_stock')
  if (p.on_hand > 0 && (cover === null || cover > SLOW_COVER_DAYS)) out.push('slow_moving')
  return out
}

export type GroupKpis = {
  stock_value: string
  on_hand: number
  units_sold_30d: number
  days_of_cover: number | null
  average_inventory_value: string
  cogs: string
  turnover_days: number | null
}

function groupKpis(t: InventoryTotals): GroupKpis {
  return {
    stock_value: fromCents(t.stock_value_cents),
    on_hand: t.on_hand,
    units_sold_30d: t.units_sold,
    days_of_cover: t.days_of_cover,
    average_inventory_value: fromCents(t.average_inventory_value_cents),
    cogs: fromCents(t.cogs_cents),
    turnover_days: t.turnover_days,
  }
}

export type PairView = {
  sku: string
  category: string
  location_id: string
  region: string
  city: string
  on_hand: number
  reserved: number
  in_transit: number
  incoming: number
  available: number
  units_sold_30d: number
  days_of_cover: number | null
  unit_cost: string
  stock_value: string
}

function pairView(p: PairFacts): PairView {
  return {
    sku: p.sku,
    category: p.category,
    location_id: p.location_id,
    region: p.region,
    city: p.city,
    on_hand: p.on_hand,
    reserved: p.reserved,
    in_transit: p.in_transit,
    incoming: p.incoming,
    available: availableOf(p),
    units_sold_30d: p.units_sold,
    days_of_cover: daysOfCover(p.on_hand, p.units_sold),
    unit_cost: fromCents(p.unit_cost_cents),
    stock_value: fromCents(p.on_hand * p.unit_cost_cents),
  }
}

export type InventoryOverview = {
  as_of: string
  days: number
  summary: GroupKpis & { counts: Record<ListName, number> }
  by_category: (GroupKpis & { category: string })[]
  by_location: (GroupKpis & { location_id: string; region: string; city: string })[]
  stockouts: PairView[]
  low_stock: PairView[]
  slow_moving: PairView[]
}

const byKey = <K extends string>(pairs: readonly PairFacts[], key: (p: PairFacts) => K) => {
  const groups = new Map<K, PairFacts[]>()
  for (const p of pairs) {
    const k = key(p)
    const group = groups.get(k)
    if (group) group.push(p)
    else groups.set(k, [p])
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/**
 * The inventory page from per-pair facts: totals, by category, by location (each adds up to
 * the totals: stock value, on hand, units, COGS and average inventory are sums), and the lists.
 * Stock-outs are ordered by units sold (most missed first), low stock by cover (shortest
 * first), slow movers by stock value (most money tied up first); `limit` rows each.
 */
export function buildOverview(pairs: readonly (PairFacts & { stocked: boolean })[], w: InventoryWindow, limit = LIST_LIMIT): InventoryOverview {
  const lists: Record<ListName, (PairFacts & { stocked: boolean })[]> = { stockouts: [], low_stock: [], slow_moving: [] }
  for (const p of pairs) for (const l of listsOf(p)) lists[l].push(p)
  const tie = (a: PairFacts, b: PairFacts) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.location_id < b.location_id ? -1 : a.location_id > b.location_id ? 1 : 0)
  const cover = (p: PairFacts) => daysOfCover(p.on_hand, p.units_sold) ?? Infinity
  lists.stockouts.sort((a, b) => b.units_sold - a.units_sold || tie(a, b))
  lists.low_stock.sort((a, b) => cover(a) - cover(b) || tie(a, b))
  lists.slow_moving.sort((a, b) => b.on_hand * b.unit_cost_cents - a.on_hand * a.unit_cost_cents || tie(a, b))
  return {
    as_of: w.as_of,
    days: w.days,
    summary: {
      ...groupKpis(inventoryTotals(pairs, w.days)),
      counts: { stockouts: lists.stockouts.length, low_stock: lists.low_stock.length, slow_moving: lists.slow_moving.length },
    },
    by_category: byKey(pairs, (p) => p.category).map(([category, ps]) => ({ category, ...groupKpis(inventoryTotals(ps, w.days)) })),
    by_location: byKey(pairs, (p) => p.location_id).map(([location_id, ps]) => ({
      location_id,
      region: ps[0]?.region ?? '',
      city: ps[0]?.city ?? '',
      ...groupKpis(inventoryTotals(ps, w.days)),
    })),
    stockouts: lists.stockouts.slice(0, limit).map(pairView),
    low_stock: lists.low_stock.slice(0, limit).map(pairView),
    slow_moving: lists.slow_moving.slice(0, limit).map(pairView),
  }
}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

type Raw = Record<string, string>

/**
 * Per (sku, location), from the hourly stock rollup, as CTEs: each pair's and each SKU's state
 * per day with a movement (`pair_days`, `sku_days`), and Σ of the daily closing value over the
 * period (`valued`). Every hour before the period folds into its eve (day from − 1), so a
 * balance set long before carries forward.
 *
 * No grid of days: the closing value of a pair is on_hand × the SKU's cost, each a step
 * function of the day, so Σ over days = Σ over the pair's changes of on_hand (`p_change`: the
 * new balance less the one before, the carried-in balance on the eve) × Σ of the SKU's cost
 * over the period's days from the change on (`t_tail`: a suffix sum over the SKU's days, each
 * cost held until the SKU's next day with a movement or the period's end). A pair's days are
 * among its SKU's (a SKU's rows are every pair's under fewer filters), so an equi-join pairs them.
 */
function stockCtes(q: RangeQuery, w: InventoryWindow, timeZone: string) {
  const ledger = { ...q, from: LEDGER_START, to: w.as_of }
  const pairWhere = rangeWhere(ledger, 'hour', STOCK_FILTERS)
  const skuWhere = rangeWhere(ledger, 'hour', SKU_FILTERS)
  return {
    sql: `WITH
       toDate({period_from:String}) AS d_first,
       d_first + {days:UInt32} AS d_end,
       pair_days AS (
         SELECT sku AS p_sku, location_id AS p_location,
                any(region) AS p_region, any(city) AS p_city,
                greatest(toDate(hour, {tz:String}), d_first - 1) AS p_day,
                argMaxMerge(closing) AS p_state
           FROM ${TABLES.stockHourly} WHERE ${pairWhere.sql}
          GROUP BY p_sku, p_location, p_day),
       pair_changes AS (
         SELECT p_sku AS c_sku, p_location AS c_location, p_day AS c_day,
                tupleElement(p_state, 1) - lagInFrame(tupleElement(p_state, 1), 1, 0)
                  OVER (PARTITION BY p_sku, p_location ORDER BY p_day ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS p_change
           FROM pair_days),
       sku_days AS (
         SELECT sku AS s_sku, greatest(toDate(hour, {tz:String}), d_first - 1) AS s_day,
                tupleElement(argMaxMerge(closing), 5) AS s_cost
           FROM ${TABLES.stockHourly} WHERE ${skuWhere.sql}
          GROUP BY s_sku, s_day),
       sku_tails AS (
         SELECT s_sku AS t_sku, s_day AS t_day,
                sum(s_cost * greatest(0, dateDiff('day', greatest(s_day, d_first), s_until)))
                  OVER (PARTITION BY s_sku ORDER BY s_day DESC ROWS UNBOUNDED PRECEDING) AS t_tail
           FROM (SELECT s_sku, s_day, s_cost,
                        leadInFrame(s_day, 1, d_end) OVER (PARTITION BY s_sku ORDER BY s_day ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS s_until
                   FROM sku_days)),
       valued AS (
         SELECT c_sku AS g_sku, c_location AS g_location, sum(p_change * t_tail) AS v_value_days
           FROM pair_changes INNER JOIN sku_tails ON sku_tails.t_sku = pair_changes.c_sku AND sku_tails.t_day = pair_changes.c_day
          GROUP BY g_sku, g_location)`,
    params: { ...pairWhere.params, ...skuWhere.params, tz: timeZone, period_from: w.from, days: w.days },
  }
}

/** Per (sku, location): Σ of the daily closing value over the period and the closing state at the end of as_of. */
async function stockRows(ch: ClickHouseClient, q: RangeQuery, w: InventoryWindow, timeZone: string, daily: boolean): Promise<StockRow[]> {
  const read = daily ? dailyStockRowsSql(q, w) : hourlyStockRowsSql(q, w, timeZone)
  const rows = await queryRows<Raw>(ch, read.sql, read.params)
  return rows.map((r) => ({
    sku: r.sku!,
    category: r.category!,
    location_id: r.location_id!,
    region: r.region!,
    city: r.city!,
    value_days_cents: Number(r.value_days),
    on_hand: Number(r.on_hand),
    reserved: Number(r.reserved),
    in_transit: Number(r.in_transit),
    incoming: Number(r.incoming),
    unit_cost_cents: Number(r.unit_cost),
  }))
}

/**
 * stockRows from the hourly rollup: closing states by argMax. The label is the category of the
 * SKU's latest movement, read from the ledger: the rollup's states hide their (occurred_at,
 * movement_id) key and it keeps a row per category, so a change within an hour has no order there.
 */
function hourlyStockRowsSql(q: RangeQuery, w: InventoryWindow, timeZone: string) {
  const ctes = stockCtes(q, w, timeZone)
  const moves = rangeWhere({ ...q, from: LEDGER_START, to: w.as_of }, 'occurred_at', SKU_FILTERS)
  return {
    sql: `${ctes.sql},
       ends AS (
         SELECT p_sku AS c_sku, p_location AS c_location, argMax(p_region, p_day) AS c_region,
                argMax(p_city, p_day) AS c_city, argMax(p_state, p_day) AS c_state
           FROM pair_days GROUP BY c_sku, c_location),
       costs AS (SELECT s_sku AS k_sku, argMax(s_cost, s_day) AS k_cost FROM sku_days GROUP BY k_sku),
       labels AS (
         SELECT sku AS l_sku, argMax(category, (occurred_at, movement_id)) AS l_category
           FROM ${TABLES.stockMovements} WHERE ${moves.sql}
          GROUP BY l_sku)
     SELECT toString(c_sku) AS sku, toString(c_location) AS location_id, toString(l_category) AS category,
            toString(c_region) AS region, toString(c_city) AS city,
            toString(tupleElement(c_state, 1)) AS on_hand, toString(tupleElement(c_state, 2)) AS reserved,
            toString(tupleElement(c_state, 3)) AS in_transit, toString(tupleElement(c_state, 4)) AS incoming,
            toString(k_cost) AS unit_cost, toString(v_value_days) AS value_days
       FROM ends
       LEFT JOIN costs ON costs.k_sku = ends.c_sku
       LEFT JOIN labels ON labels.l_sku = ends.c_sku
       LEFT JOIN valued ON valued.g_sku = ends.c_sku AND valued.g_location = ends.c_location
      ORDER BY sku, location_id`,
    // The ledger's WHERE binds the same values as the rollup's SKU WHERE.
    params: { ...ctes.params, ...moves.params },
  }
}

/**
 * stockRows from the daily rollups (clickhouse/0013): each balance at the end of as_of is the
 * sum of its daily changes. A pair's value-days = Σ over its days with a movement (everything
 * before the period folded into the eve) of its change of on_hand × the SKU's `t_tail`: Σ of
 * the SKU's cost over the period's days from that day on, each cost held until the SKU's next
 * day with a movement or the period's end (a suffix sum over the SKU's days). A pair's days are
 * among its SKU's, so an equi-join pairs them. The label is the category of the SKU's latest
 * movement, the one whose cost it ends with: a pair's days tie within a day, a movement's key does not.
 */
function dailyStockRowsSql(q: RangeQuery, w: InventoryWindow) {
  const ledger = { ...q, from: LEDGER_START, to: w.as_of }
  const places = dayRangeWhere(ledger, STOCK_FILTERS)
  const skus = dayRangeWhere(ledger, SKU_FILTERS)
  return {
    sql: `WITH toDate({period_from:String}) AS d_first, d_first + {days:UInt32} AS d_end,
       pair_days AS (
         SELECT sku AS p_sku, location_id AS p_location, greatest(day, d_first - 1) AS p_day,
                argMax(region, day) AS p_region, argMax(city, day) AS p_city,
                sum(on_hand_change) AS p_on_hand, sum(reserved_change) AS p_reserved,
                sum(in_transit_change) AS p_in_transit, sum(incoming_change) AS p_incoming
           FROM ${TABLES.stockDaily} WHERE ${places.sql}
          GROUP BY p_sku, p_location, p_day),
       sku_tails AS (
         SELECT k_sku AS t_sku, t_pair.1 AS t_day, t_pair.2 AS t_tail, k_cost AS t_cost, k_category AS t_category
           FROM (SELECT s_sku AS k_sku,
                        arraySort(groupArray((s_day, s_key, s_category))) AS k_days,
                        arrayPopFront(arrayPushBack(arrayMap(x -> x.1, k_days), d_end)) AS k_until,
                        arrayMap((x, until) -> ${UNIT_COST_OF_KEY('x.2')} * greatest(0, dateDiff('day', greatest(x.1, d_first), until)), k_days, k_until) AS k_values,
                        ${UNIT_COST_OF_KEY('k_days[-1].2')} AS k_cost, k_days[-1].3 AS k_category
                   FROM (SELECT sku AS s_sku, greatest(day, d_first - 1) AS s_day, max(closing_cost) AS s_key, argMax(category, closing_cost) AS s_category
                           FROM ${TABLES.stockSkuDaily} WHERE ${skus.sql}
                          GROUP BY s_sku, s_day)
                  GROUP BY k_sku)
          ARRAY JOIN arrayZip(arrayMap(x -> x.1, k_days), arrayReverse(arrayCumSum(arrayReverse(k_values)))) AS t_pair)
     SELECT toString(p_sku) AS sku, toString(p_location) AS location_id, toString(any(t_category)) AS category,
            toString(argMax(p_region, p_day)) AS region, toString(argMax(p_city, p_day)) AS city,
            toString(sum(p_on_hand)) AS on_hand, toString(sum(p_reserved)) AS reserved,
            toString(sum(p_in_transit)) AS in_transit, toString(sum(p_incoming)) AS incoming,
            toString(any(t_cost)) AS unit_cost, toString(sum(p_on_hand * t_tail)) AS value_days
       FROM pair_days INNER JOIN sku_tails ON sku_tails.t_sku = pair_days.p_sku AND sku_tails.t_day = pair_days.p_day
      GROUP BY p_sku, p_location
      ORDER BY sku, location_id`,
    // Both WHEREs bind the same values to the names they share.
    params: { ...places.params, ...skus.params, period_from: w.from, days: w.days },
  }
}

/**
 * Σ over every (sku, location) under the filters of the daily closing value over the period:
 * all turnover needs of the stock. From the daily rollups (clickhouse/0013) when they are in
 * `timeZone` (`daily`), else from the hourly one (stockCtes), exact either way.
 *
 * Summed over pairs, the value of a day is Σ over SKUs of the SKU's cost × its units held at
 * the filtered locations, both steps that move only on the SKU's days with a movement. So per
 * SKU: the units and the cost carried in (every day before the period), then the period's days
 * with a movement in order, each day's cost × units held (the running sum of the changes) × the
 * days until the next such day or the period's end — one aggregation per SKU, no grid of days.
 * With a place filter the changes come from the (sku, location) rollup and the costs from the
 * SKU's: a change sorts before its day's cost (empty key), so it is held from the cost on.
 */
export function stockValueDaysRead(q: RangeQuery, w: InventoryWindow, timeZone: string, daily: boolean, values: StockValues | null = null): SingleRowRead<number> {
  if (!daily) {
    const ctes = stockCtes(q, w, timeZone)
    return { sql: `${ctes.sql} SELECT toString(sum(v_value_days)) AS value_days FROM valued`, params: ctes.params, parse: (r) => Number(r.value_days ?? 0) }
  }
  const read = windowsValueDaysRead(q, [w], values)
  return { ...read, parse: (r) => read.parse(r)[0]! }
}

/**
 * The same for several periods under the same filters (a range and its comparison), from the
 * daily rollups: with built stock values that serve the filters (stock-values.ts), their days
 * up to the horizon from the values and the days after from the ledger, opened on the day
 * after the horizon; else every day from the whole ledger, in one pass (ledgerValueDaysRead).
 */
export function windowsValueDaysRead(q: RangeQuery, windows: readonly InventoryWindow[], values: StockValues | null = null): SingleRowRead<number[]> {
  const spans = windows.map((w) => ({ first: w.from, end: addDays(w.from, w.days) }))
  if (!values || !stockValuesServe(q)) return ledgerValueDaysRead(q, spans, LEDGER_START, null)
  // Up to the horizon from the built values; after it from the ledger, each SKU opening the next day with what it carried.
  const next = addDays(values.horizon, 1)
  const reads = [
    spans.some((s) => s.first < next) ? builtValueDaysRead(q, spans.map((s) => ({ first: s.first, end: s.end < next ? s.end : next })), values.table) : null,
    spans.some((s) => s.end > next) ? ledgerValueDaysRead(q, spans.map((s) => ({ first: s.first > next ? s.first : next, end: s.end })), next, values.table) : null,
  ].filter((r) => r !== null)
  if (reads.length === 0) return ledgerValueDaysRead(q, spans, LEDGER_START, null)
  const read = readsInOne(reads)
  return { ...read, parse: (r) => read.parse(r).reduce((sum, part) => sum.map((v, i) => v + part[i]!), spans.map(() => 0)) }
}

/** [first, end) day spans: a window's days, or their part on one side of the horizon. */
type DaySpan = { first: string; end: string }
const earliestFirst = (spans: readonly DaySpan[]) => spans.map((s) => s.first).reduce((a, b) => (b < a ? b : a))
const latestEnd = (spans: readonly DaySpan[]) => spans.map((s) => s.end).reduce((a, b) => (b > a ? b : a))
/** Each span's Σ from a row of `value_days_<i>` columns. */
const valueDaysOf = (spans: readonly DaySpan[]) => (r: Record<string, unknown>) => spans.map((_, i) => Number(r[`value_days_${i}`] ?? 0))

/** Σ of the built values over each span's days: a row a day, or a row per location and day under a place filter. */
function builtValueDaysRead(q: RangeQuery, spans: readonly DaySpan[], table: string): SingleRowRead<number[]> {
  const place = PLACE_DIMENSIONS.some((f) => q[f].length > 0)
  const days = dayRangeWhere({ ...q, from: earliestFirst(spans), to: addDays(latestEnd(spans), -1) }, STOCK_FILTERS)
  return {
    sql: `SELECT ${spans.map((_, i) => `toString(sumIf(value, day >= {firsts:Array(Date)}[${i + 1}] AND day < {ends:Array(Date)}[${i + 1}])) AS value_days_${i}`).join(', ')}
            FROM ${table} WHERE scope = '${place ? STOCK_VALUE_SCOPES.valueByPlace : STOCK_VALUE_SCOPES.value}' AND ${days.sql}`,
    params: { ...days.params, firsts: spans.map((s) => s.first), ends: spans.map((s) => s.end) },
    parse: valueDaysOf(spans),
  }
}

/**
 * The same from the daily rollups, in one pass over the ledger from `ledgerFrom` — from its
 * start, or from the day after a build's horizon (from stock_day_changes, whose days are an
 * index range) with the openings of `openings` (the built values' table) on that day: per SKU
 * the units and the closing key carried into the earliest span (its eve), then its days with a
 * movement from there on, sorted by (day, key) — rows of one day (unmerged parts; locations;
 * the opening, whose key is older; with a place filter, the changes, whose empty key sorts
 * before the day's cost) each hold for 0 days but the last, so the day's units and cost are
 * what it ends with. Back out as rows (ARRAY JOIN), each the units held (running sum) × the
 * cost parsed once from its key, held until the next row or past the last span; each span sums
 * the days of those rows that fall in it. No lambdas and few subqueries: planning them cost
 * more than the arrays' work. An array per column: numbers take groupArray's fast path, tuples not.
 */
function ledgerValueDaysRead(q: RangeQuery, spans: readonly DaySpan[], ledgerFrom: string, openings: string | null): SingleRowRead<number[]> {
  const lastEnd = latestEnd(spans)
  const ledger = { ...q, from: ledgerFrom, to: addDays(lastEnd, -1) }
  const skus = dayRangeWhere(ledger, SKU_FILTERS)
  // A place filter needs stock per (sku, location), not per SKU.
  const places = PLACE_DIMENSIONS.some((f) => q[f].length > 0) ? dayRangeWhere(ledger, STOCK_FILTERS) : null
  const [keys, changes] = openings ? [TABLES.stockDayChanges, TABLES.stockDayChanges] : [TABLES.stockSkuDaily, TABLES.stockDaily]
  const opened = (scope: string, where: string, key: string, units: string) => (openings ? ` UNION ALL SELECT sku, day, ${key}, ${units} FROM ${openings} WHERE scope = '${scope}' AND ${where}` : '')
  const rows =
    `SELECT sku AS m_sku, day AS m_day, closing_cost AS m_key, ${places ? 'toInt64(0)' : 'on_hand_change'} AS m_change FROM ${keys} WHERE ${skus.sql}` +
    opened(STOCK_VALUE_SCOPES.opening, skus.sql, 'closing_cost', places ? 'toInt64(0)' : 'held') +
    (places ? ` UNION ALL SELECT sku, day, '', on_hand_change FROM ${changes} WHERE ${places.sql}` + opened(STOCK_VALUE_SCOPES.openingByPlace, places.sql, "''", 'held') : '')
  // Every WHERE binds the same values to the names they share.
  const params = {
    ...skus.params,
    ...places?.params,
    first_from: earliestFirst(spans),
    firsts: spans.map((s) => s.first),
    ends: spans.map((s) => s.end),
    last_end: lastEnd,
  }
  if (ledger.from === ledger.to) {
    // One day (the day after a build's horizon: today): each SKU ends it with its latest key's
    // cost (keys sort by time; a place row's empty key first) and every unit of its rows — no
    // ledger to run.
    return {
      sql: `WITH toDate({day_from:String}) AS d_day
            SELECT ${spans.map((_, i) => `toString(if(d_day >= {firsts:Array(Date)}[${i + 1}] AND d_day < {ends:Array(Date)}[${i + 1}], sum(v_value), 0)) AS value_days_${i}`).join(', ')}
              FROM (SELECT ${UNIT_COST_OF_KEY('max(m_key)')} * sum(m_change) AS v_value FROM (${rows}) GROUP BY m_sku)`,
      params,
      parse: valueDaysOf(spans),
    }
  }
  return {
    sql: `WITH toDate({first_from:String}) AS d_first, ${UNIT_COST_OF_KEY('r_key')} * r_held AS r_value
     SELECT ${spans.map((_, i) => `toString(sum(r_value * greatest(0, least(r_until, {ends:Array(Date)}[${i + 1}]) - greatest(r_day, {firsts:Array(Date)}[${i + 1}])))) AS value_days_${i}`).join(', ')}
       FROM (SELECT arraySort(arrayPushFront(arrayZip(groupArrayIf(m_day, m_day >= d_first), groupArrayIf(m_key, m_day >= d_first), groupArrayIf(m_change, m_day >= d_first)),
                                             (d_first - 1, maxIf(m_key, m_day < d_first), sumIf(m_change, m_day < d_first)))) AS k_rows
               FROM (${rows})
              GROUP BY m_sku)
      ARRAY JOIN k_rows.1 AS r_day, arrayPushBack(arrayPopFront(k_rows.1), toDate({last_end:String})) AS r_until, k_rows.2 AS r_key, arrayCumSum(k_rows.3) AS r_held`,
    params,
    parse: valueDaysOf(spans),
  }
}

/** Per (sku, location), from the sales rollup: COGS of the period and net units of the sales window, all channels. */
async function salesRows(ch: ClickHouseClient, q: RangeQuery, w: InventoryWindow, timeZone: string): Promise<SalesRow[]> {
  const since = w.from < w.window_from ? w.from : w.window_from
  const where = rangeWhere({ ...q, from: since, to: w.as_of }, 'hour', STOCK_FILTERS)
  const rows = await queryRows<Raw>(
    ch,
    `SELECT toString(sku) AS x_sku, toString(location_id) AS x_location, toString(any(category)) AS x_category,
            toString(any(region)) AS x_region, toString(any(city)) AS x_city,
            toString(sumIf(cost_cents, hour >= toDateTime({period_from:String}, {tz:String}))) AS x_cogs,
            toString(sumIf(quantity, hour >= toDateTime({window_from:String}, {tz:String}))) AS x_units
       FROM ${TABLES.salesHourly} WHERE ${where.sql}
      GROUP BY sku, location_id`,
    { ...where.params, tz: timeZone, period_from: `${w.from} 00:00:00`, window_from: `${w.window_from} 00:00:00` },
  )
  return rows.map((r) => ({
    sku: r.x_sku!,
    category: r.x_category!,
    location_id: r.x_location!,
    region: r.x_region!,
    city: r.x_city!,
    cogs_cents: Number(r.x_cogs),
    units_sold: Number(r.x_units),
  }))
}

/** Every (sku, location) under the filters, with stock and sales facts for the window; from the daily stock rollups when `daily` (by default: when they are in `timeZone`). */
export async function inventoryPairs(ch: ClickHouseClient, q: RangeQuery, w: InventoryWindow, timeZone: string, daily?: boolean) {
  const fits = daily ?? (await dailyRollupsFit(ch, timeZone))
  const [stock, sales] = await Promise.all([stockRows(ch, q, w, timeZone, fits), salesRows(ch, q, w, timeZone)])
  const stocked = new Set(stock.map((s) => `${s.sku}\u0000${s.location_id}`))
  return mergePairs(stock, sales).map((p) => ({ ...p, stocked: stocked.has(`${p.sku}\u0000${p.location_id}`) }))
}

/**
 * Inventory turnover days for a range: average daily closing inventory value at cost over the
 * range's days (up to today) / (COGS in those days / days). Store, region, city, category and
 * SKU filters apply; the channel filter does not (stock is shared by every channel).
 */
export async function inventoryTurnover(ch: ClickHouseClient, q: RangeQuery, timeZone: string, now = new Date()): Promise<InventoryTurnover> {
  const w = inventoryWindow(q.from, q.to, localDay(now, timeZone))
  // Only sums are needed here, so COGS comes from the smallest sales rollup, not per (sku, location).
  const [valueDays, sales] = await Promise.all([
    readSources(ch, timeZone, q, null, { stock: true }).then(({ daily, stock }) => readSingleRow(ch, stockValueDaysRead(q, w, timeZone, daily, stock))),
    w.days === 0 ? ZERO_SALES : salesSums(ch, { ...q, channel: [], from: w.from, to: w.as_of }, timeZone, { customers: false }),
  ])
  return turnoverOf(valueDays, sales.cost_cents, w.days)
}

/** The inventory page: stock value, turnover and cover in total, by category and by location, and the lists. */
export async function inventoryOverview(ch: ClickHouseClient, q: RangeQuery, timeZone: string, now = new Date()): Promise<InventoryOverview> {
  const w = inventoryWindow(q.from, q.to, localDay(now, timeZone))
  return buildOverview(await inventoryPairs(ch, q, w, timeZone), w)
}
