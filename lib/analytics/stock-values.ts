import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import type { RangeQuery } from './filters'

/**
 * Stock values (clickhouse/0025): the closing stock value at cost of every local day up to a
 * horizon — over everything ('value') and per location ('value:place') — and what each SKU
 * carries past it, on the day after ('opening': its last closing key and units over every
 * location; 'opening:place': its units per location). Turnover's value-days then sum a row a
 * day (a row per location and day under a place filter) up to the horizon, and run the ledger
 * from the openings on for the days after it (inventory.ts windowsValueDaysRead), where they
 * re-ran every SKU's ledger from its first movement.
 *
 * Built with the buyer visits (buyer-visits.ts buildBuyerVisits), for the same horizon and
 * watermark, into the table of their build's set; stale — and not read — once a movement for a
 * day up to the horizon is written after the watermark (stock_day_writes).
 */

/** The unit cost at the end of a stock_sku_daily closing key (clickhouse/0013); no key, no cost. */
export const UNIT_COST_OF_KEY = (key: string) => `toInt64OrZero(trimLeft(right(${key}, 20)))`

/** What a stock values row holds: a day's value over everything or per location, or what a SKU (per location) carries past the horizon. */
export const STOCK_VALUE_SCOPES = { value: 'value', valueByPlace: 'value:place', opening: 'opening', openingByPlace: 'opening:place' } as const

/** The built stock values a read may use: every local day up to `horizon`, in `table`. */
export type StockValues = { horizon: string; table: string }

/**
 * Whether the built values answer a read under `q`'s filters: over everything or by place. A
 * category or SKU filter prices each SKU from its own category's movements (SKU_FILTERS), which
 * the values do not keep apart; those reads run the ledger.
 */
export const stockValuesServe = (q: RangeQuery) => q.category.length === 0 && q.sku.length === 0

/**
 * Each `unit`'s units held (the running sum of `table`'s on_hand_change) on each day from its
 * first movement to the horizon, with the closing `key` of its last day with a movement: the
 * rows of one day (unmerged parts) sorted by key, each held for 0 days but the last, so a day
 * ends with its units and its latest cost, as the reads take them.
 */
const heldDaysSql = (table: string, unit: readonly string[], key = "''") =>
  `SELECT ${unit.join(', ')}, r_day + k AS day, r_key, r_held
     FROM (SELECT ${unit.join(', ')}, arraySort(arrayZip(groupArray(day), groupArray(${key}), groupArray(on_hand_change))) AS k_rows
             FROM ${table} WHERE day <= toDate({horizon:String}) GROUP BY ${unit.join(', ')})
    ARRAY JOIN k_rows.1 AS r_day, arrayPushBack(arrayPopFront(k_rows.1), toDate({horizon:String}) + 1) AS r_until, k_rows.2 AS r_key, arrayCumSum(k_rows.3) AS r_held
    ARRAY JOIN range(toUInt32(r_until - r_day)) AS k`

/** Each SKU's unit cost and units over every location on each day from its first movement to the horizon. */
const skuCostDays = `SELECT sku, day, ${UNIT_COST_OF_KEY('r_key')} AS cost, r_held FROM (${heldDaysSql(TABLES.stockSkuDaily, ['sku'], 'closing_cost')})`

/**
 * Fills `table` (emptied first) with the values of every day up to `horizon` and the openings of
 * the day after. About 1.3 s on the 10 M-line bench (760 days, 500 SKUs at 23 locations): the
 * per-location values join each (sku, location)'s units per day with its SKU's cost that day.
 */
export async function fillStockValues(ch: ClickHouseClient, table: string, horizon: string) {
  const run = (query: string) => ch.command({ query, query_params: { horizon } })
  const opening = 'toDate({horizon:String}) + 1'
  await ch.command({ query: `TRUNCATE TABLE ${table}` })
  await run(`INSERT INTO ${table} (scope, day, value) SELECT '${STOCK_VALUE_SCOPES.value}', day, sum(cost * r_held) FROM (${skuCostDays}) GROUP BY day`)
  await run(
    `INSERT INTO ${table} (scope, day, region, city, location_id, value)
     SELECT '${STOCK_VALUE_SCOPES.valueByPlace}', held.day, region, city, location_id, sum(held.units * cost.cost)
       FROM (SELECT sku, region, city, location_id, day, r_held AS units FROM (${heldDaysSql(TABLES.stockDaily, ['sku', 'region', 'city', 'location_id'])}) WHERE r_held != 0) AS held
      INNER JOIN (${skuCostDays}) AS cost ON cost.sku = held.sku AND cost.day = held.day
      GROUP BY held.day, region, city, location_id`,
  )
  await run(
    `INSERT INTO ${table} (scope, day, sku, closing_cost, held)
     SELECT '${STOCK_VALUE_SCOPES.opening}', ${opening}, sku, max(closing_cost), sum(on_hand_change) FROM ${TABLES.stockSkuDaily} WHERE day <= toDate({horizon:String}) GROUP BY sku`,
  )
  await run(
    `INSERT INTO ${table} (scope, day, region, city, location_id, sku, held)
     SELECT '${STOCK_VALUE_SCOPES.openingByPlace}', ${opening}, region, city, location_id, sku, sum(on_hand_change) FROM ${TABLES.stockDaily} WHERE day <= toDate({horizon:String}) GROUP BY region, city, location_id, sku`,
  )
  await ch.command({ query: `OPTIMIZE TABLE ${table} FINAL` })
}
