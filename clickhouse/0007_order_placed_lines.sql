-- The lines of each order as placed (order.placed), one row per line: which SKUs an order
-- asked for, including orders that never got paid — oversold marketplace orders above all.
CREATE TABLE IF NOT EXISTS order_placed_lines (
  occurred_at DateTime64(3, 'UTC'),
  event_id UUID,
  order_id String,
  external_id String,
  channel LowCardinality(String),
  location_id LowCardinality(String),
  region LowCardinality(String),
  city LowCardinality(String),
  line_no UInt16,
  sku LowCardinality(String),
  category LowCardinality(String),
  quantity Int64
) ENGINE = MergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (order_id, line_no)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS order_placed_lines_mv TO order_placed_lines AS
SELECT
  occurred_at,
  event_id,
  JSONExtractString(data, 'order_id') AS order_id,
  JSONExtractString(data, 'external_id') AS external_id,
  channel,
  JSONExtractString(data, 'location_id') AS location_id,
  JSONExtractString(data, 'region') AS region,
  JSONExtractString(data, 'city') AS city,
  toUInt16(JSONExtractUInt(line, 'line_no')) AS line_no,
  JSONExtractString(line, 'sku') AS sku,
  JSONExtractString(line, 'category') AS category,
  JSONExtractInt(line, 'quantity') AS quantity
FROM events
ARRAY JOIN JSONExtractArrayRaw(data, 'lines') AS line
WHERE dead_letter_reason = '' AND type = 'order.placed';

-- Installations that ingested before this migration: fill from the stored events once
-- (events the view already took are skipped, so a rerun adds nothing).
INSERT INTO order_placed_lines
SELECT
  occurred_at,
  event_id,
  JSONExtractString(data, 'order_id'),
  JSONExtractString(data, 'external_id'),
  channel,
  JSONExtractString(data, 'location_id'),
  JSONExtractString(data, 'region'),
  JSONExtractString(data, 'city'),
  toUInt16(JSONExtractUInt(line, 'line_no')),
  JSONExtractString(line, 'sku'),
  JSONExtractString(line, 'category'),
  JSONExtractInt(line, 'quantity')
FROM events
ARRAY JOIN JSONExtractArrayRaw(data, 'lines') AS line
WHERE dead_letter_reason = '' AND type = 'order.placed' AND event_id NOT IN (SELECT event_id FROM order_placed_lines);
