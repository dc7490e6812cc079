-- Each paying customer's paid orders per local calendar month, over every channel and place: for
-- the customer KPIs of whole months (distinct customers, repeat customers = 2+ paid orders in a
-- slice). Counting them from customer_days needs a hash table of the month's customers, built
-- from one row per customer, day and place bought on. Here a month is read with FINAL: the rows
-- come merged, one per customer and month (about 140,000 a month at 10 M order lines, the bench's
-- data), sorted by (month, customer_key), so they are counted as they stream past, no hash table.
-- Same key, filter and zone as customer_days (clickhouse/0008) and customer_years (0012); filled
-- by a view of the same insert as the facts, deduplicated with it. FINAL makes every read exact
-- whatever is still unmerged, but is cheapest on one part: a partition is merged into one once
-- its newest part is an hour old (min_age_to_force_merge_seconds), so every past month is one
-- part and only the running month holds a few. customer_years (0012) is read the same way and
-- gets the same setting.
CREATE TABLE IF NOT EXISTS customer_months (
  month Date,
  customer_key UInt128,
  paid_orders SimpleAggregateFunction(sum, Int64)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(month)
ORDER BY (month, customer_key)
SETTINGS non_replicated_deduplication_window = 100000, min_age_to_force_merge_seconds = 3600, min_age_to_force_merge_on_partition_only = 1;

ALTER TABLE customer_years MODIFY SETTING min_age_to_force_merge_seconds = 3600, min_age_to_force_merge_on_partition_only = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_months_mv TO customer_months AS
SELECT
  toStartOfMonth(toDate(occurred_at, {{TIME_ZONE}})) AS month,
  reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key,
  sum(paid_orders) AS paid_orders
FROM sales_lines
WHERE kind = 'payment' AND customer_id != ''
GROUP BY month, customer_key;

-- Installations that ingested before this migration: fill from the facts once.
INSERT INTO customer_months
SELECT toStartOfMonth(toDate(occurred_at, {{TIME_ZONE}})) AS month, reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key, sum(paid_orders)
FROM sales_lines
WHERE kind = 'payment' AND customer_id != '' AND (SELECT count() FROM customer_months) = 0
GROUP BY month, customer_key;
