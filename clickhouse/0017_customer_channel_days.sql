-- Each paying customer's paid orders per local day and channel, over every place: for the
-- customer KPIs by day × channel (distinct customers, repeat customers = 2+ paid orders in a
-- slice). Counting them from customer_days needs a hash table of every (day, channel,
-- customer) group, as its key has the places (region, city, store) before the customer, so a
-- (day, channel)'s customers come in one run per place, not sorted. Here they are read with
-- FINAL: the rows come merged, one per customer, day and channel, sorted by (day, channel,
-- customer_key), so each (day, channel)'s customers are counted as they stream past, no hash
-- table. Same key, filter and zone as customer_days (clickhouse/0008) and customer_months
-- (0016); filled by a view of the same insert as the facts, deduplicated with it. FINAL makes
-- every read exact whatever is still unmerged; a partition (month) is merged into one part once
-- its newest part is an hour old, as customer_months is.
CREATE TABLE IF NOT EXISTS customer_channel_days (
  day Date,
  channel LowCardinality(String),
  customer_key UInt128,
  paid_orders SimpleAggregateFunction(sum, Int64)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, channel, customer_key)
SETTINGS non_replicated_deduplication_window = 100000, min_age_to_force_merge_seconds = 3600, min_age_to_force_merge_on_partition_only = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_channel_days_mv TO customer_channel_days AS
SELECT
  toDate(occurred_at, {{TIME_ZONE}}) AS day,
  channel,
  reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key,
  sum(paid_orders) AS paid_orders
FROM sales_lines
WHERE kind = 'payment' AND customer_id != ''
GROUP BY day, channel, customer_key;

-- Installations that ingested before this migration: fill from the facts once.
INSERT INTO customer_channel_days
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, channel, reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key, sum(paid_orders)
FROM sales_lines
WHERE kind = 'payment' AND customer_id != '' AND (SELECT count() FROM customer_channel_days) = 0
GROUP BY day, channel, customer_key;
