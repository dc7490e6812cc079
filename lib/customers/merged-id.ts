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
