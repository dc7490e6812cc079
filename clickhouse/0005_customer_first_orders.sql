-- Each customer's first paid order, for "new customer" (first ever purchase) and cohorts.
CREATE TABLE IF NOT EXISTS customer_first_orders (
  customer_id String,
  first_paid_at SimpleAggregateFunction(min, DateTime64(3, 'UTC'))
) ENGINE = AggregatingMergeTree
ORDER BY customer_id
SETTINGS non_replicated_deduplication_window = 100000;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_first_orders_mv TO customer_first_orders AS
SELECT customer_id, min(occurred_at) AS first_paid_at
FROM sales_lines
WHERE kind = 'payment' AND customer_id != ''
GROUP BY customer_id;

-- Installations that ingested before this migration: fill from the facts once.
INSERT INTO customer_first_orders
SELECT customer_id, min(occurred_at) FROM sales_lines
WHERE kind = 'payment' AND customer_id != '' AND customer_id NOT IN (SELECT customer_id FROM customer_first_orders)
GROUP BY customer_id;
