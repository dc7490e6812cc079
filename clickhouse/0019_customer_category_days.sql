-- Each paying customer per local day, channel, place and category, with the smallest and largest
-- order key (as customer_sku_days, clickhouse/0015): the customer KPIs of category rows and
-- category filters under any channel and place filter. Until now those read customer_sku_days
-- (no place: one SKU's customers at a time) or, with a place, the order lines — a drill from a
-- region into categories read the region's lines of the range (~28 ms of ~40 for tmall + east
-- over 30 days). Ordered by day, channel and place like customer_days, so such a drill reads a
-- key range. Repeat customers of a category: the smallest and largest order key differ exactly
-- when they bought it in two or more orders, and both merge across days, batches and parts.
-- Keys are 128-bit SipHashes of the ids, as in customer_days (clickhouse/0008); same zone.
CREATE TABLE IF NOT EXISTS customer_category_days (
  day Date,
  channel LowCardinality(String),
  region LowCardinality(String),
  city LowCardinality(String),
  location_id LowCardinality(String),
  category LowCardinality(String),
  customer_key UInt128,
  first_order_key SimpleAggregateFunction(min, UInt128),
  last_order_key SimpleAggregateFunction(max, UInt128)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, channel, region, city, location_id, category, customer_key)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_category_days_mv TO customer_category_days AS
SELECT
  toDate(occurred_at, {{TIME_ZONE}}) AS day,
  channel, region, city, location_id, category,
  reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key,
  min(reinterpretAsUInt128(sipHash128(order_id))) AS first_order_key,
  max(reinterpretAsUInt128(sipHash128(order_id))) AS last_order_key
FROM sales_lines
WHERE kind = 'payment' AND customer_id != ''
GROUP BY day, channel, region, city, location_id, category, customer_key;

-- Installations that ingested before this migration: fill from the facts once.
INSERT INTO customer_category_days
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, channel, region, city, location_id, category,
       reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key,
       min(reinterpretAsUInt128(sipHash128(order_id))), max(reinterpretAsUInt128(sipHash128(order_id)))
FROM sales_lines
WHERE kind = 'payment' AND customer_id != '' AND (SELECT count() FROM customer_category_days) = 0
GROUP BY day, channel, region, city, location_id, category, customer_key;
