-- The merged customer of each customer_key (the 128-bit SipHash of a customer id that the daily
-- rollups group by), as an in-memory hash table that queries look up with joinGet: every
-- customer read maps its keys through merges, and a LEFT JOIN with customer_merge_map built
-- that mapping again for each read of each query (5–15 ms of a dashboard call). A Join table is
-- built as its rows are inserted, kept on disk and loaded at start.
--
-- The latest version per record wins, as in customer_merge_map: a row replaces the record's
-- (join_any_take_last_row) only when its version is not older, so a mapping delivered late
-- cannot undo a newer one. An undo maps a record to itself. customer_merge_map stays the record
-- of truth; this is derived from it by the view below, in the same insert.
CREATE TABLE IF NOT EXISTS customer_key_merges (
  customer_key UInt128,
  merged_key UInt128,
  version UInt64
) ENGINE = Join(ANY, LEFT, customer_key)
SETTINGS join_any_take_last_row = 1;

-- (The m_ aliases differ from the columns: an alias named like a column would replace it.)
CREATE MATERIALIZED VIEW IF NOT EXISTS customer_key_merges_mv TO customer_key_merges AS
SELECT m_key AS customer_key, m_merged AS merged_key, m_version AS version
FROM (
  SELECT reinterpretAsUInt128(sipHash128(customer_id)) AS m_key,
         reinterpretAsUInt128(sipHash128(argMax(merged_id, version))) AS m_merged,
         max(version) AS m_version
  FROM customer_merge_map
  GROUP BY customer_id)
WHERE m_version >= joinGet('customer_key_merges', 'version', m_key);

-- Merges recorded before this migration.
INSERT INTO customer_key_merges
SELECT m_key AS customer_key, m_merged AS merged_key, m_version AS version
FROM (
  SELECT reinterpretAsUInt128(sipHash128(customer_id)) AS m_key,
         reinterpretAsUInt128(sipHash128(argMax(merged_id, version))) AS m_merged,
         max(version) AS m_version
  FROM customer_merge_map
  GROUP BY customer_id)
WHERE m_version >= joinGet('customer_key_merges', 'version', m_key);
