-- Two changes that make customer KPIs over long ranges cheap, both exact.
--
-- 1. New customers are found by lookup instead of a FINAL scan. The first-payment tables now
--    receive a row only when it lowers the customer's stored minimum (or the customer is not
--    there yet): a customer's rows are then almost always one, so "whose first payment is at
--    or after X" is a short list of candidates (rows at or after X), whose exact minimum is
--    read by key. Correctness never depends on the rule — queries take the minimum over all
--    rows of a candidate — it only keeps the candidates few. Inside a view, `sales_lines` names
--    the inserted block; the stored minima are read for the block's customers only.
ALTER TABLE customer_first_paid_mv MODIFY QUERY
SELECT b.customer_key AS customer_key, b.first_paid_at AS first_paid_at
FROM (
  SELECT reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key, min(occurred_at) AS first_paid_at
  FROM sales_lines
  WHERE kind = 'payment' AND customer_id != ''
  GROUP BY customer_key) AS b
LEFT JOIN (
  SELECT customer_key AS s_key, min(first_paid_at) AS s_first
  FROM customer_first_paid
  WHERE customer_key IN (SELECT reinterpretAsUInt128(sipHash128(customer_id)) FROM sales_lines WHERE kind = 'payment' AND customer_id != '')
  GROUP BY customer_key) AS s ON s.s_key = b.customer_key
WHERE s.s_key = 0 OR b.first_paid_at < s.s_first;

ALTER TABLE customer_first_orders_mv MODIFY QUERY
SELECT b.customer_id AS customer_id, b.first_paid_at AS first_paid_at
FROM (
  SELECT customer_id, min(occurred_at) AS first_paid_at
  FROM sales_lines
  WHERE kind = 'payment' AND customer_id != ''
  GROUP BY customer_id) AS b
LEFT JOIN (
  SELECT customer_id AS s_id, min(first_paid_at) AS s_first
  FROM customer_first_orders
  WHERE customer_id IN (SELECT customer_id FROM sales_lines WHERE kind = 'payment' AND customer_id != '')
  GROUP BY customer_id) AS s ON s.s_id = b.customer_id
WHERE s.s_id = '' OR b.first_paid_at < s.s_first;

-- Rows written before the rule: one per customer from here on.
OPTIMIZE TABLE customer_first_paid FINAL;
OPTIMIZE TABLE customer_first_orders FINAL;

-- 2. Each paying customer's paid orders per local calendar year, over every channel and place:
--    for the customer KPIs of unfiltered ranges that hold whole years (year to date above all).
--    A customer is one row a year here (after merges) where customer_days holds one per day
--    and place they bought on: 300,000 rows for a year instead of 2.5 million at 10 M order
--    lines. The year still running is read whole only while nothing is stored after the
--    range's last day (lib/analytics/customers.ts checks). Same key and zone as customer_days
--    (clickhouse/0008); filled by a view of the same insert.
CREATE TABLE IF NOT EXISTS customer_years (
  year UInt16,
  customer_key UInt128,
  paid_orders SimpleAggregateFunction(sum, Int64)
) ENGINE = AggregatingMergeTree
PARTITION BY year
ORDER BY (year, customer_key)
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_years_mv TO customer_years AS
SELECT
  toYear(toDate(occurred_at, {{TIME_ZONE}})) AS year,
  reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key,
  sum(paid_orders) AS paid_orders
FROM sales_lines
WHERE kind = 'payment' AND customer_id != ''
GROUP BY year, customer_key;

-- Installations that ingested before this migration: fill from the facts once.
INSERT INTO customer_years
SELECT toYear(toDate(occurred_at, {{TIME_ZONE}})) AS year, reinterpretAsUInt128(sipHash128(customer_id)) AS customer_key, sum(paid_orders)
FROM sales_lines
WHERE kind = 'payment' AND customer_id != '' AND (SELECT count() FROM customer_years) = 0
GROUP BY year, customer_key;
