-- Operational store: the source of truth for orders, stock and customers.

CREATE TABLE users (
  username text PRIMARY KEY,
  password_hash text NOT NULL,
  role text NOT NULL,
  display_name text NOT NULL,
  location_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE skus (
  sku text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  category text NOT NULL,
  list_price_cents bigint NOT NULL CHECK (list_price_cents >= 0),
  -- moving-average unit cost across all locations, updated on every receipt
  avg_cost_cents bigint NOT NULL DEFAULT 0 CHECK (avg_cost_cents >= 0)
);

CREATE TABLE locations (
  location_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('store', 'warehouse')),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  region text NOT NULL,
  city text NOT NULL,
  lat double precision NOT NULL,
  lng double precision NOT NULL
);

-- Balances per (sku, location), derived from stock_movements and kept in step with it in the
-- same transaction. The CHECKs make an oversell impossible even for a buggy caller.
CREATE TABLE stock (
  sku text NOT NULL REFERENCES skus,
  location_id text NOT NULL REFERENCES locations,
  on_hand integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  in_transit integer NOT NULL DEFAULT 0 CHECK (in_transit >= 0),
  incoming integer NOT NULL DEFAULT 0 CHECK (incoming >= 0),
  PRIMARY KEY (sku, location_id),
  CHECK (on_hand - reserved - in_transit >= 0)
);

CREATE TABLE stock_movements (
  movement_id text PRIMARY KEY,
  sku text NOT NULL,
  location_id text NOT NULL,
  kind text NOT NULL,
  on_hand_delta integer NOT NULL,
  reserved_delta integer NOT NULL,
  in_transit_delta integer NOT NULL,
  incoming_delta integer NOT NULL,
  unit_cost_cents bigint NOT NULL,
  reference text NOT NULL,
  actor text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_movements_by_sku_location ON stock_movements (sku, location_id, occurred_at);

CREATE TABLE customers (
  customer_id text PRIMARY KEY,
  name text,
  city text NOT NULL DEFAULT '',
  region text NOT NULL DEFAULT '',
  member_tier text NOT NULL DEFAULT 'none',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Verified identifiers joining a customer across channels. Personal values are kept only
-- encrypted (value_sealed) and masked (value_masked); lookups use the keyed hash.
CREATE TABLE customer_identities (
  identity_key text PRIMARY KEY,
  kind text NOT NULL,
  customer_id text NOT NULL REFERENCES customers,
  value_masked text NOT NULL,
  value_sealed text NOT NULL
);
CREATE INDEX customer_identities_by_customer ON customer_identities (customer_id);

CREATE TABLE orders (
  order_id text PRIMARY KEY,
  channel text NOT NULL,
  external_id text NOT NULL,
  status text NOT NULL,
  customer_id text NOT NULL DEFAULT '',
  location_id text NOT NULL,
  region text NOT NULL,
  city text NOT NULL,
  cancel_reason text,
  total_cents bigint NOT NULL,
  discount_cents bigint NOT NULL,
  placed_at timestamptz NOT NULL,
  expires_at timestamptz,
  paid_at timestamptz,
  shipped_at timestamptz,
  completed_at timestamptz,
  closed_at timestamptz,
  UNIQUE (channel, external_id)
);
CREATE INDEX orders_unpaid_expiry ON orders (expires_at) WHERE status = 'pending_payment';
CREATE INDEX orders_by_placed ON orders (placed_at);

CREATE TABLE order_lines (
  order_id text NOT NULL REFERENCES orders,
  line_no integer NOT NULL,
  sku text NOT NULL,
  category text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  list_price_cents bigint NOT NULL,
  unit_price_cents bigint NOT NULL,
  discount_cents bigint NOT NULL,
  amount_cents bigint NOT NULL,
  unit_cost_cents bigint NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

CREATE TABLE order_transitions (
  id bigserial PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders,
  from_status text,
  to_status text NOT NULL,
  actor text NOT NULL,
  reason text,
  at timestamptz NOT NULL
);
CREATE INDEX order_transitions_by_order ON order_transitions (order_id, id);

-- Transactional outbox: events written in the same transaction as the change they describe.
-- Readers order by (xid, id) and only read below the oldest running transaction's xid, so a
-- transaction that commits late can never be skipped.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  family text NOT NULL, -- orders | stock | customers: the relay maps it to a topic
  partition_key text NOT NULL,
  payload text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_by_position ON outbox (xid, id);

CREATE TABLE stream_positions (
  consumer text PRIMARY KEY,
  xid xid8 NOT NULL,
  id bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
