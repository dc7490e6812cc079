-- Every event the worker has taken from a stream, exactly once. (stream, position) says where
-- it came from, batch is the insert's deduplication token: a retried batch is recognised and
-- replayed with the same token, which heals materialized views after a crash mid-insert.
CREATE TABLE IF NOT EXISTS events (
  stream LowCardinality(String),
  position UInt128,
  batch String,
  event_id UUID,
  type LowCardinality(String),
  channel LowCardinality(String),
  source LowCardinality(String),
  schema_version UInt16,
  occurred_at DateTime64(3, 'UTC'),
  data String,
  dead_letter_reason String,
  raw String,
  ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = MergeTree
ORDER BY (stream, position)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE VIEW IF NOT EXISTS dead_letters AS
SELECT ingested_at, stream, position, dead_letter_reason AS reason, raw
FROM events
WHERE dead_letter_reason != '';
