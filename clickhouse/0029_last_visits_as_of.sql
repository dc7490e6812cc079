-- Last visits as of the ends of the periods before today's (lib/analytics/buyer-visits.ts,
-- settledPeriodEnds): besides the horizon, each build counts each buyer's last visit as of the
-- end of the month, the quarter and the year before the one the horizon's next day is in —
-- where the comparison periods of the month, quarter and year to date end. A range ending on
-- such a day holds a buyer exactly when their last visit as of it falls in the range, so its
-- counts are sums of days as a range reaching the horizon's are (the year before a year to
-- date by channel: ~1.2 M visits read → ~6 k rows). The counts gain `as_of`, the day they are
-- as of; the tables are rebuilt by every build, so they are recreated empty here and the builds
-- recorded before are forgotten: the server's next check builds again.
DROP TABLE IF EXISTS buyer_last_visit_counts;
DROP TABLE IF EXISTS buyer_last_visit_counts_next;

CREATE TABLE buyer_last_visit_counts (
  as_of Date,
  scope LowCardinality(String),
  member LowCardinality(String),
  day Date,
  last_visits UInt64,
  last_visits_two_orders UInt64,
  first_payments UInt64,
  previous_of_single UInt64
) ENGINE = MergeTree
ORDER BY (as_of, scope, day, member);

CREATE TABLE buyer_last_visit_counts_next AS buyer_last_visit_counts;

TRUNCATE TABLE IF EXISTS buyer_visit_builds;
