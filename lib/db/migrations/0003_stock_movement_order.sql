-- When the last movement of each stock position happened. A movement's time is never earlier
-- than its predecessor's (+1 ms): the row lock orders movements of a position, and their
-- timestamps must order them the same way, or "the latest balance" read from the event log
-- could be a stale one.
ALTER TABLE stock ADD COLUMN last_moved_at timestamptz NOT NULL DEFAULT '1970-01-01T00:00:00Z';
