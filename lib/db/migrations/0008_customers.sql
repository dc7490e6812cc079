-- Customer 360 (lib/customers): merges of one person's customer records, saved segments with
-- versions and membership snapshots, coupon campaigns with a holdout group.

-- The survivor a customer record is merged into (null: the record is its own merged customer).
-- Kept flat (always the group's survivor), recomputed from the active merges on every change.
ALTER TABLE customers ADD COLUMN merged_into text;
CREATE INDEX customers_by_merged_into ON customers (merged_into) WHERE merged_into IS NOT NULL;

-- Every merge, as an edge between two customer records whose verified identifiers met (or a
-- person's decision), with its reason. Undoing sets undone_at; the groups are the connected
-- components of the active edges (lib/customers/union-find.ts).
CREATE TABLE customer_merges (
  merge_id bigserial PRIMARY KEY,
  customer_a text NOT NULL REFERENCES customers,
  customer_b text NOT NULL REFERENCES customers,
  reason text NOT NULL,           -- shared_identity | manual
  identity_kind text,             -- the identifier that joined them (shared_identity)
  identity_key text,
  channel text NOT NULL,
  actor text NOT NULL,
  merged_at timestamptz NOT NULL,
  undone_at timestamptz,
  undone_by text,
  CHECK (customer_a <> customer_b)
);
CREATE INDEX customer_merges_by_a ON customer_merges (customer_a);
CREATE INDEX customer_merges_by_b ON customer_merges (customer_b);

-- Orders the merge mapping in ClickHouse (customer_merge_map's version): later wins.
CREATE SEQUENCE customer_merge_version;

-- Redemption is counted from paid orders carrying a coupon (orders.coupon_code, 0005_fulfilment.sql).
CREATE INDEX orders_by_coupon ON orders (coupon_code) WHERE coupon_code IS NOT NULL;

CREATE TABLE segments (
  segment_id text PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  version integer NOT NULL,
  rules jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Every saved version of a segment's rules, so a campaign or snapshot names what it used.
CREATE TABLE segment_versions (
  segment_id text NOT NULL REFERENCES segments ON DELETE CASCADE,
  version integer NOT NULL,
  name text NOT NULL,
  rules jsonb NOT NULL,
  saved_by text NOT NULL,
  saved_at timestamptz NOT NULL,
  PRIMARY KEY (segment_id, version)
);

CREATE TABLE segment_snapshots (
  snapshot_id bigserial PRIMARY KEY,
  segment_id text NOT NULL REFERENCES segments ON DELETE CASCADE,
  version integer NOT NULL,
  member_count integer NOT NULL,
  taken_by text NOT NULL,
  taken_at timestamptz NOT NULL
);

CREATE TABLE segment_snapshot_members (
  snapshot_id bigint NOT NULL REFERENCES segment_snapshots ON DELETE CASCADE,
  customer_id text NOT NULL,
  PRIMARY KEY (snapshot_id, customer_id)
);

CREATE TABLE campaigns (
  campaign_id text PRIMARY KEY,
  name text NOT NULL,
  segment_id text NOT NULL REFERENCES segments,
  segment_version integer NOT NULL,
  -- a coupon of amount_cents off, usable on orders of at least threshold_cents (0: any order)
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  threshold_cents bigint NOT NULL DEFAULT 0 CHECK (threshold_cents >= 0),
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL,
  channels text[] NOT NULL,
  holdout_share double precision NOT NULL CHECK (holdout_share >= 0 AND holdout_share < 1),
  seed text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK (valid_from < valid_to)
);

-- Every member of the segment at issue time (merged customer ids): treated (got a coupon) or
-- holdout (got none, the control group for lift).
CREATE TABLE campaign_members (
  campaign_id text NOT NULL REFERENCES campaigns ON DELETE CASCADE,
  customer_id text NOT NULL,
  holdout boolean NOT NULL,
  PRIMARY KEY (campaign_id, customer_id)
);

CREATE TABLE coupons (
  coupon_code text PRIMARY KEY,
  campaign_id text NOT NULL REFERENCES campaigns ON DELETE CASCADE,
  customer_id text NOT NULL,
  issued_at timestamptz NOT NULL
);
CREATE INDEX coupons_by_customer ON coupons (customer_id);
CREATE INDEX coupons_by_campaign ON coupons (campaign_id);
