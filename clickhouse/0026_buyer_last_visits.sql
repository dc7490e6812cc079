-- Each buyer's last visit by the horizon (lib/analytics/buyer-visits.ts), no longer stored as the
-- visits' 'latest:' rows but in two shapes that answer a range reaching the horizon without
-- reading one row per buyer:
-- * buyer_last_visit_counts: per scope, member and day, how many buyers' last visit falls on
--   it (and holds two orders), how many first paid on it, and how many whose last visit holds
--   one order had their previous visit on it. A range from a day to the horizon counts its
--   buyers, new and repeat ones by summing the days from its first (a year to date by channel:
--   ~1.6 M rows read → a few thousand).
-- * buyer_last_visits: a Join table (in memory, kept on disk, loaded at start) from each merged
--   buyer to their first payment day and last visit over everything and per channel and
--   category member: the days
--   after the horizon look up their buyers one by one (joinGet), where a join streamed every
--   buyer's last visit (a year to date by channel: 42 → ~8 ms). One key per buyer, the
--   members' visits in maps: a key per (scope, member, buyer) took five times the memory.
-- Both are filled by each build with the visits, in the set of tables beside theirs (the
-- _next twins beside buyer_visits_next); builds recorded before this have neither.
CREATE TABLE IF NOT EXISTS buyer_last_visit_counts (
  scope LowCardinality(String),
  member LowCardinality(String),
  day Date,
  last_visits UInt64,
  last_visits_two_orders UInt64,
  first_payments UInt64,
  previous_of_single UInt64
) ENGINE = MergeTree
ORDER BY (scope, day, member);

CREATE TABLE IF NOT EXISTS buyer_last_visit_counts_next AS buyer_last_visit_counts;

CREATE TABLE IF NOT EXISTS buyer_last_visits (
  buyer_key UInt128,
  first_day Date,
  everything Tuple(day Date, orders UInt8, prev_day Date),
  channels Map(String, Tuple(day Date, orders UInt8, prev_day Date)),
  categories Map(String, Tuple(day Date, orders UInt8, prev_day Date))
) ENGINE = Join(ANY, LEFT, buyer_key);

CREATE TABLE IF NOT EXISTS buyer_last_visits_next AS buyer_last_visits;

TRUNCATE TABLE IF EXISTS buyer_visit_builds;
