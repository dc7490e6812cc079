-- Exact processing-time quantiles without sorting every shipment of the range (lib/analytics/
-- processing-time.ts). Each shipment's payment → shipment seconds fall in a coarse bucket —
-- log-linear, 8 per doubling (edges 0…7, 8, 9, …, 15, 16, 18, …, 30, 32, 36, …); seconds below
-- 0 go to the first, beyond the last edge to the last: the bucket never decreases as seconds
-- grow, which is all the selection needs. A query first sums per-bucket counts over the
-- range's local days (a few thousand rows for a year) to find which bucket holds the k-th
-- value and its rank there, then sorts only that bucket's shipments of the range.
--
-- Days are local to the zone recorded in daily_rollup_zone (0008), like the other daily
-- rollups; queries read these only while it is the configured zone. Filled by views of
-- order_shipments (itself filled from order_events): the same insert, deduplicated with it.

-- Each shipment by bucket first, so a bucket's shipments of a day range are one index range.
CREATE TABLE IF NOT EXISTS order_shipment_times (
  bucket UInt32,
  day Date,
  channel LowCardinality(String),
  region LowCardinality(String),
  city LowCardinality(String),
  location_id LowCardinality(String),
  seconds Int64 CODEC(Delta, LZ4)
) ENGINE = MergeTree
ORDER BY (bucket, day, channel, region, city, location_id, seconds)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS order_shipment_times_mv TO order_shipment_times AS
SELECT toUInt32(roundDown(seconds, arrayConcat(range(toInt64(8)), arrayMap(i -> bitShiftLeft(toInt64(8 + i % 8), intDiv(i, 8)), range(200))))) AS bucket,
       toDate(shipped_at, {{TIME_ZONE}}) AS day, channel, region, city, location_id, seconds
FROM order_shipments;

-- Shipments per local day, channel, place and bucket: the first pass under a place filter.
CREATE TABLE IF NOT EXISTS order_shipment_buckets (
  day Date,
  channel LowCardinality(String),
  region LowCardinality(String),
  city LowCardinality(String),
  location_id LowCardinality(String),
  bucket UInt32,
  shipments UInt64 CODEC(T64, LZ4)
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, channel, region, city, location_id, bucket)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS order_shipment_buckets_mv TO order_shipment_buckets AS
SELECT day, channel, region, city, location_id, bucket, count() AS shipments
FROM order_shipment_times
GROUP BY day, channel, region, city, location_id, bucket;

-- The same per local day and channel only: a tenth of the rows, the first pass without a place filter.
CREATE TABLE IF NOT EXISTS order_shipment_buckets_by_channel (
  day Date,
  channel LowCardinality(String),
  bucket UInt32,
  shipments UInt64 CODEC(T64, LZ4)
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, channel, bucket)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS order_shipment_buckets_by_channel_mv TO order_shipment_buckets_by_channel AS
SELECT day, channel, bucket, count() AS shipments
FROM order_shipment_times
GROUP BY day, channel, bucket;

-- Installations that ingested before this migration: fill from order_shipments once (the views
-- above fill both counts from it). Without block deduplication: a one-time copy, not a retry.
INSERT INTO order_shipment_times
SELECT toUInt32(roundDown(seconds, arrayConcat(range(toInt64(8)), arrayMap(i -> bitShiftLeft(toInt64(8 + i % 8), intDiv(i, 8)), range(200))))),
       toDate(shipped_at, {{TIME_ZONE}}), channel, region, city, location_id, seconds
FROM order_shipments
WHERE (SELECT count() FROM order_shipment_times) = 0
SETTINGS insert_deduplicate = 0;
