/**
 * Client side of the order-centre, stock and settings APIs. Answers are parsed with zod like
 * every other API call of the UI; a refusal becomes an ApiError naming the field.
 */
import { z } from 'zod'
import { getJson, moneySchema, type RequestOptions } from '@/components/dashboard/api'
export { postJson } from '@/components/dashboard/api'

const iso = z.string().min(1)
export const orderStatusSchema = z.enum(['pending_payment', 'pending_shipment', 'shipped', 'completed', 'cancelled', 'refunded'])
export type OrderStatusName = z.infer<typeof orderStatusSchema>
const actionSchema = z.enum(['pay', 'ship', 'complete', 'cancel', 'return', 'refund'])
export type OrderActionName = z.infer<typeof actionSchema>

export const orderListSchema = z.object({
  total: z.number().int(),
  orders: z.array(
    z.object({
      order_id: z.string(),
      channel: z.string(),
      external_id: z.string(),
      status: orderStatusSchema,
      location_id: z.string(),
      fulfilment: z.string(),
      total: moneySchema,
      refunded: moneySchema,
      lines: z.number(),
      units: z.number(),
      placed_at: iso,
      paid_at: iso.nullable(),
    }),
  ),
})
export type OrderListRow = z.infer<typeof orderListSchema>['orders'][number]

export const orderSchema = z.object({
  order_id: z.string(),
  channel: z.string(),
  external_id: z.string(),
  status: orderStatusSchema,
  allowed_actions: z.array(actionSchema),
  cancel_reason: z.string().nullable(),
  location_id: z.string(),
  fulfilment: z.enum(['delivery', 'pickup']),
  delivery: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  coupon_code: z.string().nullable(),
  awaiting_transfer_id: z.string().nullable(),
  total: moneySchema,
  discount: moneySchema,
  refunded: moneySchema,
  placed_at: iso,
  paid_at: iso.nullable(),
  lines: z.array(
    z.object({
      line_no: z.number(),
      sku: z.string(),
      quantity: z.number(),
      unit_price: moneySchema,
      discount: moneySchema,
      amount: moneySchema,
      shipped_quantity: z.number(),
      returned_quantity: z.number(),
      refunded: moneySchema,
    }),
  ),
  timeline: z.array(
    z.object({
      from_status: orderStatusSchema.nullable(),
      to_status: orderStatusSchema,
      action: z.string().nullable(),
      actor: z.string(),
      reason: z.string().nullable(),
      note: z.string().nullable(),
      detail: z.object({ lines: z.array(z.object({ line_no: z.number(), sku: z.string(), quantity: z.number() })).optional(), refund: z.string().optional() }).nullable(),
      at: iso,
    }),
  ),
})
export type OrderDetail = z.infer<typeof orderSchema>

export const notificationsSchema = z.object({
  unread: z.number(),
  notifications: z.array(
    z.object({
      notification_id: z.number(),
      location_id: z.string(),
      kind: z.enum(['pick', 'transfer_to_ship', 'transfer_received', 'replenishment']),
      reference: z.string(),
      detail: z.record(z.string(), z.unknown()),
      created_at: iso,
      read_at: iso.nullable(),
    }),
  ),
})
export type NotificationRow = z.infer<typeof notificationsSchema>['notifications'][number]

export const balancesSchema = z.object({
  rows: z.array(z.object({ sku: z.string(), location_id: z.string(), on_hand: z.number(), reserved: z.number(), in_transit: z.number(), incoming: z.number(), available: z.number() })),
})
export type BalanceRow = z.infer<typeof balancesSchema>['rows'][number]

export const movementsSchema = z.object({
  movements: z.array(
    z.object({
      movement_id: z.string(),
      sku: z.string(),
      location_id: z.string(),
      kind: z.string(),
      on_hand_delta: z.number(),
      reserved_delta: z.number(),
      in_transit_delta: z.number(),
      incoming_delta: z.number(),
      reference: z.string(),
      actor: z.string(),
      occurred_at: iso,
    }),
  ),
})
export type MovementRow = z.infer<typeof movementsSchema>['movements'][number]

const transferSchema = z.object({
  transfer_id: z.string(),
  from_location_id: z.string(),
  to_location_id: z.string(),
  status: z.enum(['requested', 'shipped', 'received', 'cancelled']),
  reason: z.string(),
  reference: z.string().nullable(),
  requested_at: iso,
  lines: z.array(z.object({ sku: z.string(), quantity: z.number() })),
  allowed_actions: z.array(z.enum(['ship', 'receive', 'cancel'])),
})
export const transfersSchema = z.object({ transfers: z.array(transferSchema) })
export type TransferRow = z.infer<typeof transferSchema>

export const suggestionsSchema = z.object({
  suggestions: z.array(
    z.object({
      suggestion_id: z.string(),
      sku: z.string(),
      location_id: z.string(),
      kind: z.enum(['transfer', 'purchase']),
      from_location_id: z.string().nullable(),
      quantity: z.number(),
      urgent: z.boolean(),
      available: z.number(),
      status: z.enum(['open', 'accepted', 'dismissed']),
      transfer_id: z.string().nullable(),
      created_at: iso,
    }),
  ),
})
export type SuggestionRow = z.infer<typeof suggestionsSchema>['suggestions'][number]

export const channelRowsSchema = z.object({ rows: z.array(z.object({ sku: z.string(), channel: z.string(), pool_available: z.number(), buffer: z.number(), quantity: z.number() })) })
export type ChannelRow = z.infer<typeof channelRowsSchema>['rows'][number]

export const settingsSchema = z.object({
  settings: z.object({ store_radius_km: z.number(), unpaid_expiry_minutes: z.number(), channel_buffers: z.record(z.string(), z.number()) }),
  audit: z.array(z.object({ audit_id: z.number(), subject: z.string(), old_value: z.unknown(), new_value: z.unknown(), actor: z.string(), at: iso })),
})
export type SettingsResponse = z.infer<typeof settingsSchema>

export const rulesSchema = z.object({
  rules: z.array(
    z.object({ sku: z.string(), location_id: z.string(), safety_stock: z.number(), reorder_point: z.number(), target_level: z.number(), available: z.number(), incoming: z.number(), updated_by: z.string(), updated_at: iso }),
  ),
})
export type RuleRow = z.infer<typeof rulesSchema>['rules'][number]

export const fetchOrders = (params: Record<string, string>, o?: RequestOptions) => getJson('/api/v1/orders', params, orderListSchema, o)
export const fetchOrder = (id: string, o?: RequestOptions) => getJson(`/api/v1/orders/${encodeURIComponent(id)}`, {}, orderSchema, o)
export const fetchNotifications = (o?: RequestOptions) => getJson('/api/v1/notifications', { limit: '50' }, notificationsSchema, o)
export const fetchBalances = (params: Record<string, string>, o?: RequestOptions) => getJson('/api/v1/stock', params, balancesSchema, o)
export const fetchMovements = (params: Record<string, string>, o?: RequestOptions) => getJson('/api/v1/stock/movements', params, movementsSchema, o)
export const fetchTransfers = (o?: RequestOptions) => getJson('/api/v1/transfers', { limit: '50' }, transfersSchema, o)
export const fetchSuggestions = (o?: RequestOptions) => getJson('/api/v1/replenishment/suggestions', { status: 'open' }, suggestionsSchema, o)
export const fetchChannelRows = (params: Record<string, string>, o?: RequestOptions) => getJson('/api/v1/stock/channels', params, channelRowsSchema, o)
export const fetchSettings = (o?: RequestOptions) => getJson('/api/v1/settings', {}, settingsSchema, o)
export const fetchRules = (o?: RequestOptions) => getJson('/api/v1/replenishment/rules', {}, rulesSchema, o)
