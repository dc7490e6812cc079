-- Which merged customer each customer record belongs to, from customer.merged and
-- customer.unmerged events (each carries the whole mapping of the groups it changed). The
-- latest version per record wins; records never merged have no row and stand for themselves.
-- Facts keep the customer id they were recorded with: queries map it through this table
-- (lib/customers/merged-id.ts), so history already stored follows a merge and its undo.
CREATE TABLE IF NOT EXISTS customer_merge_map (
  customer_id String,
  merged_id String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY customer_id
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_merge_map_mv TO customer_merge_map AS
SELECT
  JSONExtractString(pair, 'customer_id') AS customer_id,
  JSONExtractString(pair, 'merged_id') AS merged_id,
  JSONExtractUInt(data, 'version') AS version
FROM events
ARRAY JOIN JSONExtractArrayRaw(data, 'mapping') AS pair
WHERE dead_letter_reason = '' AND type IN ('customer.merged', 'customer.unmerged');
