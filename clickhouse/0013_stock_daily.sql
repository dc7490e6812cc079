-- Daily stock rollups in the configured time zone (recorded in daily_rollup_zone by 0008), for
-- inventory turnover: Σ over a period's days of the closing inventory value. Read only while the
-- configured zone is the recorded one; otherwise queries fall back to stock_hourly (exact, slower).
--
-- The closing balance of a (sku, location) at a day's end is the running sum of its movements'
-- on_hand_delta: the stock core writes each movement's balance as the previous one plus its delta
-- (lib/ops/stock.ts, one row-locked UPDATE; GET /api/v1/stock/reconcile checks it), so a day's
-- change of the closing balance is Σ of the day's deltas — a plain sum, where stock_hourly's
-- argMax states cost ~0.5 µs each to merge. The SKU's moving-average cost after its last movement
-- of the day is the max of a string ordered as argMax's key (occurred_at, movement_id): max of a
-- string is a byte comparison, ~3× faster than max of a tuple. Filled by views of
-- stock_movements, i.e. by the same insert as the ledger, deduplicated with it.

-- Per (sku, location) and local day: the change of each balance (on_hand for turnover, all four
-- for the inventory page's closing state). Ordered by place first, so a region, city or store
-- filter reads a range.
CREATE TABLE IF NOT EXISTS stock_daily (
  day Date,
  region LowCardinality(String),
  city LowCardinality(String),
  location_id LowCardinality(String),
  category LowCardinality(String),
  sku LowCardinality(String),
  on_hand_change SimpleAggregateFunction(sum, Int64),
  reserved_change SimpleAggregateFunction(sum, Int64),
  in_transit_change SimpleAggregateFunction(sum, Int64),
  incoming_change SimpleAggregateFunction(sum, Int64)
) ENGINE = AggregatingMergeTree
ORDER BY (region, city, location_id, category, sku, day)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_daily_mv TO stock_daily AS
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, region, city, location_id, category, sku, sum(on_hand_delta) AS on_hand_change,
       sum(reserved_delta) AS reserved_change, sum(in_transit_delta) AS in_transit_change, sum(incoming_delta) AS incoming_change
FROM stock_movements
GROUP BY day, region, city, location_id, category, sku;

-- Per SKU and local day, over every location: the change of on_hand and the closing cost.
CREATE TABLE IF NOT EXISTS stock_sku_daily (
  day Date,
  category LowCardinality(String),
  sku LowCardinality(String),
  on_hand_change SimpleAggregateFunction(sum, Int64),
  -- The day's last movement as occurred_at (Unix ms, 15 digits) ‖ movement_id ‖ NUL ‖
  -- avg_unit_cost_cents (20 characters, right-aligned): bytes ordered as (occurred_at,
  -- movement_id), NUL ending the id so that a shorter id sorts first, as in a tuple.
  closing_cost SimpleAggregateFunction(max, String)
) ENGINE = AggregatingMergeTree
ORDER BY (category, sku, day)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_sku_daily_mv TO stock_sku_daily AS
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, category, sku, sum(on_hand_delta) AS on_hand_change,
       max(concat(leftPad(toString(toUnixTimestamp64Milli(occurred_at)), 15, '0'), movement_id, '\0', leftPad(toString(avg_unit_cost_cents), 20, ' '))) AS closing_cost
FROM stock_movements
GROUP BY day, category, sku;

-- Installations that ingested before this migration: fill each rollup from the ledger once.
INSERT INTO stock_daily
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, region, city, location_id, category, sku, sum(on_hand_delta),
       sum(reserved_delta), sum(in_transit_delta), sum(incoming_delta)
FROM stock_movements
WHERE (SELECT count() FROM stock_daily) = 0
GROUP BY day, region, city, location_id, category, sku;

INSERT INTO stock_sku_daily
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, category, sku, sum(on_hand_delta), max(concat(leftPad(toString(toUnixTimestamp64Milli(occurred_at)), 15, '0'), movement_id, '\0', leftPad(toString(avg_unit_cost_cents), 20, ' ')))
FROM stock_movements
WHERE (SELECT count() FROM stock_sku_daily) = 0
GROUP BY day, category, sku;
