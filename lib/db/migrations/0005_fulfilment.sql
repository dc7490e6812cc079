-- Orders: the normalised intake (delivery point, fulfilment mode, coupon) and fulfilment and
-- money detail per line beside the status (partial shipment, returns, refunds).
ALTER TABLE orders ADD COLUMN fulfilment text NOT NULL DEFAULT 'delivery';
ALTER TABLE orders ADD COLUMN delivery_lat double precision;
ALTER TABLE orders ADD COLUMN delivery_lng double precision;
ALTER TABLE orders ADD COLUMN coupon_code text;
ALTER TABLE orders ADD COLUMN refunded_cents bigint NOT NULL DEFAULT 0;
-- A pickup order whose store lacked stock waits for this transfer before it can be handed over.
ALTER TABLE orders ADD COLUMN awaiting_transfer_id text;
CREATE INDEX orders_by_location_placed ON orders (location_id, placed_at);

ALTER TABLE order_lines ADD COLUMN shipped_quantity integer NOT NULL DEFAULT 0;
ALTER TABLE order_lines ADD COLUMN returned_quantity integer NOT NULL DEFAULT 0;
ALTER TABLE order_lines ADD COLUMN refunded_cents bigint NOT NULL DEFAULT 0;
ALTER TABLE order_lines ADD COLUMN refunded_discount_cents bigint NOT NULL DEFAULT 0;
ALTER TABLE order_lines ADD CONSTRAINT order_lines_fulfilment CHECK (
  shipped_quantity BETWEEN 0 AND quantity AND returned_quantity BETWEEN 0 AND shipped_quantity AND refunded_cents BETWEEN 0 AND amount_cents);

-- The timeline: every action (a partial shipment or return too, where the status stays) with
-- actor, time, reason, a free note and what it moved.
ALTER TABLE order_transitions ADD COLUMN action text;
ALTER TABLE order_transitions ADD COLUMN note text;
ALTER TABLE order_transitions ADD COLUMN detail jsonb;

-- Transfers between locations: requested (in_transit at the source, incoming at the
-- destination) → shipped (left the source) → received (on hand at the destination).
CREATE TABLE transfers (
  transfer_id text PRIMARY KEY,
  from_location_id text NOT NULL REFERENCES locations,
  to_location_id text NOT NULL REFERENCES locations,
  status text NOT NULL CHECK (status IN ('requested', 'shipped', 'received', 'cancelled')),
  reason text NOT NULL,
  reference text,
  note text,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL,
  shipped_by text,
  shipped_at timestamptz,
  received_by text,
  received_at timestamptz,
  cancelled_by text,
  cancelled_at timestamptz,
  CHECK (from_location_id <> to_location_id)
);
CREATE INDEX transfers_by_requested ON transfers (requested_at);

CREATE TABLE transfer_lines (
  transfer_id text NOT NULL REFERENCES transfers,
  sku text NOT NULL REFERENCES skus,
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (transfer_id, sku)
);

-- What a location's people must act on: pick a paid order, replenishment, a transfer to ship.
CREATE TABLE notifications (
  notification_id bigserial PRIMARY KEY,
  location_id text NOT NULL REFERENCES locations,
  kind text NOT NULL,
  reference text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL,
  read_by text,
  read_at timestamptz
);
CREATE INDEX notifications_by_location ON notifications (location_id, notification_id);

-- Safety stock, reorder point and target level per (sku, location).
CREATE TABLE replenishment_rules (
  sku text NOT NULL REFERENCES skus,
  location_id text NOT NULL REFERENCES locations,
  safety_stock integer NOT NULL CHECK (safety_stock >= 0),
  reorder_point integer NOT NULL,
  target_level integer NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (sku, location_id),
  CHECK (safety_stock <= reorder_point AND reorder_point <= target_level)
);

CREATE TABLE replenishment_suggestions (
  suggestion_id text PRIMARY KEY,
  sku text NOT NULL,
  location_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('transfer', 'purchase')),
  from_location_id text,
  quantity integer NOT NULL CHECK (quantity > 0),
  urgent boolean NOT NULL,
  available integer NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'accepted', 'dismissed')),
  created_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz,
  transfer_id text
);
CREATE INDEX replenishment_open ON replenishment_suggestions (sku, location_id) WHERE status = 'open';

-- Rules an admin changes at run time (radius, expiry, per-channel buffers), and their audit.
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE TABLE settings_audit (
  audit_id bigserial PRIMARY KEY,
  subject text NOT NULL,
  old_value jsonb,
  new_value jsonb,
  actor text NOT NULL,
  at timestamptz NOT NULL
);

-- What each channel was last told it may sell, per SKU, so only changes are published.
CREATE TABLE channel_availability (
  sku text NOT NULL,
  channel text NOT NULL,
  quantity integer NOT NULL,
  published_at timestamptz NOT NULL,
  PRIMARY KEY (sku, channel)
);
