-- Processing time without a place (lib/analytics/processing-time.ts): finer buckets, and
-- their counts per month. The second pass sorts the shipments of the buckets the first pass
-- picked; at 8 buckets per doubling (0014) a year's busiest bucket holds ~140 k of its 2.7 M
-- shipments, at 32 per doubling ~36 k. Finer buckets make more count rows per day (~830 a day
-- at 10 M order lines, where 0014's per-channel counts hold ~240), so the first pass reads
-- whole months from their own counts (~1,100 rows a month) and only the days around them by
-- day. The place path keeps 0014's coarse tables: its counts per day and store would grow
-- fourfold. Edges 0…31, then 32, 33, …, 63, 64, 66, …, 126, 128, 132, … (a refinement of
-- 0014's); seconds below 0 go to the first bucket, beyond the last edge to the last.
--
-- Local days of the zone recorded in daily_rollup_zone (0008), like the other daily rollups.
-- Filled by a view of order_shipments (itself filled from order_events): the same insert,
-- deduplicated with it; the shipments stored before this migration are filled in once.

-- Each shipment by fine bucket first, then local day: a bucket's shipments of a range are one index range.
CREATE TABLE IF NOT EXISTS order_shipment_times_by_channel (
  bucket UInt32,
  day Date,
  channel LowCardinality(String),
  seconds Int64 CODEC(Delta, LZ4)
) ENGINE = MergeTree
ORDER BY (bucket, day, channel, seconds)
SETTINGS non_replicated_deduplication_window = 100000;

-- Shipments per local day, channel and fine bucket: the first pass's days.
CREATE TABLE IF NOT EXISTS order_shipment_fine_buckets (
  day Date,
  channel LowCardinality(String),
  bucket UInt32,
  shipments UInt64 CODEC(T64, LZ4)
) ENGINE = SummingMergeTree
PARTITION BY toYear(day)
ORDER BY (day, channel, bucket)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS order_shipment_fine_buckets_mv TO order_shipment_fine_buckets AS
SELECT day, channel, bucket, count() AS shipments
FROM order_shipment_times_by_channel
GROUP BY day, channel, bucket;

-- The same per local calendar month (its first day): the first pass's whole months.
CREATE TABLE IF NOT EXISTS order_shipment_fine_buckets_monthly (
  month Date,
  channel LowCardinality(String),
  bucket UInt32,
  shipments UInt64 CODEC(T64, LZ4)
) ENGINE = SummingMergeTree
PARTITION BY toYear(month)
ORDER BY (month, channel, bucket)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS order_shipment_fine_buckets_monthly_mv TO order_shipment_fine_buckets_monthly AS
SELECT toStartOfMonth(day) AS month, channel, bucket, count() AS shipments
FROM order_shipment_times_by_channel
GROUP BY month, channel, bucket;

CREATE MATERIALIZED VIEW IF NOT EXISTS order_shipment_times_by_channel_mv TO order_shipment_times_by_channel AS
SELECT toUInt32(roundDown(seconds, arrayConcat(range(toInt64(32)), arrayMap(i -> bitShiftLeft(toInt64(32 + i % 32), intDiv(i, 32)), range(800))))) AS bucket,
       toDate(shipped_at, {{TIME_ZONE}}) AS day, channel, seconds
FROM order_shipments;

-- Installations that ingested before this migration: fill from order_shipments once (the views
-- above fill both counts from it). Without block deduplication: a one-time copy, not a retry.
INSERT INTO order_shipment_times_by_channel
SELECT toUInt32(roundDown(seconds, arrayConcat(range(toInt64(32)), arrayMap(i -> bitShiftLeft(toInt64(32 + i % 32), intDiv(i, 32)), range(800))))),
       toDate(shipped_at, {{TIME_ZONE}}), channel, seconds
FROM order_shipments
WHERE (SELECT count() FROM order_shipment_times_by_channel) = 0
SETTINGS insert_deduplicate = 0;

-- 0014's per-channel counts: replaced by the fine ones.
DROP VIEW IF EXISTS order_shipment_buckets_by_channel_mv;
DROP TABLE IF EXISTS order_shipment_buckets_by_channel;
