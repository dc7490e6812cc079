-- Buyer visits: each local day a merged customer paid, per scope member — over everything
-- (scope '', member ''), per channel, per category — with their paid orders that day (2 meaning
-- two or more) and the previous and next such day. With them a range's distinct customers
-- are the visits in it whose previous day falls before it, repeat customers those whose next
-- day (or a second order) also falls in it, new customers those whose buyer's first payment
-- day ever (first_day) does not fall before it: counts over the range's rows, where grouping
-- every buyer took 40 ms per 30 days by category and 400 ms per year. Rebuilt whole (lib/
-- analytics/buyer-visits.ts) from the daily customer rollups up to a horizon day, into the
-- spare table and swapped in; days after the horizon are read live. A payment written for a
-- day up to the horizon after a build's watermark (payment_day_writes) or a merge recorded
-- since it started makes the visits stale: reads go back to grouping until the next build.
CREATE TABLE IF NOT EXISTS buyer_visits (
  scope LowCardinality(String),
  member LowCardinality(String),
  day Date,
  buyer_key UInt128,
  orders UInt8,
  prev_day Date,
  next_day Date,
  first_day Date
) ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (scope, day, member);

CREATE TABLE IF NOT EXISTS buyer_visits_next AS buyer_visits;

-- One row per build, appended after its swap: the newest describes buyer_visits. Payments
-- written before the watermark are in it; merges counts customer_merge_map's rows then.
CREATE TABLE IF NOT EXISTS buyer_visit_builds (
  built_at DateTime64(3, 'UTC') DEFAULT now64(3, 'UTC'),
  horizon Date,
  watermark DateTime64(3, 'UTC'),
  merges UInt64
) ENGINE = MergeTree
ORDER BY built_at;

-- When payments for each local day (the rollups' zone) were last written.
CREATE TABLE IF NOT EXISTS payment_day_writes (
  day Date,
  written_at SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
) ENGINE = AggregatingMergeTree
ORDER BY day;

CREATE MATERIALIZED VIEW IF NOT EXISTS payment_day_writes_mv TO payment_day_writes AS
SELECT toDate(occurred_at, {{TIME_ZONE}}) AS day, max(now64(3, 'UTC')) AS written_at
FROM sales_lines
WHERE kind = 'payment' AND customer_id != ''
GROUP BY day;
