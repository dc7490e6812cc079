-- The ids of stored events, sorted by id, so the sink can tell in a few index lookups
-- whether an incoming event was stored before (a producer or relay that sent it twice).
-- Filled by a view of `events`, so it is written in the same insert and deduplicated with it.
CREATE TABLE IF NOT EXISTS event_ids (
  event_id UUID
) ENGINE = MergeTree
ORDER BY event_id
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS event_ids_mv TO event_ids AS
SELECT event_id FROM events WHERE dead_letter_reason = '';
