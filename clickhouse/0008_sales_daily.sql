-- Daily rollups in the configured time zone, for the dashboards' day-or-coarser views.
-- {{TIME_ZONE}} is the configured TIME_ZONE when this migration ran (lib/clickhouse/migrate.ts
-- substitutes it); `daily_rollup_zone` records it. "Daily" depends on the zone, so a query uses
-- these tables only while the configured zone is still the recorded one and falls back to the
-- UTC-hourly rollup (or the facts) otherwise — still exact, only slower — until they are
-- rebuilt (docs/operations.md). Filled by views of `sales_lines`, i.e. by the same insert as the
-- facts, deduplicated with it (deduplicate_blocks_in_dependent_materialized_views).
CREATE TABLE IF NOT EXISTS daily_rollup_zone (
  time_zone String
) ENGINE = MergeTree
ORDER BY tuple();

INSERT INTO daily_rollup_zone SELECT {{TIME_ZONE}} WHERE (SELECT count() FROM daily_rollup_zone) = 0;

-- Sales by local day, channel, geography and category, without SKU: about 18 lines per row
-- where sales_hourly holds about one. No customer set: distinct customers come from
-- customer_days, which knows no category.
CREATE TABLE IF NOT EXISTS sales_daily (
  day Date,
  kind Enum8('payment' = 1, 'refund' = 2),
  channel LowCardinality(String),
  region LowCardinality(String),
  city LowCardinality(String),
  location_id LowCardinality(String),
  category LowCardinality(String),
  quantity SimpleAggregateFunction(sum, Int64),
  gross_cents SimpleAggregateFunction(sum, Int64),
  discount_cents SimpleAggregateFunction(sum, Int64),
  net_cents SimpleAggregateFunction(sum, Int64),
  cost_cents SimpleAggregateFunction(sum, Int64),
  paid_orders SimpleAggregateFunction(sum, Int64)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, kind, channel, region, city, location_id, category)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_daily_mv TO sales_daily AS
SELECT
  toDate(occurred_at, {{TIME_ZONE}}) AS day,
  kind, channel, region, city, location_id, category,
  sum(quantity) AS quantity,
  sum(gross_cents) AS gross_cents,
  sum(discount_cents) AS discount_cents,
  sum(net_cents) AS net_cents,
  sum(cost_cents) AS cost_cents,
  sum(paid_orders) AS paid_orders
FROM sales_lines
GROUP BY day, kind, channel, region, city, location_id, category;

-- Sales by local day, channel, category and SKU, without geography: SKU rankings.
CREATE TABLE IF NOT EXISTS sales_daily_sku (
  day Date,
  kind Enum8('payment' = 1, 'refund' = 2),
  channel LowCardinality(String),
  category LowCardinality(String),
  sku LowCardinality(String),
  quantity SimpleAggregateFunction(sum, Int64),
  gross_cents SimpleAggregateFunction(sum, Int64),
  discount_cents SimpleAggregateFunction(sum, Int64),
  net_cents SimpleAggregateFunction(sum, Int64),
  cost_cents SimpleAggregateFunction(sum, Int64),
  paid_orders SimpleAggregateFunction(sum, Int64)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, kind, channel, category, sku)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_daily_sku_mv TO sales_daily_sku AS
SELECT
  toDate(occurred_at, {{TIME_ZONE}}) AS day,
  kind, channel, category, sku,
  sum(quantity) AS quantity,
  sum(gross_cents) AS gross_cents,
  sum(discount_cents) AS discount_cents,
  sum(net_cents) AS net_cents,
  sum(cost_cents) AS cost_cents,
  sum(paid_orders) AS paid_orders
FROM sales_lines
GROUP BY day, kind, channel, category, sku;

-- Each paying customer's paid orders per local day and order-level member (channel, region,
-- city, store): an order's lines share these, so the sum counts each order once. Distinct,
-- new and repeat customers over any range of days merge from it exactly. Customers are keyed
-- by the 128-bit SipHash of their id — what uniqExact itself counts for a string — so that
-- counting and grouping handle fixed-size numbers, not strings.
CREATE TABLE IF NOT EXISTS customer_days (
  day Date,
  channel LowCardinality(String),
  region LowCardinality(String),
  city LowCardinality(String),
  location_id LowCardinality(String),
  customer_key UInt128,
  paid_orders SimpleAggregateFunction(sum, Int64)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, channel, region, city, location_id, customer_key)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_days_mv TO customer_days AS
SELECT
  toDate(occurred_at, {{TIME_ZONE}}) AS day,
  channel, region, city, location_id,
  reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key,
  sum(paid_orders) AS paid_orders
FROM sales_lines
WHERE kind = 'payment' AND customer_id != ''
GROUP BY day, channel, region, city, location_id, customer_key;

-- Each customer's first payment ever, by the same key (customer_first_orders, keyed by id).
CREATE TABLE IF NOT EXISTS customer_first_paid (
  customer_key UInt128,
  first_paid_at SimpleAggregateFunction(min, DateTime64(3, 'UTC'))
) ENGINE = AggregatingMergeTree
ORDER BY customer_key
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_first_paid_mv TO customer_first_paid AS
SELECT reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key, min(occurred_at) AS first_paid_at
FROM sales_lines
WHERE kind = 'payment' AND customer_id != ''
GROUP BY customer_key;

-- Installations that ingested before this migration: fill each rollup from the facts once.
INSERT INTO sales_daily
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, kind, channel, region, city, location_id, category,
       sum(quantity), sum(gross_cents), sum(discount_cents), sum(net_cents), sum(cost_cents), sum(paid_orders)
FROM sales_lines
WHERE (SELECT count() FROM sales_daily) = 0
GROUP BY day, kind, channel, region, city, location_id, category;

INSERT INTO sales_daily_sku
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, kind, channel, category, sku,
       sum(quantity), sum(gross_cents), sum(discount_cents), sum(net_cents), sum(cost_cents), sum(paid_orders)
FROM sales_lines
WHERE (SELECT count() FROM sales_daily_sku) = 0
GROUP BY day, kind, channel, category, sku;

INSERT INTO customer_days
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, channel, region, city, location_id,
       reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key, sum(paid_orders)
FROM sales_lines
WHERE kind = 'payment' AND customer_id != '' AND (SELECT count() FROM customer_days) = 0
GROUP BY day, channel, region, city, location_id, customer_key;

INSERT INTO customer_first_paid
SELECT reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key, min(occurred_at)
FROM sales_lines
WHERE kind = 'payment' AND customer_id != '' AND (SELECT count() FROM customer_first_paid) = 0
GROUP BY customer_key;
