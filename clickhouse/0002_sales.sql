-- Sales facts: one row per order line per money event. Payments count positive, refunds
-- negative, each at its own time (net revenue is recognised at payment, refunds at refund).
CREATE TABLE IF NOT EXISTS sales_lines (
  occurred_at DateTime64(3, 'UTC'),
  event_id UUID,
  kind Enum8('payment' = 1, 'refund' = 2),
  order_id String,
  channel LowCardinality(String),
  location_id LowCardinality(String),
  region LowCardinality(String),
  city LowCardinality(String),
  customer_id String,
  line_no UInt16,
  sku LowCardinality(String),
  category LowCardinality(String),
  quantity Int64,
  gross_cents Int64,
  discount_cents Int64,
  net_cents Int64,
  cost_cents Int64,
  -- 1 on the first line of a payment, so orders add up without a distinct count
  paid_orders Int64
) ENGINE = MergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (channel, occurred_at, order_id, line_no)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_lines_mv TO sales_lines AS
WITH if(type = 'order.paid', 1, -1) AS sign
SELECT
  occurred_at,
  event_id,
  if(type = 'order.paid', 'payment', 'refund') AS kind,
  JSONExtractString(data, 'order_id') AS order_id,
  channel,
  JSONExtractString(data, 'location_id') AS location_id,
  JSONExtractString(data, 'region') AS region,
  JSONExtractString(data, 'city') AS city,
  JSONExtractString(data, 'customer_id') AS customer_id,
  toUInt16(JSONExtractUInt(line, 'line_no')) AS line_no,
  JSONExtractString(line, 'sku') AS sku,
  JSONExtractString(line, 'category') AS category,
  sign * JSONExtractInt(line, 'quantity') AS quantity,
  sign * JSONExtractInt(line, 'list_price_cents') * JSONExtractInt(line, 'quantity') AS gross_cents,
  sign * JSONExtractInt(line, 'discount_cents') AS discount_cents,
  sign * JSONExtractInt(line, 'amount_cents') AS net_cents,
  sign * JSONExtractInt(line, 'unit_cost_cents') * JSONExtractInt(line, 'quantity') AS cost_cents,
  if(type = 'order.paid' AND line_no = 1, 1, 0) AS paid_orders
FROM events
ARRAY JOIN JSONExtractArrayRaw(data, 'lines') AS line
WHERE dead_letter_reason = '' AND type IN ('order.paid', 'order.refunded');

-- The rollup dashboards read: hourly (UTC hours, so any whole-hour time zone's days align)
-- by kind, channel, geography and product. Distinct customers merge exactly across rows.
CREATE TABLE IF NOT EXISTS sales_hourly (
  hour DateTime('UTC'),
  kind Enum8('payment' = 1, 'refund' = 2),
  channel LowCardinality(String),
  region LowCardinality(String),
  city LowCardinality(String),
  location_id LowCardinality(String),
  category LowCardinality(String),
  sku LowCardinality(String),
  quantity SimpleAggregateFunction(sum, Int64),
  gross_cents SimpleAggregateFunction(sum, Int64),
  discount_cents SimpleAggregateFunction(sum, Int64),
  net_cents SimpleAggregateFunction(sum, Int64),
  cost_cents SimpleAggregateFunction(sum, Int64),
  paid_orders SimpleAggregateFunction(sum, Int64),
  customers AggregateFunction(uniqExact, Nullable(String))
) ENGINE = AggregatingMergeTree
ORDER BY (hour, kind, channel, region, city, location_id, category, sku)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_hourly_mv TO sales_hourly AS
SELECT
  toStartOfHour(occurred_at) AS hour,
  kind, channel, region, city, location_id, category, sku,
  sum(quantity) AS quantity,
  sum(gross_cents) AS gross_cents,
  sum(discount_cents) AS discount_cents,
  sum(net_cents) AS net_cents,
  sum(cost_cents) AS cost_cents,
  sum(paid_orders) AS paid_orders,
  uniqExactState(nullIf(customer_id, '')) AS customers
FROM sales_lines
GROUP BY hour, kind, channel, region, city, location_id, category, sku;
