-- Stock values (lib/analytics/stock-values.ts): the closing stock value at cost of every local
-- day up to a horizon, over everything ('value') and per location ('value:place'), and what
-- each SKU carries past the horizon ('opening': its last closing key and units; 'opening:place':
-- its units per location). Turnover's value-days then sum a few rows a day where they re-ran
-- every SKU's ledger since the first movement (10 M lines: 40 ms a year to date); only the
-- days after the horizon are read from the ledger, from the openings on. Built with the buyer
-- visits, into the table paired with theirs (stock_values with buyer_visits, stock_values_next
-- with buyer_visits_next), for the same horizon; a movement written for a day up to the
-- horizon after the build's watermark (stock_day_writes) makes them stale until the next build.
CREATE TABLE IF NOT EXISTS stock_values (
  scope LowCardinality(String),
  day Date,
  region LowCardinality(String),
  city LowCardinality(String),
  location_id LowCardinality(String),
  sku LowCardinality(String),
  closing_cost String,
  held Int64,
  value Int64
) ENGINE = MergeTree
ORDER BY (scope, day, region, city, location_id, sku);

CREATE TABLE IF NOT EXISTS stock_values_next AS stock_values;

-- Each (sku, location)'s change of on_hand and closing key (as stock_sku_daily's, 0013) per
-- local day, ordered by day first: the days after a horizon are one index range, where the
-- rollups ordered by place or SKU first are scanned whole to find them (a day: 12 → ~1 ms).
CREATE TABLE IF NOT EXISTS stock_day_changes (
  day Date,
  region LowCardinality(String),
  city LowCardinality(String),
  location_id LowCardinality(String),
  sku LowCardinality(String),
  on_hand_change SimpleAggregateFunction(sum, Int64),
  closing_cost SimpleAggregateFunction(max, String)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, region, city, location_id, sku)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_day_changes_mv TO stock_day_changes AS
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, region, city, location_id, sku, sum(on_hand_delta) AS on_hand_change,
       max(concat(leftPad(toString(toUnixTimestamp64Milli(occurred_at)), 15, '0'), movement_id, '\0', leftPad(toString(avg_unit_cost_cents), 20, ' '))) AS closing_cost
FROM stock_movements
GROUP BY day, region, city, location_id, sku;

-- Installations that ingested before this migration: fill it from the ledger once.
INSERT INTO stock_day_changes
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, region, city, location_id, sku, sum(on_hand_delta),
       max(concat(leftPad(toString(toUnixTimestamp64Milli(occurred_at)), 15, '0'), movement_id, '\0', leftPad(toString(avg_unit_cost_cents), 20, ' ')))
FROM stock_movements
WHERE (SELECT count() FROM stock_day_changes) = 0
GROUP BY day, region, city, location_id, sku
SETTINGS insert_deduplicate = 0;

-- When stock movements for each local day (the rollups' zone) were last written.
CREATE TABLE IF NOT EXISTS stock_day_writes (
  day Date,
  written_at SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
) ENGINE = AggregatingMergeTree
ORDER BY day;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_day_writes_mv TO stock_day_writes AS
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, max(now64(3, 'UTC')) AS written_at
FROM stock_movements
GROUP BY day;

-- Builds recorded before this hold no stock values: forgetting them makes reads use the
-- ledger (and group buyers) until the server's next check, within a minute, builds both.
TRUNCATE TABLE IF EXISTS buyer_visit_builds;
