import type { RangeQuery } from './filters'

/** Drill filters and the column that holds each, in every analytics table that has it. */
const FILTER_COLUMNS: [keyof RangeQuery, string][] = [
  ['channel', 'channel'],
  ['region', 'region'],
  ['city', 'city'],
  ['store', 'location_id'],
  ['category', 'category'],
  ['sku', 'sku'],
]

/**
 * The WHERE clause for a date range (inclusive, local to {tz}) and drill filters, with every
 * value bound as a parameter. `time` is the table's time column; `filters` the filters the
 * table can apply (order-level tables have no category or SKU).
 */
export function rangeWhere(q: RangeQuery, time: string, filters: readonly (keyof RangeQuery)[] = FILTER_COLUMNS.map(([k]) => k)) {
  const parts = [`${time} >= toDateTime({from:String}, {tz:String})`, `${time} < toDateTime({to:String}, {tz:String}) + INTERVAL 1 DAY`]
  const params: Record<string, unknown> = { from: `${q.from} 00:00:00`, to: `${q.to} 00:00:00` }
  for (const [key, column] of FILTER_COLUMNS) {
    const values = q[key] as string[]
    if (values.length === 0 || !filters.includes(key)) continue
    parts.push(`${column} IN {f_${key}:Array(String)}`)
    params[`f_${key}`] = values
  }
  return { sql: parts.join(' AND '), params }
}
