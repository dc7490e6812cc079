-- Order-flow rollups: placed and oversold orders per local day (the zone of 0008, recorded in
-- daily_rollup_zone), and each shipment with its payment → shipment time computed when it is
-- ingested, so processing-time quantiles read only the range's shipments instead of looking
-- every payment up. Filled by views of `order_events` (itself a view of `events`): the same
-- insert, deduplicated with it.

CREATE TABLE IF NOT EXISTS order_flow_daily (
  day Date,
  channel LowCardinality(String),
  region LowCardinality(String),
  city LowCardinality(String),
  location_id LowCardinality(String),
  placed_orders SimpleAggregateFunction(sum, Int64),
  oversold_orders SimpleAggregateFunction(sum, Int64)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, channel, region, city, location_id)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS order_flow_daily_mv TO order_flow_daily AS
SELECT
  toDate(occurred_at, {{TIME_ZONE}}) AS day,
  channel, region, city, location_id,
  toInt64(countIf(type = 'order.placed')) AS placed_orders,
  toInt64(countIf(type = 'order.cancelled' AND reason = 'out_of_stock')) AS oversold_orders
FROM order_events
WHERE type IN ('order.placed', 'order.cancelled')
GROUP BY day, channel, region, city, location_id;

-- When each order was paid, by order id: the lookup behind a shipment's processing time.
CREATE TABLE IF NOT EXISTS order_payments (
  order_id String,
  paid_at SimpleAggregateFunction(min, DateTime64(3, 'UTC'))
) ENGINE = AggregatingMergeTree
ORDER BY order_id
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS order_payments_mv TO order_payments AS
SELECT order_id, min(occurred_at) AS paid_at
FROM order_events
WHERE type = 'order.paid'
GROUP BY order_id;

-- One row per shipment of a paid order, with the seconds since its (first) payment.
CREATE TABLE IF NOT EXISTS order_shipments (
  shipped_at DateTime64(3, 'UTC'),
  channel LowCardinality(String),
  region LowCardinality(String),
  city LowCardinality(String),
  location_id LowCardinality(String),
  order_id String,
  seconds Int64
) ENGINE = MergeTree
PARTITION BY toYYYYMM(shipped_at)
ORDER BY (channel, shipped_at, order_id)
SETTINGS non_replicated_deduplication_window = 100000;

-- Inside a view, `order_events` names the inserted block, so the payment lookup reads only
-- the block's orders (by order_payments' key) — plus the block's own payments, in case an
-- order was paid and shipped within one batch (whichever view runs first).
CREATE MATERIALIZED VIEW IF NOT EXISTS order_shipments_mv TO order_shipments AS
SELECT s.occurred_at AS shipped_at, s.channel AS channel, s.region AS region, s.city AS city, s.location_id AS location_id,
       s.order_id AS order_id, dateDiff('second', p.paid_at, s.occurred_at) AS seconds
FROM order_events AS s
INNER JOIN (
  SELECT order_id, min(paid_at) AS paid_at
  FROM (
    SELECT order_id, paid_at FROM order_payments
     WHERE order_id IN (SELECT order_id FROM order_events WHERE type = 'order.shipped')
    UNION ALL
    SELECT order_id, occurred_at AS paid_at FROM order_events WHERE type = 'order.paid')
  GROUP BY order_id) AS p ON p.order_id = s.order_id
WHERE s.type = 'order.shipped';

-- Installations that ingested before this migration: fill each from the facts once.
INSERT INTO order_flow_daily
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, channel, region, city, location_id,
       toInt64(countIf(type = 'order.placed')), toInt64(countIf(type = 'order.cancelled' AND reason = 'out_of_stock'))
FROM order_events
WHERE type IN ('order.placed', 'order.cancelled') AND (SELECT count() FROM order_flow_daily) = 0
GROUP BY day, channel, region, city, location_id;

INSERT INTO order_payments
SELECT order_id, min(occurred_at) FROM order_events
WHERE type = 'order.paid' AND (SELECT count() FROM order_payments) = 0
GROUP BY order_id;

INSERT INTO order_shipments
SELECT s.occurred_at, s.channel, s.region, s.city, s.location_id, s.order_id, dateDiff('second', p.paid_at, s.occurred_at)
FROM order_events AS s
INNER JOIN (SELECT order_id, min(paid_at) AS paid_at FROM order_payments GROUP BY order_id) AS p ON p.order_id = s.order_id
WHERE s.type = 'order.shipped' AND (SELECT count() FROM order_shipments) = 0;
