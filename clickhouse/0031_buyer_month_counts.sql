-- Customers per calendar month (lib/analytics/buyer-visits.ts fillMonthCounts): each build
-- counts, from the visits it just built, every month that ends by its horizon — its buyers
-- (those whose first visit in the month follows none earlier in it), the new ones (first paid
-- in it) and the repeat ones (two orders on that visit, or another visit later in the month),
-- over everything. A range's months by month then read a row each where they grouped every
-- buyer of every month (a year to date by month: ~1.7 M buyer-months and the first payments
-- since 1 January). Filled by each build in the set beside its visits; the builds recorded
-- before this have none, so they are forgotten and the server's next check builds again.
CREATE TABLE IF NOT EXISTS buyer_month_counts (
  month Date,
  customers UInt64,
  new_customers UInt64,
  repeat_customers UInt64
) ENGINE = MergeTree
ORDER BY month;

CREATE TABLE IF NOT EXISTS buyer_month_counts_next AS buyer_month_counts;

TRUNCATE TABLE IF EXISTS buyer_visit_builds;
