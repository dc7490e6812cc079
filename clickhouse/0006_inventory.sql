-- Inventory analytics: the stock ledger gains the SKU's moving-average unit cost after each
-- movement (stock is valued at it) and the drill-down context (category; region and city of
-- the location), and an hourly rollup holds each (sku, location)'s closing state per UTC hour.
-- Every statement is idempotent.

ALTER TABLE stock_movements ADD COLUMN IF NOT EXISTS avg_unit_cost_cents Int64 AFTER unit_cost_cents;
ALTER TABLE stock_movements ADD COLUMN IF NOT EXISTS category LowCardinality(String) AFTER location_id;
ALTER TABLE stock_movements ADD COLUMN IF NOT EXISTS region LowCardinality(String) AFTER category;
ALTER TABLE stock_movements ADD COLUMN IF NOT EXISTS city LowCardinality(String) AFTER region;

-- Replaces the view's query in place (no window in which events would pass unseen).
ALTER TABLE stock_movements_mv MODIFY QUERY
SELECT
  occurred_at, event_id,
  JSONExtractString(data, 'movement_id') AS movement_id,
  JSONExtractString(data, 'sku') AS sku,
  JSONExtractString(data, 'location_id') AS location_id,
  JSONExtractString(data, 'category') AS category,
  JSONExtractString(data, 'region') AS region,
  JSONExtractString(data, 'city') AS city,
  JSONExtractString(data, 'kind') AS kind,
  JSONExtractInt(data, 'on_hand_delta') AS on_hand_delta,
  JSONExtractInt(data, 'reserved_delta') AS reserved_delta,
  JSONExtractInt(data, 'in_transit_delta') AS in_transit_delta,
  JSONExtractInt(data, 'incoming_delta') AS incoming_delta,
  JSONExtractInt(data, 'unit_cost_cents') AS unit_cost_cents,
  JSONExtractInt(data, 'avg_unit_cost_cents') AS avg_unit_cost_cents,
  JSONExtractInt(data, 'on_hand') AS on_hand,
  JSONExtractInt(data, 'reserved') AS reserved,
  JSONExtractInt(data, 'in_transit') AS in_transit,
  JSONExtractInt(data, 'incoming') AS incoming
FROM events
WHERE dead_letter_reason = '' AND type = 'stock.moved';

-- The closing state of each (sku, location) per UTC hour with a movement: the balances and
-- the SKU's moving-average cost after the hour's last movement (latest occurred_at, then
-- movement_id). UTC hours, so the days of any whole-hour time zone are exact sets of them.
-- Merging the state across locations gives a SKU's latest cost; across hours, the balance at
-- any hour boundary. argMax makes a replayed block harmless; sums are deduplicated with the
-- insert (deduplicate_blocks_in_dependent_materialized_views).
CREATE TABLE IF NOT EXISTS stock_hourly (
  hour DateTime('UTC'),
  sku LowCardinality(String),
  location_id LowCardinality(String),
  category LowCardinality(String),
  region LowCardinality(String),
  city LowCardinality(String),
  -- (on_hand, reserved, in_transit, incoming, avg_unit_cost_cents) by (occurred_at, movement_id)
  closing AggregateFunction(argMax, Tuple(Int64, Int64, Int64, Int64, Int64), Tuple(DateTime64(3, 'UTC'), String)),
  movements SimpleAggregateFunction(sum, UInt64)
) ENGINE = AggregatingMergeTree
ORDER BY (sku, location_id, category, region, city, hour)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_hourly_mv TO stock_hourly AS
SELECT
  toStartOfHour(occurred_at) AS hour,
  sku, location_id, category, region, city,
  argMaxState((on_hand, reserved, in_transit, incoming, avg_unit_cost_cents), (occurred_at, movement_id)) AS closing,
  count() AS movements
FROM stock_movements
GROUP BY hour, sku, location_id, category, region, city;

-- Installations that ingested before this migration: fill the rollup from the ledger once.
INSERT INTO stock_hourly
SELECT
  toStartOfHour(occurred_at) AS hour,
  sku, location_id, category, region, city,
  argMaxState((on_hand, reserved, in_transit, incoming, avg_unit_cost_cents), (occurred_at, movement_id)) AS closing,
  count() AS movements
FROM stock_movements
WHERE (SELECT count() FROM stock_hourly) = 0
GROUP BY hour, sku, location_id, category, region, city;
