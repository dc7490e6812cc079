-- Order lifecycle facts (placed, cancelled with its reason, shipped, completed).
CREATE TABLE IF NOT EXISTS order_events (
  occurred_at DateTime64(3, 'UTC'),
  event_id UUID,
  type LowCardinality(String),
  order_id String,
  channel LowCardinality(String),
  location_id LowCardinality(String),
  region LowCardinality(String),
  city LowCardinality(String),
  customer_id String,
  reason LowCardinality(String)
) ENGINE = MergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (type, channel, occurred_at, order_id)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS order_events_mv TO order_events AS
SELECT
  occurred_at, event_id, type,
  JSONExtractString(data, 'order_id') AS order_id,
  channel,
  JSONExtractString(data, 'location_id') AS location_id,
  JSONExtractString(data, 'region') AS region,
  JSONExtractString(data, 'city') AS city,
  JSONExtractString(data, 'customer_id') AS customer_id,
  JSONExtractString(data, 'reason') AS reason
FROM events
WHERE dead_letter_reason = '' AND startsWith(type, 'order.');

-- The stock ledger as facts, with balances after each movement.
CREATE TABLE IF NOT EXISTS stock_movements (
  occurred_at DateTime64(3, 'UTC'),
  event_id UUID,
  movement_id String,
  sku LowCardinality(String),
  location_id LowCardinality(String),
  kind LowCardinality(String),
  on_hand_delta Int64,
  reserved_delta Int64,
  in_transit_delta Int64,
  incoming_delta Int64,
  unit_cost_cents Int64,
  on_hand Int64,
  reserved Int64,
  in_transit Int64,
  incoming Int64
) ENGINE = MergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (sku, location_id, occurred_at)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_movements_mv TO stock_movements AS
SELECT
  occurred_at, event_id,
  JSONExtractString(data, 'movement_id') AS movement_id,
  JSONExtractString(data, 'sku') AS sku,
  JSONExtractString(data, 'location_id') AS location_id,
  JSONExtractString(data, 'kind') AS kind,
  JSONExtractInt(data, 'on_hand_delta') AS on_hand_delta,
  JSONExtractInt(data, 'reserved_delta') AS reserved_delta,
  JSONExtractInt(data, 'in_transit_delta') AS in_transit_delta,
  JSONExtractInt(data, 'incoming_delta') AS incoming_delta,
  JSONExtractInt(data, 'unit_cost_cents') AS unit_cost_cents,
  JSONExtractInt(data, 'on_hand') AS on_hand,
  JSONExtractInt(data, 'reserved') AS reserved,
  JSONExtractInt(data, 'in_transit') AS in_transit,
  JSONExtractInt(data, 'incoming') AS incoming
FROM events
WHERE dead_letter_reason = '' AND type = 'stock.moved';
