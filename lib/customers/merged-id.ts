import { TABLES } from '@/lib/clickhouse/tables'

/**
 * The merged customer behind a customer id column, as a ClickHouse expression: facts keep the
 * id they were recorded with and follow merges (and their undo) at query time through
 * customer_merge_map. Merges are few, so the mapping is one small scalar subquery (ClickHouse
 * evaluates an identical scalar subquery once per query). `column` is a trusted column name
 * from code, never input.
 */
export function mergedCustomerIdSql(column: string): string {
  const mapping = `(SELECT (groupArray(customer_id), groupArray(mm_merged_id)) FROM (SELECT customer_id, argMax(merged_id, version) AS mm_merged_id FROM ${TABLES.customerMergeMap} GROUP BY customer_id) WHERE mm_merged_id != customer_id)`
  return `transform(${column}, tupleElement(${mapping}, 1), tupleElement(${mapping}, 2), ${column})`
}

/**
 * The same for the `customer_key` column (the 128-bit SipHash of the id) the daily rollups
 * group by (clickhouse/0008_sales_daily.sql), looked up in customer_key_merges (clickhouse/0018:
 * a hash table kept as merges are recorded, where a join would build one per read); a key
 * without a merge stands for itself.
 */
export const MERGED_KEY = `ifNull(joinGetOrNull('${TABLES.customerKeyMerges}', 'merged_key', customer_key), customer_key)`

/**
 * Every customer id a merge or its undo ever involved (either side; more than the current
 * merges, never fewer), and the same as `customer_key`s: what a query must read all records of
 * to see a merged customer whole.
 */
export const MERGE_INVOLVED_IDS = `SELECT arrayJoin([customer_id, merged_id]) FROM ${TABLES.customerMergeMap}`
export const MERGE_INVOLVED_KEYS = `SELECT reinterpretAsUInt128(sipHash128(arrayJoin([customer_id, merged_id]))) FROM ${TABLES.customerMergeMap}`
