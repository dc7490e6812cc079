-- ROI tracking (lib/roi): programmes judged by KPIs, baseline (before go-live) versus current
-- versus target. Money values (targets, manual baselines, measures) are integer cents;
-- everything else is the KPI's own unit (hours, days, rates as fractions, counts, scores).

CREATE TABLE roi_programmes (
  programme_id text PRIMARY KEY,
  name text NOT NULL,
  go_live date NOT NULL,
  baseline_from date NOT NULL,
  baseline_to date NOT NULL,
  -- null: the last 30 days at the time of reading
  current_from date,
  current_to date,
  -- editable assumptions of the money conversion (lib/roi/finance.ts)
  assumptions jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (baseline_from <= baseline_to),
  CHECK ((current_from IS NULL) = (current_to IS NULL)),
  CHECK (current_from IS NULL OR current_from <= current_to)
);

-- The KPIs a programme tracks, with the target and, where the system had no data, a
-- baseline entered by hand (who, when).
CREATE TABLE roi_kpis (
  programme_id text NOT NULL REFERENCES roi_programmes ON DELETE CASCADE,
  kpi text NOT NULL,
  position integer NOT NULL,
  target double precision NOT NULL,
  manual_baseline double precision,
  manual_baseline_by text,
  manual_baseline_at timestamptz,
  PRIMARY KEY (programme_id, kpi),
  CHECK ((manual_baseline IS NULL) = (manual_baseline_by IS NULL))
);

-- Measures the system cannot see (labour cost, staff hours, satisfaction), per period.
CREATE TABLE roi_measures (
  programme_id text NOT NULL REFERENCES roi_programmes ON DELETE CASCADE,
  measure text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  value double precision NOT NULL,
  entered_by text NOT NULL,
  entered_at timestamptz NOT NULL,
  PRIMARY KEY (programme_id, measure, period_from, period_to),
  CHECK (period_from <= period_to)
);

-- Every change to targets, manual baselines, measures and assumptions: who, when, old → new.
CREATE TABLE roi_audit (
  audit_id bigserial PRIMARY KEY,
  programme_id text NOT NULL REFERENCES roi_programmes ON DELETE CASCADE,
  subject text NOT NULL,
  item text NOT NULL,
  old_value text,
  new_value text,
  actor text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX roi_audit_by_programme ON roi_audit (programme_id, audit_id);
