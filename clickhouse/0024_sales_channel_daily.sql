-- Sales by local day and channel alone: what the dashboards read most — a range's totals, its
-- days, weeks and months, and its channels — unfiltered or filtered by channel. About 14 rows
-- a day where sales_daily holds one per channel, store and category (840 a day at 10 M order
-- lines); a read's cost then is its statement's, not its rows' (partitioned by year: few parts
-- to open). Local days of the zone
-- recorded in daily_rollup_zone (0008), like the other daily rollups. Filled by a view of the
-- same insert as the facts, deduplicated with it; the lines stored before this migration are
-- filled in once.
CREATE TABLE IF NOT EXISTS sales_channel_daily (
  day Date,
  kind Enum8('payment' = 1, 'refund' = 2),
  channel LowCardinality(String),
  quantity SimpleAggregateFunction(sum, Int64),
  gross_cents SimpleAggregateFunction(sum, Int64),
  discount_cents SimpleAggregateFunction(sum, Int64),
  net_cents SimpleAggregateFunction(sum, Int64),
  cost_cents SimpleAggregateFunction(sum, Int64),
  paid_orders SimpleAggregateFunction(sum, Int64)
) ENGINE = AggregatingMergeTree
PARTITION BY toYear(day)
ORDER BY (day, kind, channel)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_channel_daily_mv TO sales_channel_daily AS
SELECT
  toDate(occurred_at, {{TIME_ZONE}}) AS day,
  kind, channel,
  sum(quantity) AS quantity,
  sum(gross_cents) AS gross_cents,
  sum(discount_cents) AS discount_cents,
  sum(net_cents) AS net_cents,
  sum(cost_cents) AS cost_cents,
  sum(paid_orders) AS paid_orders
FROM sales_lines
GROUP BY day, kind, channel;

INSERT INTO sales_channel_daily
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, kind, channel,
       sum(quantity), sum(gross_cents), sum(discount_cents), sum(net_cents), sum(cost_cents), sum(paid_orders)
FROM sales_lines
WHERE (SELECT count() FROM sales_channel_daily) = 0
GROUP BY day, kind, channel;
