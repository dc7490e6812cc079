-- Buyer visits now also hold each buyer's last visit by the horizon, under the 'latest:' scopes,
-- with the horizon as its next day (lib/analytics/buyer-visits.ts): a range reaching the
-- horizon counts one row per buyer. A build recorded before this has none; forgetting those
-- builds makes reads group buyers again until the server's next check (within a minute)
-- rebuilds the visits with them.
TRUNCATE TABLE IF EXISTS buyer_visit_builds;
