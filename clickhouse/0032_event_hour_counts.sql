-- How many events occurred in each UTC hour, counted as they are written, and when the last
-- of them was (lib/analytics/settled.ts): the KPIs of a period that ended before today are
-- remembered with the count of events that occurred before its end, and serve while that
-- count is unchanged. Customer merges and unmerges reach every day's customers: they count
-- under hour 0. Hours in UTC, so the table is zone-free (the time-zone runbook leaves it). It
-- starts empty: the counts only need to grow with every write after it.
CREATE TABLE IF NOT EXISTS event_hour_counts (
  hour DateTime('UTC'),
  events SimpleAggregateFunction(sum, UInt64),
  written_at SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
) ENGINE = AggregatingMergeTree
ORDER BY hour;

CREATE MATERIALIZED VIEW IF NOT EXISTS event_hour_counts_mv TO event_hour_counts AS
SELECT if(type IN ('customer.merged', 'customer.unmerged'), toDateTime(0, 'UTC'), toStartOfHour(occurred_at)) AS hour,
       count() AS events, max(now64(3, 'UTC')) AS written_at
FROM events
WHERE dead_letter_reason = ''
GROUP BY hour;
