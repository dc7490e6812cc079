import { z } from 'zod'
import {
  anomaliesQuerySchema,
  breakdownQuerySchema,
  kpisQuerySchema,
  oversellsQuerySchema,
  rangeQuerySchema,
} from '@/lib/analytics/filters'
import type { Permission } from '@/lib/auth/permissions'
import { importPreviewSchema, startImportSchema } from '@/lib/import/api'
import { orderActionSchema, placeOrderSchema } from '@/lib/ops/orders'
import { createProgrammeSchema, manualBaselineSchema, measureSchema, reportQuerySchema, updateProgrammeSchema } from '@/lib/roi/schema'
import { stockReceiptSchema } from '@/lib/ops/stock'
import { ordersQuerySchema } from '@/lib/ops/orders'
import { movementsQuerySchema } from '@/lib/ops/ledger'
import { requestTransferSchema, transferActionSchema, transfersQuerySchema } from '@/lib/ops/transfers'
import { notificationsQuerySchema } from '@/lib/ops/notifications'
import { updateSettingsSchema } from '@/lib/ops/settings'
import { decideSuggestionSchema, replenishmentRuleSchema, rulesQuerySchema, suggestionsQuerySchema } from '@/lib/ops/replenishment'
import { channelAvailabilityQuerySchema } from '@/lib/ops/channel-availability'
import { COMMERCE_OPERATIONS } from './openapi-commerce'
import { customerListQuerySchema, membersQuerySchema, mergeBodySchema, previewBodySchema } from '@/lib/customers/api'
import { launchCampaignSchema } from '@/lib/customers/campaigns'
import { saveSegmentSchema } from '@/lib/customers/segments/store'

/**
 * Every API operation, once: what GET /api/docs publishes as OpenAPI 3.1. Query and body
 * schemas are the zod schemas the routes parse with (imported, never restated), so the
 * document cannot drift from what the server accepts. A unit test fails when a route file
 * exports a method that is missing here.
 */
export type Operation = {
  method: 'get' | 'post'
  /** OpenAPI path: `{id}` for the route folder `[id]`. */
  path: string
  summary: string
  description?: string
  tag: 'orders' | 'stock' | 'analytics' | 'imports' | 'system' | 'auth' | 'pricing' | 'distributors' | 'portal'
  permission: Permission | 'public'
  query?: z.ZodType
  body?: { name: string; schema: z.ZodType }
  /** Status → what the answer holds. */
  responses: Record<string, string>
}

const ANALYTICS_FILTERS = 'Filters `channel`, `region`, `city`, `store`, `category`, `sku` may repeat. Dates are inclusive, local to the configured time zone.'

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/health',
    tag: 'system',
    summary: 'Status of PostgreSQL, ClickHouse and the event log, and ingest progress',
    permission: 'public',
    responses: { '200': 'everything answers: `{ status: "ok", postgres, clickhouse, event_log, ingest }`', '503': 'a store does not answer; same body with `status: "degraded"`' },
  },
  {
    method: 'get',
    path: '/api/docs',
    tag: 'system',
    summary: 'This OpenAPI 3.1 document',
    permission: 'api:docs',
    responses: { '200': 'the OpenAPI document' },
  },
  {
    method: 'get',
    path: '/api/auth/{nextauth}',
    tag: 'auth',
    summary: 'Sign-in pages, session and CSRF endpoints (next-auth)',
    description: 'Handled by next-auth: `/api/auth/session`, `/api/auth/csrf`, `/api/auth/providers`, `/api/auth/signin`, `/api/auth/signout`.',
    permission: 'public',
    responses: { '200': 'the next-auth answer for the sub-path' },
  },
  {
    method: 'post',
    path: '/api/auth/{nextauth}',
    tag: 'auth',
    summary: 'Sign in with credentials, sign out (next-auth)',
    description: 'Form posts to `/api/auth/callback/credentials` (username, password, csrfToken) and `/api/auth/signout`; sets or clears the session cookie.',
    permission: 'public',
    responses: { '200': 'the next-auth answer', '302': 'redirect after sign-in or sign-out' },
  },
  {
    method: 'post',
    path: '/api/v1/orders',
    tag: 'orders',
    summary: 'Take an order from any channel (idempotent on channel + external_id)',
    description: 'Stock is reserved at the routed location. Own channels are refused with 409 `out_of_stock` when no location can serve every line; marketplace orders are recorded and cancelled `out_of_stock` (an oversell). Channel tokens may only place orders for their channel.',
    permission: 'orders:write',
    body: { name: 'PlaceOrder', schema: placeOrderSchema },
    responses: { '201': 'the new order with its lines, totals and allowed actions', '200': 'a repeat of the same (channel, external_id): the first result', '409': '`out_of_stock` for an own channel' },
  },
  {
    method: 'get',
    path: '/api/v1/orders/{id}',
    tag: 'orders',
    summary: 'An order with its lines and allowed actions',
    permission: 'orders:read',
    responses: { '200': 'the order', '404': 'no such order (or not visible to the caller)' },
  },
  {
    method: 'post',
    path: '/api/v1/orders/{id}/actions',
    tag: 'orders',
    summary: 'Move an order through its state machine: pay, ship, complete, cancel, refund',
    permission: 'orders:write',
    body: { name: 'OrderAction', schema: orderActionSchema },
    responses: { '200': 'the order after the action', '404': 'no such order', '409': '`illegal_transition`: the message lists the allowed actions' },
  },
  {
    method: 'get',
    path: '/api/v1/stock',
    tag: 'stock',
    summary: 'Stock balances per (sku, location): on_hand, reserved, in_transit, incoming, available',
    // The route keeps this query schema private (app/api/v1/stock/route.ts), so it is described, not imported.
    description: 'Optional query parameters `sku` and `location_id` narrow the rows. Store users see only their own store.',
    permission: 'stock:read',
    responses: { '200': '`{ rows: [{ sku, location_id, on_hand, reserved, in_transit, incoming, available }] }`' },
  },
  {
    method: 'post',
    path: '/api/v1/stock/receipts',
    tag: 'stock',
    summary: 'Goods received at a location (updates the moving-average unit cost)',
    permission: 'stock:write',
    body: { name: 'StockReceipt', schema: stockReceiptSchema },
    responses: { '201': 'the movement and the balance after it', '404': 'unknown SKU or location' },
  },
  {
    method: 'get',
    path: '/api/v1/kpis',
    tag: 'analytics',
    summary: 'Every KPI for a date range, optionally compared, with the last day’s anomalies',
    description: `${ANALYTICS_FILTERS} \`anomalies\` is set when the range is one day or ends today (else null).`,
    permission: 'analytics:read',
    query: kpisQuerySchema,
    responses: { '200': '`{ range, kpis, comparison: { mode, range, kpis, change } | null, anomalies, freshness }`' },
  },
  {
    method: 'get',
    path: '/api/v1/breakdown',
    tag: 'analytics',
    summary: 'Every KPI per member of a dimension (× a second one), with the total',
    description: `${ANALYTICS_FILTERS} By category or SKU the order-level KPIs (placed and oversold orders, oversell rate, processing time) are null. \`sort\` orders rows by a KPI, descending; \`limit\` keeps the top N (by net revenue unless \`sort\` names another KPI). \`fields\` (comma-separated KPI names) answers with those KPIs only and reads only what they need: sales KPIs alone skip the customer and order-flow reads, so a chart of revenue and margin asks for \`fields=net_revenue,gross_profit,gross_margin\`; members are then those with sales.`,
    permission: 'analytics:read',
    query: breakdownQuerySchema,
    responses: { '200': '`{ range, by, split, rows: [{ <by>, <split>?, ...kpis, comparison? }], total, comparison: { mode, range } | null, freshness }`' },
  },
  {
    method: 'get',
    path: '/api/v1/oversells',
    tag: 'analytics',
    summary: 'Oversell rate per day and channel, and the oversold orders with their SKUs',
    description: `${ANALYTICS_FILTERS} The rates are order-level (category and SKU do not apply to them); category and SKU keep the orders that asked for such a line. At most 500 orders, newest first.`,
    permission: 'analytics:read',
    query: oversellsQuerySchema,
    responses: { '200': '`{ range, series: [{ day, channel, placed_orders, oversold_orders, oversell_rate }], total, orders: [{ order_id, external_id, channel, occurred_at, location_id, region, city, skus }], comparison, freshness }`' },
  },
  {
    method: 'get',
    path: '/api/v1/inventory',
    tag: 'analytics',
    summary: 'Stock value, turnover days and days of cover, in total, by category and by location, with stock-out, low-stock and slow-moving lists',
    description: 'The range and filters of the KPIs; the channel filter does not apply (stock is shared by every channel). Store users see only their store.',
    permission: 'stock:read',
    query: rangeQuerySchema,
    responses: { '200': '`{ range: { from, to, time_zone, as_of, days }, … }` — see docs/kpis.md (inventory)' },
  },
  {
    method: 'get',
    path: '/api/v1/anomalies',
    tag: 'analytics',
    summary: 'KPIs of a day outside their normal range, in total and per channel',
    description: 'Net revenue, orders, gross margin, oversell rate and AOV against the median of the same weekday over the previous `weeks` weeks (normal range: median ± 3 × 1.4826 × MAD, with a floor). For today only the complete hours are compared.',
    permission: 'analytics:read',
    query: anomaliesQuerySchema,
    responses: { '200': '`{ date, weeks, time_zone, through_hour, anomalies: [{ kpi, scope, value, expected, low, high, direction, explanation_zh, explanation_en }] }`' },
  },
  {
    method: 'get',
    path: '/api/v1/roi',
    tag: 'analytics',
    summary: 'ROI programmes, newest first',
    permission: 'roi:read',
    responses: { '200': '`{ programmes: [{ id, name, go_live, created_at }], can_edit }`' },
  },
  {
    method: 'post',
    path: '/api/v1/roi',
    tag: 'analytics',
    summary: 'Create an ROI programme: go-live date, baseline and current windows, tracked KPIs with targets, assumptions',
    description: 'The baseline window defaults to the 90 days before go-live, the current window to the last 30 days. Targets are in the KPI’s unit: money as a "12.50" string, rates as fractions. See docs/roi.md.',
    permission: 'roi:write',
    body: { name: 'CreateRoiProgramme', schema: createProgrammeSchema },
    responses: { '201': '`{ id }`' },
  },
  {
    method: 'get',
    path: '/api/v1/roi/{id}',
    tag: 'analytics',
    summary: 'The ROI report: baseline, target and current per KPI with improvement and share of target, weekly trend, finance summary',
    description: '`from` and `to` (both or neither) replace the current window for this answer.',
    permission: 'roi:read',
    query: reportQuerySchema,
    responses: { '200': '`{ programme, time_zone, kpis: [{ kpi, unit, direction, baseline, baseline_source, baseline_manual, target, current, improvement_pct, target_share, … }], trend: { weeks, series }, summary: { period, items, total }, measures, audit, can_edit }`', '404': 'no such programme' },
  },
  {
    method: 'post',
    path: '/api/v1/roi/{id}',
    tag: 'analytics',
    summary: 'Change an ROI programme’s settings (targets and assumptions are audited)',
    permission: 'roi:write',
    body: { name: 'UpdateRoiProgramme', schema: updateProgrammeSchema },
    responses: { '200': '`{ ok: true }`', '404': 'no such programme' },
  },
  {
    method: 'post',
    path: '/api/v1/roi/{id}/baselines',
    tag: 'analytics',
    summary: 'Enter a tracked KPI’s baseline by hand (marked manual with who and when); null clears it',
    permission: 'roi:write',
    body: { name: 'RoiManualBaseline', schema: manualBaselineSchema },
    responses: { '200': '`{ ok: true }`', '404': 'no such programme', '409': '`not_tracked`: the programme does not track the KPI' },
  },
  {
    method: 'post',
    path: '/api/v1/roi/{id}/measures',
    tag: 'analytics',
    summary: 'Enter a measure the system cannot see (labour cost, staff hours, customer or partner satisfaction) for a period; audited',
    permission: 'roi:write',
    body: { name: 'RoiMeasure', schema: measureSchema },
    responses: { '200': '`{ ok: true }`', '404': 'no such programme' },
  },
  {
    method: 'post',
    path: '/api/v1/imports/uploads',
    tag: 'imports',
    summary: 'Upload a CSV of historical orders (the raw request body, up to 2 GiB)',
    description: 'Send the file itself as the body (`Content-Type: text/csv`). The answer has the header, a sample of rows and a suggested mapping (docs/import.md) to correct.',
    permission: 'imports:write',
    responses: { '201': '`{ upload_id, bytes, header, sample, suggested_mapping }`', '413': 'the file is too large' },
  },
  {
    method: 'post',
    path: '/api/v1/imports/preview',
    tag: 'imports',
    summary: 'The first rows of an upload as a mapping reads them',
    description: 'Each row converted (dates as UTC instants, amounts as strings) or its issues (column and reason). Orders are checked whole only by the import itself.',
    permission: 'imports:write',
    body: { name: 'ImportPreview', schema: importPreviewSchema },
    responses: { '200': '`{ header, rows: [{ row, ok, order_id, order_date, …, issues: [{ column, value, reason }] }] }`', '404': 'no such upload' },
  },
  {
    method: 'post',
    path: '/api/v1/imports',
    tag: 'imports',
    summary: 'Import an upload in the background as analytics events (source `import`)',
    description: 'Never touches operational stock. Re-importing the same file changes nothing (event ids derive from the namespace and the file’s order ids). Poll `GET /api/v1/imports/{id}`.',
    permission: 'imports:write',
    body: { name: 'StartImport', schema: startImportSchema },
    responses: { '202': 'the job: `{ id, state, progress: { phase, rows_total, rows_read, percent, rows_per_second, … } }`', '404': 'no such upload' },
  },
  {
    method: 'get',
    path: '/api/v1/imports/{id}',
    tag: 'imports',
    summary: 'An import job: state and progress',
    permission: 'imports:write',
    responses: { '200': '`{ id, state: running | done | failed, error, has_errors, progress }`', '404': 'no such job (jobs are forgotten when the server restarts)' },
  },
  {
    method: 'get',
    path: '/api/v1/imports/{id}/errors',
    tag: 'imports',
    summary: 'The rows an import rejected, as CSV (row, column, value, reason, order_id)',
    permission: 'imports:write',
    responses: { '200': 'text/csv', '404': 'no such job, or no row was rejected' },
  },
  // Order centre, stock ledger, transfers, notifications, replenishment, settings (issue 4, orders/stock part).
  {
    method: 'get',
    path: '/api/v1/orders',
    tag: 'orders',
    summary: 'The order list: filter by status, channel, location and placing day; search by order id or external id (prefix)',
    description: 'Newest first, `limit`/`offset` paging, `total` counts every match. Channel tokens see their channel, store users their store, distributors the distributor channel.',
    permission: 'orders:read',
    query: ordersQuerySchema,
    responses: { '200': '`{ total, orders: [{ order_id, channel, external_id, status, location_id, fulfilment, total, refunded, lines, units, placed_at, paid_at }] }`' },
  },
  {
    method: 'get',
    path: '/api/v1/stock/movements',
    tag: 'stock',
    summary: 'The stock ledger: movements of a SKU, a location or a reference (order or transfer id), newest first',
    description: 'Store users see their own store only.',
    permission: 'stock:read',
    query: movementsQuerySchema,
    responses: { '200': '`{ movements: [{ movement_id, sku, location_id, kind, on_hand_delta, reserved_delta, in_transit_delta, incoming_delta, reference, actor, occurred_at }] }`' },
  },
  {
    method: 'get',
    path: '/api/v1/stock/reconcile',
    tag: 'stock',
    summary: 'Check every balance against the sum of its ledger movements',
    permission: 'system:read',
    responses: { '200': '`{ positions, mismatches: [{ sku, location_id, column, balance, ledger }] }` — no mismatch when everything reconciles' },
  },
  {
    method: 'get',
    path: '/api/v1/stock/channels',
    tag: 'stock',
    summary: 'What each channel may sell per SKU: pool available less the channel’s safety buffer',
    description: 'A channel token sees its own channel only. Changes are also published as `stock.channel_availability` events.',
    permission: 'stock:read',
    query: channelAvailabilityQuerySchema,
    responses: { '200': '`{ rows: [{ sku, channel, pool_available, buffer, quantity }] }`' },
  },
  {
    method: 'get',
    path: '/api/v1/transfers',
    tag: 'stock',
    summary: 'Transfers between locations, newest first',
    description: 'Store users see transfers from or to their store.',
    permission: 'stock:read',
    query: transfersQuerySchema,
    responses: { '200': '`{ transfers: [{ transfer_id, from_location_id, to_location_id, status, reason, reference, lines, allowed_actions, … }] }`' },
  },
  {
    method: 'post',
    path: '/api/v1/transfers',
    tag: 'stock',
    summary: 'Request a transfer: units committed at the source (in_transit) and expected at the destination (incoming)',
    permission: 'stock:write',
    body: { name: 'RequestTransfer', schema: requestTransferSchema },
    responses: { '201': 'the transfer', '404': 'unknown SKU or location', '409': '`out_of_stock`: the source has too few available' },
  },
  {
    method: 'get',
    path: '/api/v1/transfers/{id}',
    tag: 'stock',
    summary: 'A transfer with its lines and allowed actions',
    permission: 'stock:read',
    responses: { '200': 'the transfer', '404': 'no such transfer (or not visible to the caller)' },
  },
  {
    method: 'post',
    path: '/api/v1/transfers/{id}/actions',
    tag: 'stock',
    summary: 'Ship (leaves the source), receive (on hand at the destination) or cancel (a requested transfer)',
    description: 'Receiving reserves the units of pickup orders that waited for the transfer. Store users ship and cancel from, and receive to, their own store.',
    permission: 'stock:write',
    body: { name: 'TransferAction', schema: transferActionSchema },
    responses: { '200': 'the transfer after the action', '404': 'no such transfer', '409': '`illegal_transition`: the message names the status and the one required' },
  },
  {
    method: 'get',
    path: '/api/v1/notifications',
    tag: 'orders',
    summary: 'Notices to act on: pick a paid order, ship or receive a transfer, replenish a SKU',
    description: 'A store user gets their store’s; ops and admins every location’s (or one with `location_id`).',
    permission: 'notifications:read',
    query: notificationsQuerySchema,
    responses: { '200': '`{ unread, notifications: [{ notification_id, location_id, kind, reference, detail, created_at, read_by, read_at }] }`' },
  },
  {
    method: 'post',
    path: '/api/v1/notifications/{id}/read',
    tag: 'orders',
    summary: 'Mark a notice read',
    permission: 'notifications:read',
    responses: { '200': '`{ ok: true }`', '404': 'no such notice (or not the caller’s store’s)' },
  },
  {
    method: 'get',
    path: '/api/v1/replenishment/rules',
    tag: 'stock',
    summary: 'Safety stock, reorder point and target level per (sku, location), with available and incoming',
    permission: 'stock:read',
    query: rulesQuerySchema,
    responses: { '200': '`{ rules: [{ sku, location_id, safety_stock, reorder_point, target_level, available, incoming, updated_by, updated_at }] }`' },
  },
  {
    method: 'post',
    path: '/api/v1/replenishment/rules',
    tag: 'stock',
    summary: 'Set one position’s replenishment thresholds (audited)',
    description: 'Refused with 400 naming the field unless 0 ≤ safety_stock ≤ reorder_point ≤ target_level.',
    permission: 'settings:write',
    body: { name: 'ReplenishmentRule', schema: replenishmentRuleSchema },
    responses: { '200': '`{ rule }`', '404': 'unknown SKU or location' },
  },
  {
    method: 'get',
    path: '/api/v1/replenishment/suggestions',
    tag: 'stock',
    summary: 'Replenishment suggestions: a transfer from the location with the largest surplus, else a purchase',
    permission: 'stock:read',
    query: suggestionsQuerySchema,
    responses: { '200': '`{ suggestions: [{ suggestion_id, sku, location_id, kind, from_location_id, quantity, urgent, available, status, transfer_id, … }] }`' },
  },
  {
    method: 'post',
    path: '/api/v1/replenishment/suggestions/{id}',
    tag: 'stock',
    summary: 'Accept (a transfer suggestion requests the transfer) or dismiss a suggestion',
    permission: 'stock:write',
    body: { name: 'DecideSuggestion', schema: decideSuggestionSchema },
    responses: { '200': 'the suggestion after the decision', '404': 'no such suggestion', '409': 'already decided, or the source no longer has the units' },
  },
  {
    method: 'post',
    path: '/api/v1/replenishment/evaluate',
    tag: 'stock',
    summary: 'Check every replenishment rule now (the server does it every 30 s)',
    permission: 'stock:write',
    responses: { '200': '`{ created }`: how many suggestions were made' },
  },
  {
    method: 'get',
    path: '/api/v1/settings',
    tag: 'system',
    summary: 'The operational rules in force (store radius, unpaid expiry, channel buffers) and the audit of changes',
    permission: 'settings:read',
    responses: { '200': '`{ settings: { store_radius_km, unpaid_expiry_minutes, channel_buffers }, audit: [{ subject, old_value, new_value, actor, at }] }`' },
  },
  {
    method: 'post',
    path: '/api/v1/settings',
    tag: 'system',
    summary: 'Change operational rules; effective without a restart (at once here, within 5 s in other processes)',
    permission: 'settings:write',
    body: { name: 'UpdateSettings', schema: updateSettingsSchema },
    responses: { '200': '`{ settings, audit }`' },
  },
  ...COMMERCE_OPERATIONS,
  // Customer 360, segments and campaigns (lib/customers, docs/customers.md)
  {
    method: 'get',
    path: '/api/v1/customers',
    tag: 'analytics',
    summary: 'Merged customers matching a search and/or a segment rule tree, with attributes and RFM',
    description: '`q` finds a phone, e-mail, member number or unionid exactly (by keyed hash), or the start of a customer id, or part of a name. `rules` is a rule tree as JSON (see POST /api/v1/segments). Attributes are rebuilt every minute (`built_at`).',
    permission: 'customers:read',
    query: customerListQuerySchema,
    responses: { '200': '`{ customers: [{ customer_id, orders, spend, aov, channels, categories, stores, city, region, member_tier, first_purchase_at, last_purchase_at, days_since_last_order, rfm }], count: { customers, revenue, all_customers, all_revenue } | null, built_at }` (spend, aov, revenue: money as "1234.50" yuan strings)' },
  },
  {
    method: 'get',
    path: '/api/v1/customers/{id}',
    tag: 'analytics',
    summary: 'A merged customer’s 360° profile: identities, channels, order timeline, lifetime value, RFM, favourites, coupons, merges',
    description: 'Any record id of the customer finds it. Phone and e-mail are masked unless the caller has `customers:pii`.',
    permission: 'customers:read',
    responses: { '200': '`{ customer_id, records, identities: [{ kind, value, masked }], channels, orders, favourites, coupons, merges, attributes: { spend, aov, … }, can_merge }` (money as "1234.50" yuan strings)', '404': 'no such customer' },
  },
  {
    method: 'post',
    path: '/api/v1/customers/merges',
    tag: 'analytics',
    summary: 'Merge two customers by hand (reason `manual`, undoable); the oldest record survives',
    permission: 'customers:write',
    body: { name: 'MergeCustomers', schema: mergeBodySchema },
    responses: { '201': '`{ merge_id, merged_id }`', '200': 'already one customer', '404': 'no such customer' },
  },
  {
    method: 'post',
    path: '/api/v1/customers/merges/{id}/undo',
    tag: 'analytics',
    summary: 'Undo a merge: the records split along the merges still active (ClickHouse follows through customer.unmerged)',
    permission: 'customers:write',
    responses: { '200': '`{ merge_id, groups: [{ survivor, members }] }`', '404': 'no such merge', '409': '`already_undone`' },
  },
  {
    method: 'get',
    path: '/api/v1/segments',
    tag: 'analytics',
    summary: 'Saved segments, most recently changed first',
    permission: 'segments:read',
    responses: { '200': '`{ segments: [{ segment_id, name, description, version, rules, created_by, created_at, updated_at }], can_edit }`' },
  },
  {
    method: 'post',
    path: '/api/v1/segments',
    tag: 'analytics',
    summary: 'Save a segment: a rule tree of AND/OR groups over customer attributes (version 1)',
    description: 'Fields, operators and values are in docs/customers.md; every value is bound as a query parameter.',
    permission: 'segments:write',
    body: { name: 'SaveSegment', schema: saveSegmentSchema },
    responses: { '201': 'the segment' },
  },
  {
    method: 'post',
    path: '/api/v1/segments/preview',
    tag: 'analytics',
    summary: 'Live count, revenue, shares of all customers and a sample for unsaved rules (the builder)',
    permission: 'segments:read',
    body: { name: 'PreviewSegment', schema: previewBodySchema },
    responses: { '200': '`{ count: { customers, revenue, all_customers, all_revenue }, sample, built_at }` (money as "1234.50" yuan strings)' },
  },
  {
    method: 'get',
    path: '/api/v1/segments/rfm',
    tag: 'analytics',
    summary: 'Ready-made RFM segments with their thresholds and sizes',
    permission: 'segments:read',
    responses: { '200': '`{ thresholds: { recency_days, frequency_orders, monetary: [{ score, min_spend }] }, classes: [{ cls, rules, rule, count }] }` (min_spend, count.revenue: money as "1234.50" yuan strings)' },
  },
  {
    method: 'post',
    path: '/api/v1/segments/refresh',
    tag: 'analytics',
    summary: 'Rebuild the customer attributes segments read (the server does it every minute)',
    permission: 'segments:write',
    responses: { '200': '`{ rebuilt, built_at }`' },
  },
  {
    method: 'get',
    path: '/api/v1/segments/{id}',
    tag: 'analytics',
    summary: 'A segment with its current count, versions and snapshots',
    permission: 'segments:read',
    responses: { '200': '`{ segment, count, versions, snapshots, can_edit, can_launch }`', '404': 'no such segment' },
  },
  {
    method: 'post',
    path: '/api/v1/segments/{id}',
    tag: 'analytics',
    summary: 'Save new rules or name as the segment’s next version',
    permission: 'segments:write',
    body: { name: 'UpdateSegment', schema: saveSegmentSchema },
    responses: { '200': 'the segment', '404': 'no such segment' },
  },
  {
    method: 'get',
    path: '/api/v1/segments/{id}/count',
    tag: 'analytics',
    summary: 'How many customers the segment holds now, their revenue, and the totals',
    permission: 'segments:read',
    responses: { '200': '`{ segment_id, version, customers, revenue, all_customers, all_revenue }` (money as "1234.50" yuan strings)', '404': 'no such segment' },
  },
  {
    method: 'get',
    path: '/api/v1/segments/{id}/members',
    tag: 'analytics',
    summary: 'The segment’s members: a page as JSON, or CSV (`format=csv`, up to 100,000 rows)',
    description: 'Phone and e-mail in the CSV are in clear only for roles with `customers:pii`, masked otherwise.',
    permission: 'segments:read',
    query: membersQuerySchema,
    responses: { '200': '`{ segment_id, version, members }` or text/csv', '404': 'no such segment' },
  },
  {
    method: 'post',
    path: '/api/v1/segments/{id}/snapshots',
    tag: 'analytics',
    summary: 'Freeze the segment’s current membership under its current version',
    permission: 'segments:write',
    responses: { '201': '`{ snapshot_id, segment_id, version, member_count, taken_at }`', '404': 'no such segment' },
  },
  {
    method: 'get',
    path: '/api/v1/campaigns',
    tag: 'analytics',
    summary: 'Coupon campaigns, newest first',
    permission: 'campaigns:read',
    responses: { '200': '`{ campaigns, can_launch }`' },
  },
  {
    method: 'post',
    path: '/api/v1/campaigns',
    tag: 'analytics',
    summary: 'Issue a coupon (amount, or 满减 with a threshold) to a segment’s members except a random holdout',
    description: 'Coupons reach every channel as `coupon.issued` events. The holdout (default 10 %) is a keyed hash of `seed` and the customer id.',
    permission: 'campaigns:write',
    body: { name: 'LaunchCampaign', schema: launchCampaignSchema },
    responses: { '201': 'the campaign', '404': 'no such segment', '422': '`empty_segment`' },
  },
  {
    method: 'get',
    path: '/api/v1/campaigns/{id}',
    tag: 'analytics',
    summary: 'Issued, redeemed, redemption rate, redeemer revenue, and incremental revenue against the holdout with its 95 % interval',
    permission: 'campaigns:read',
    responses: { '200': '`{ campaign, issued, holdout, redeemed, redemption_rate, redeemer_orders, redeemer_revenue, treated, control, lift: { per_customer, incremental_revenue, ci95_low, ci95_high, std_error, degrees_of_freedom, significant } | null }`', '404': 'no such campaign' },
  },
]

type Json = Record<string, unknown>

const jsonSchema = (schema: z.ZodType): Json => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json
  return rest
}

/** The fields of an object schema, through intersections (`a.and(b)`) and refinements. */
function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>
  if (schema instanceof z.ZodIntersection) return { ...fieldsOf(schema.def.left as z.ZodType), ...fieldsOf(schema.def.right as z.ZodType) }
  if (schema instanceof z.ZodPipe) return fieldsOf(schema.def.in as z.ZodType)
  return {}
}

/** Query parameters: one per field; repeatable filters as exploded arrays (`channel=a&channel=b`). */
function queryParameters(schema: z.ZodType): Json[] {
  const properties = (jsonSchema(schema).properties ?? {}) as Record<string, Json>
  const fields = fieldsOf(schema)
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: 'query',
    // A field is optional when it accepts nothing: an optional, a default, or a filter list.
    required: fields[name] ? !fields[name].safeParse(undefined).success : false,
    schema: s,
    ...(s.type === 'array' ? { style: 'form', explode: true } : {}),
  }))
}

const errorResponse = { $ref: '#/components/responses/Error' }

/** The OpenAPI 3.1 document of every operation in OPERATIONS. */
export function openApiDocument(): Json {
  const paths: Record<string, Record<string, Json>> = {}
  const schemas: Record<string, Json> = {
    ApiError: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', description: 'stable code, e.g. invalid_parameter, forbidden, out_of_stock' },
            message: { type: 'string' },
            field: { type: 'string', description: 'the parameter or body field to blame' },
            issues: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  }
  for (const op of OPERATIONS) {
    const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }))
    const responses: Record<string, Json> = Object.fromEntries(Object.entries(op.responses).map(([status, description]) => [status, { description }]))
    if (op.query || op.body || pathParams.length) responses['400'] ??= errorResponse
    if (op.permission !== 'public') {
      responses['401'] ??= errorResponse
      responses['403'] ??= errorResponse
    }
    if (op.body) schemas[op.body.name] = jsonSchema(op.body.schema)
    paths[op.path] ??= {}
    paths[op.path]![op.method] = {
      operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/\/(\w)/g, (_, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      'x-permission': op.permission,
      security: op.permission === 'public' ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
      parameters: [...pathParams, ...(op.query ? queryParameters(op.query) : [])],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.body.name}` } } } } } : {}),
      responses,
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fourflow API (四流合一)',
      version: '1',
      description: 'Orders, stock and analytics of every channel. Money is a decimal string with two decimals; rates are numbers; dates are local to the configured time zone.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'orders', description: 'the order centre of every channel' },
      { name: 'stock', description: 'one stock pool per (sku, location)' },
      { name: 'analytics', description: 'KPIs, drill-down, oversells, anomalies (read ClickHouse)' },
      { name: 'imports', description: 'historical order import: upload, preview, run, progress, rejected rows' },
      { name: 'system', description: 'health and this document' },
      { name: 'auth', description: 'sign-in (next-auth)' },
      { name: 'pricing', description: 'tier price lists, promotions, quotes' },
      { name: 'distributors', description: 'distributor accounts, credit holds, statements, payments, rebates' },
      { name: 'portal', description: 'the distributor portal: acts only for the caller’s own account' },
    ],
    paths,
    components: {
      schemas,
      responses: { Error: { description: 'the error shape every route uses', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } } },
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'an API token (`npm run token -- --role …` or `--channel …`)' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token', description: 'the signed-in browser session (`__Secure-next-auth.session-token` over HTTPS)' },
      },
    },
  }
}
