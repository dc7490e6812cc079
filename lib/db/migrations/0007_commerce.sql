-- Prices, promotions and distributors (lib/pricing, lib/distributors). Money is integer cents.

-- A distributor user acts for one distributor account (null for every other role).
ALTER TABLE users ADD COLUMN distributor_id text;

-- A tier's price list (rules: lib/pricing/price-list.ts, validated and conflict-free when
-- saved) and its rebate brackets per quarter (lib/distributors/rebates.ts).
CREATE TABLE distributor_tiers (
  tier_id text PRIMARY KEY,
  name text NOT NULL,
  price_rules jsonb NOT NULL DEFAULT '[]'::jsonb,
  rebate_brackets jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE distributors (
  distributor_id text PRIMARY KEY,
  name text NOT NULL,
  tier_id text NOT NULL REFERENCES distributor_tiers,
  credit_limit_cents bigint NOT NULL CHECK (credit_limit_cents >= 0),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Spend-X-save-Y promotions (lib/pricing/promotions.ts).
CREATE TABLE promotions (
  promotion_id text PRIMARY KEY,
  name text NOT NULL,
  threshold_cents bigint NOT NULL CHECK (threshold_cents > 0),
  discount_cents bigint NOT NULL CHECK (discount_cents > 0),
  repeating boolean NOT NULL,
  cap_cents bigint CHECK (cap_cents IS NULL OR cap_cents >= discount_cents),
  channels text[] NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  priority integer NOT NULL,
  exclusive boolean NOT NULL,
  active boolean NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);

-- Every order a distributor asks for, priced when asked. `placing` and `held` count in the
-- credit exposure; a placed request links the order it became (the order's external id is
-- `<distributor_id>:<request_id>`), which is how a distributor's orders are known to be its own.
CREATE TABLE distributor_order_requests (
  request_id text PRIMARY KEY,
  distributor_id text NOT NULL REFERENCES distributors,
  status text NOT NULL CHECK (status IN ('placing', 'held', 'placed', 'rejected', 'cancelled')),
  quote jsonb NOT NULL,
  total_cents bigint NOT NULL CHECK (total_cents >= 0),
  exposure_cents bigint NOT NULL,
  credit_limit_cents bigint NOT NULL,
  order_id text UNIQUE,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz,
  note text
);
CREATE INDEX distributor_order_requests_by_distributor ON distributor_order_requests (distributor_id, requested_at);
CREATE INDEX distributor_order_requests_open ON distributor_order_requests (status) WHERE status IN ('placing', 'held');

-- Money received from a distributor, recorded by finance.
CREATE TABLE distributor_payments (
  payment_id text PRIMARY KEY,
  distributor_id text NOT NULL REFERENCES distributors,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  received_on date NOT NULL,
  reference text NOT NULL DEFAULT '',
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX distributor_payments_by_distributor ON distributor_payments (distributor_id, received_on);

-- Rebates paid out per distributor and period (e.g. 2026Q4); settlement nets these off.
CREATE TABLE rebate_payouts (
  payout_id text PRIMARY KEY,
  distributor_id text NOT NULL REFERENCES distributors,
  period text NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  reference text NOT NULL DEFAULT '',
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rebate_payouts_by_distributor ON rebate_payouts (distributor_id, period);
