-- Per customer record: what segments filter on. Fed by views of sales_lines (purchases),
-- customer.upserted (home city, region, tier), coupon.issued (coupons received) and paid
-- orders carrying a coupon code (coupons used). Queries
-- group the records by merged customer (customer_merge_map), so a merge needs no rewrite.
CREATE TABLE IF NOT EXISTS customer_facts (
  customer_id String,
  first_paid_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
  last_paid_at SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
  -- paid orders (counted at payment, like the orders KPI) and net revenue (refunds negative)
  orders SimpleAggregateFunction(sum, Int64),
  net_cents SimpleAggregateFunction(sum, Int64),
  channels SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
  categories SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
  skus SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
  locations SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
  -- (region, city, member_tier) of the latest customer.upserted
  profile AggregateFunction(argMax, Tuple(String, String, String), DateTime64(3, 'UTC')),
  coupons_received SimpleAggregateFunction(sum, Int64),
  -- paid orders that used a campaign coupon
  coupons_used SimpleAggregateFunction(sum, Int64)
) ENGINE = AggregatingMergeTree
ORDER BY customer_id
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_facts_sales_mv TO customer_facts AS
SELECT
  customer_id,
  min(if(kind = 'payment', occurred_at, NULL)) AS first_paid_at,
  max(if(kind = 'payment', occurred_at, NULL)) AS last_paid_at,
  sum(paid_orders) AS orders,
  sum(net_cents) AS net_cents,
  groupUniqArrayIf(toString(channel), kind = 'payment') AS channels,
  groupUniqArrayIf(toString(category), kind = 'payment') AS categories,
  groupUniqArrayIf(toString(sku), kind = 'payment') AS skus,
  groupUniqArrayIf(toString(location_id), kind = 'payment') AS locations,
  argMaxState(tuple('', '', ''), toDateTime64(0, 3, 'UTC')) AS profile,
  toInt64(0) AS coupons_received,
  toInt64(0) AS coupons_used
FROM sales_lines
WHERE customer_id != ''
GROUP BY customer_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_facts_profile_mv TO customer_facts AS
SELECT
  JSONExtractString(data, 'customer_id') AS customer_id,
  CAST(NULL AS Nullable(DateTime64(3, 'UTC'))) AS first_paid_at,
  CAST(NULL AS Nullable(DateTime64(3, 'UTC'))) AS last_paid_at,
  toInt64(0) AS orders,
  toInt64(0) AS net_cents,
  CAST([] AS Array(String)) AS channels,
  CAST([] AS Array(String)) AS categories,
  CAST([] AS Array(String)) AS skus,
  CAST([] AS Array(String)) AS locations,
  argMaxState(tuple(JSONExtractString(data, 'region'), JSONExtractString(data, 'city'), JSONExtractString(data, 'member_tier')), occurred_at) AS profile,
  toInt64(0) AS coupons_received,
  toInt64(0) AS coupons_used
FROM events
WHERE dead_letter_reason = '' AND type = 'customer.upserted'
GROUP BY customer_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_facts_redemptions_mv TO customer_facts AS
SELECT
  JSONExtractString(data, 'customer_id') AS customer_id,
  CAST(NULL AS Nullable(DateTime64(3, 'UTC'))) AS first_paid_at,
  CAST(NULL AS Nullable(DateTime64(3, 'UTC'))) AS last_paid_at,
  toInt64(0) AS orders,
  toInt64(0) AS net_cents,
  CAST([] AS Array(String)) AS channels,
  CAST([] AS Array(String)) AS categories,
  CAST([] AS Array(String)) AS skus,
  CAST([] AS Array(String)) AS locations,
  argMaxState(tuple('', '', ''), toDateTime64(0, 3, 'UTC')) AS profile,
  toInt64(0) AS coupons_received,
  toInt64(count()) AS coupons_used
FROM events
WHERE dead_letter_reason = '' AND type = 'order.paid' AND JSONExtractString(data, 'coupon_code') != '' AND JSONExtractString(data, 'customer_id') != ''
GROUP BY customer_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_facts_coupons_mv TO customer_facts AS
SELECT
  JSONExtractString(coupon, 'customer_id') AS customer_id,
  CAST(NULL AS Nullable(DateTime64(3, 'UTC'))) AS first_paid_at,
  CAST(NULL AS Nullable(DateTime64(3, 'UTC'))) AS last_paid_at,
  toInt64(0) AS orders,
  toInt64(0) AS net_cents,
  CAST([] AS Array(String)) AS channels,
  CAST([] AS Array(String)) AS categories,
  CAST([] AS Array(String)) AS skus,
  CAST([] AS Array(String)) AS locations,
  argMaxState(tuple('', '', ''), toDateTime64(0, 3, 'UTC')) AS profile,
  toInt64(count()) AS coupons_received,
  toInt64(0) AS coupons_used
FROM events
ARRAY JOIN JSONExtractArrayRaw(data, 'coupons') AS coupon
WHERE dead_letter_reason = '' AND type = 'coupon.issued'
GROUP BY customer_id;

-- Installations that ingested before this migration: fill from the stored facts once
-- (profiles first, while the table is empty; then purchases, while none is there).
INSERT INTO customer_facts
SELECT
  JSONExtractString(data, 'customer_id'),
  NULL, NULL, 0, 0, [], [], [], [],
  argMaxState(tuple(JSONExtractString(data, 'region'), JSONExtractString(data, 'city'), JSONExtractString(data, 'member_tier')), occurred_at),
  0, 0
FROM events
WHERE dead_letter_reason = '' AND type = 'customer.upserted' AND (SELECT count() FROM customer_facts) = 0
GROUP BY JSONExtractString(data, 'customer_id');

INSERT INTO customer_facts
SELECT
  customer_id,
  min(if(kind = 'payment', occurred_at, NULL)),
  max(if(kind = 'payment', occurred_at, NULL)),
  sum(paid_orders),
  sum(net_cents),
  groupUniqArrayIf(toString(channel), kind = 'payment'),
  groupUniqArrayIf(toString(category), kind = 'payment'),
  groupUniqArrayIf(toString(sku), kind = 'payment'),
  groupUniqArrayIf(toString(location_id), kind = 'payment'),
  argMaxState(tuple('', '', ''), toDateTime64(0, 3, 'UTC')),
  toInt64(0), toInt64(0)
FROM sales_lines
WHERE customer_id != '' AND (SELECT countIf(last_paid_at IS NOT NULL OR orders != 0) FROM customer_facts) = 0
GROUP BY customer_id;

-- The attributes of every merged customer, rebuilt from customer_facts every minute (and on
-- demand) into customer_attributes_next, then swapped in with EXCHANGE TABLES: segment counts
-- on a million customers scan one row per customer instead of grouping 1M+ records by merged
-- id at every keystroke (lib/customers/attributes.ts). Time-dependent values (days since the
-- last order, RFM) are computed at query time from these.
CREATE TABLE IF NOT EXISTS customer_attributes (
  customer_id String,
  first_paid_at Nullable(DateTime64(3, 'UTC')),
  last_paid_at Nullable(DateTime64(3, 'UTC')),
  orders Int64,
  net_cents Int64,
  channels Array(LowCardinality(String)),
  categories Array(LowCardinality(String)),
  skus Array(LowCardinality(String)),
  locations Array(LowCardinality(String)),
  region LowCardinality(String),
  city LowCardinality(String),
  member_tier LowCardinality(String),
  coupons_received Int64,
  coupons_used Int64,
  built_at DateTime64(3, 'UTC')
) ENGINE = MergeTree
ORDER BY customer_id;

CREATE TABLE IF NOT EXISTS customer_attributes_next AS customer_attributes;
