-- Buyer visits now also hold each buyer's last visit by the horizon, under the 'latest:' scopes
-- (lib/analytics/buyer-visits.ts): a range reaching the horizon counts one row per buyer. And
-- builds fill buyer_visits and buyer_visits_next in turn, no longer swapping them, so the
-- table a reader was told of is never rewritten under it: each record names its table.
-- Builds recorded before this have no last visits: forgetting them makes reads group buyers
-- again until the server's next check (within a minute) builds the visits anew.
ALTER TABLE buyer_visit_builds ADD COLUMN IF NOT EXISTS visits_table String DEFAULT 'buyer_visits';
TRUNCATE TABLE IF EXISTS buyer_visit_builds;
