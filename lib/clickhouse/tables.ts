/**
 * Names of the analytics tables (created by clickhouse/*.sql). Code refers to these
 * constants, never to string literals, so a rename is one change here plus a migration.
 */
export const TABLES = {
  /** Every event ingested, once, with its stream position; invalid ones carry their reason. */
  events: 'events',
  /** Ids of stored events, sorted by id: the sink's duplicate check. */
  eventIds: 'event_ids',
  /** One row per order line per money event: payment (+) or refund (−). */
  salesLines: 'sales_lines',
  /** Hourly rollup of sales_lines by channel, geography and product: what dashboards read. */
  salesHourly: 'sales_hourly',
  /** The same without the product (0030): hours when no category or SKU is asked for. */
  salesHourlyByPlace: 'sales_hourly_by_place',
  /** Daily rollups (0008, 0009) in the time zone recorded in dailyRollupZone: sales by day without SKU… */
  salesDaily: 'sales_daily',
  /** …sales by day, channel, category and SKU… */
  salesDailySku: 'sales_daily_sku',
  /** …sales by day and channel alone (0024)… */
  salesChannelDaily: 'sales_channel_daily',
  /** …and by day, channel and category (0027)… */
  salesCategoryDaily: 'sales_category_daily',
  /** …each paying customer's paid orders per day, channel and place… */
  customerDays: 'customer_days',
  /** …and per calendar year, over every channel and place (0012)… */
  customerYears: 'customer_years',
  /** …and per calendar month, over every channel and place, read merged with FINAL (0016)… */
  customerMonths: 'customer_months',
  /** …and per day and channel, over every place, read merged with FINAL (0017)… */
  customerChannelDays: 'customer_channel_days',
  /** …and per day, channel and SKU, with the range of their order keys (0015)… */
  customerSkuDays: 'customer_sku_days',
  /** …and per day, channel, place and category (0019). */
  customerCategoryDays: 'customer_category_days',
  /** …orders placed and oversold per day, channel and place. */
  orderFlowDaily: 'order_flow_daily',
  /** Orders placed and oversold per UTC hour, channel and place (0021): hours, and days in another zone. */
  orderFlowHourly: 'order_flow_hourly',
  /** Each customer's first payment, keyed like customer_days (128-bit SipHash of the id). */
  customerFirstPaid: 'customer_first_paid',
  /** The zone the daily rollups are bucketed in. */
  dailyRollupZone: 'daily_rollup_zone',
  /** Each order's payment time, by order id. */
  orderPayments: 'order_payments',
  /** Each shipment of a paid order with its payment → shipment seconds. */
  orderShipments: 'order_shipments',
  /** The same shipments by payment → shipment bucket first, local day (0014): processing-time quantiles' second pass by place… */
  orderShipmentTimes: 'order_shipment_times',
  /** …and shipments per local day, channel, place and bucket: their first pass. */
  orderShipmentBuckets: 'order_shipment_buckets',
  /** The shipments by a four times finer bucket, local day and channel (0028): the second pass without a place… */
  orderShipmentTimesByChannel: 'order_shipment_times_by_channel',
  /** …shipments per local day, channel and fine bucket: the first pass's days… */
  orderShipmentFineBuckets: 'order_shipment_fine_buckets',
  /** …and per local month: its whole months. */
  orderShipmentFineBucketsMonthly: 'order_shipment_fine_buckets_monthly',
  /** Order lifecycle events (placed, cancelled with reason, shipped…). */
  orderEvents: 'order_events',
  /** The lines of each placed order (an oversold order's SKUs). */
  orderPlacedLines: 'order_placed_lines',
  /** Each customer's first paid order. */
  customerFirstOrders: 'customer_first_orders',
  stockMovements: 'stock_movements',
  /** Each stock position's state after its last movement in each UTC hour: inventory valuation. */
  stockHourly: 'stock_hourly',
  /** Daily stock rollups (0013) in the zone of dailyRollupZone: each (sku, location)'s change of on_hand per day… */
  stockDaily: 'stock_daily',
  /** …and each SKU's, over every location, with its moving-average cost after the day's last movement. */
  stockSkuDaily: 'stock_sku_daily',
  /** Customer record → merged customer, latest version wins (lib/customers/merged-id.ts). */
  customerMergeMap: 'customer_merge_map',
  /** The same for customer_key (the rollups' hash of the id): a Join-engine lookup (joinGet) a view keeps from it (0018). */
  customerKeyMerges: 'customer_key_merges',
  /** Per customer record: purchases, channels, products, stores, profile, coupons (segments). */
  customerFacts: 'customer_facts',
  /** One row per merged customer, rebuilt every minute from customer_facts: what segments scan. */
  customerAttributes: 'customer_attributes',
  /** The spare table the rebuild fills before swapping it in. */
  customerAttributesNext: 'customer_attributes_next',
  /** Each local day a merged customer paid, over everything, per channel and per category, with the previous and next (0020; lib/analytics/buyer-visits.ts)… */
  buyerVisits: 'buyer_visits',
  /** …its twin: builds fill the two in turn… */
  buyerVisitsNext: 'buyer_visits_next',
  /** …per scope, member and day, how many buyers' last visit by the horizon falls on it, first paid on it, or had the visit before a single-order last visit on it (0026)… */
  buyerLastVisitCounts: 'buyer_last_visit_counts',
  buyerLastVisitCountsNext: 'buyer_last_visit_counts_next',
  /** …each merged buyer's last visit over everything and per channel and category: a Join table looked up with joinGet (0026)… */
  buyerLastVisits: 'buyer_last_visits',
  buyerLastVisitsNext: 'buyer_last_visits_next',
  /** …customers, new and repeat customers of each calendar month that ends by the horizon, over everything (0031)… */
  buyerMonthCounts: 'buyer_month_counts',
  buyerMonthCountsNext: 'buyer_month_counts_next',
  /** …each build's horizon, start, merge count and table… */
  buyerVisitBuilds: 'buyer_visit_builds',
  /** …and when payments for each local day were last written: a later write up to the horizon makes the visits stale. */
  paymentDayWrites: 'payment_day_writes',
  /** Each local day's closing stock value up to a build's horizon, and what each SKU carries past it (0025; lib/analytics/stock-values.ts), built with the visits… */
  stockValues: 'stock_values',
  /** …into the twin paired with theirs… */
  stockValuesNext: 'stock_values_next',
  /** …each (sku, location)'s change and closing key per local day, by day first: the days after the horizon… */
  stockDayChanges: 'stock_day_changes',
  /** …and when stock movements for each local day were last written: a later write up to the horizon makes them stale. */
  stockDayWrites: 'stock_day_writes',
  /** How many events occurred in each UTC hour, merges under hour 0 (0032): a settled period's remembered KPIs serve while its count holds. */
  eventHourCounts: 'event_hour_counts',
  /** Events that failed validation, with the reason and the raw payload. */
  deadLetters: 'dead_letters',
} as const
