-- Each paying customer per local day, channel and SKU (with its category): the customer KPIs of
-- SKU rankings and SKU drill-downs, which until now read the order lines. Ordered by SKU first,
-- so a top N reads only its SKUs. Whether a customer bought a SKU in two or more orders (a
-- repeat customer of it) needs no count: the smallest and largest order key differ exactly
-- then, and both merge across days, batches and parts — unlike a count of distinct orders,
-- which a sum would double when an order's lines of one SKU are split across inserted blocks.
-- Keys are 128-bit SipHashes of the ids, as in customer_days (clickhouse/0008); same zone.
CREATE TABLE IF NOT EXISTS customer_sku_days (
  day Date,
  channel LowCardinality(String),
  category LowCardinality(String),
  sku LowCardinality(String),
  customer_key UInt128,
  first_order_key SimpleAggregateFunction(min, UInt128),
  last_order_key SimpleAggregateFunction(max, UInt128)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (sku, day, channel, category, customer_key)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_sku_days_mv TO customer_sku_days AS
SELECT
  toDate(occurred_at, {{TIME_ZONE}}) AS day,
  channel, category, sku,
  reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key,
  min(reinterpretAsUInt128(sipHash128(order_id))) AS first_order_key,
  max(reinterpretAsUInt128(sipHash128(order_id))) AS last_order_key
FROM sales_lines
WHERE kind = 'payment' AND customer_id != ''
GROUP BY day, channel, category, sku, customer_key;

-- Installations that ingested before this migration: fill from the facts once.
INSERT INTO customer_sku_days
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, channel, category, sku, reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key,
       min(reinterpretAsUInt128(sipHash128(order_id))), max(reinterpretAsUInt128(sipHash128(order_id)))
FROM sales_lines
WHERE kind = 'payment' AND customer_id != '' AND (SELECT count() FROM customer_sku_days) = 0
GROUP BY day, channel, category, sku, customer_key;
