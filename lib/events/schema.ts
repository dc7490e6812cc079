import { z } from 'zod'
import { channelSchema } from './channels'

/**
 * The event contracts. One envelope, three families (orders, stock, customers); each type is
 * versioned by `schema_version`. Money is in integer cents (分) so sums are exact.
 * docs/events.md documents every type with an example.
 */

const cents = z.number().int().safe()
const id = z.string().min(1).max(128)
const isoUtc = z.string().datetime({ offset: true })

export const orderLineSchema = z.object({
  line_no: z.number().int().min(1).max(10_000),
  sku: id,
  category: z.string().min(1).max(128),
  quantity: z.number().int().min(1).max(1_000_000),
  list_price_cents: cents.nonnegative(),
  unit_price_cents: cents.nonnegative(),
  discount_cents: cents.nonnegative(),
  amount_cents: cents.nonnegative(),
  unit_cost_cents: cents.nonnegative(),
})
export type OrderLine = z.infer<typeof orderLineSchema>

/** Where an order is booked for analytics: the store or warehouse that serves it. */
const orderContext = {
  order_id: id,
  external_id: id,
  location_id: id,
  region: z.string().max(64),
  city: z.string().max(64),
  customer_id: z.string().max(128),
  /** The campaign coupon the order used, if any (lib/customers/campaigns.ts). */
  coupon_code: z.string().max(64).optional(),
}

export const orderStatusSchema = z.enum([
  'pending_payment',
  'pending_shipment',
  'shipped',
  'completed',
  'cancelled',
  'refunded',
])
export type OrderStatus = z.infer<typeof orderStatusSchema>

export const cancelReasonSchema = z.enum([
  'out_of_stock',
  'payment_timeout',
  'customer_request',
  'merchant',
  'fraud',
])
export type CancelReason = z.infer<typeof cancelReasonSchema>

const actor = z.string().min(1).max(128)

export const eventDataSchemas = {
  'order.placed': z.object({ ...orderContext, lines: z.array(orderLineSchema).min(1).max(500) }),
  'order.paid': z.object({ ...orderContext, lines: z.array(orderLineSchema).min(1).max(500) }),
  'order.shipped': z.object({ ...orderContext, actor }),
  'order.completed': z.object({ ...orderContext, actor }),
  'order.cancelled': z.object({ ...orderContext, reason: cancelReasonSchema, actor }),
  'order.refunded': z.object({ ...orderContext, lines: z.array(orderLineSchema).min(1).max(500), actor }),
  'stock.moved': z.object({
    movement_id: id,
    sku: id,
    location_id: id,
    kind: z.enum(['receipt', 'reservation', 'release', 'sale', 'return', 'adjustment', 'transfer_out', 'transfer_in']),
    on_hand_delta: z.number().int().safe(),
    reserved_delta: z.number().int().safe(),
    in_transit_delta: z.number().int().safe(),
    incoming_delta: z.number().int().safe(),
    /** Receipts: the purchase cost; order movements: the line's cost at sale. */
    unit_cost_cents: cents.nonnegative(),
    /** The SKU's moving-average unit cost after the movement (re-weighted by a receipt): values stock at cost. */
    avg_unit_cost_cents: cents.nonnegative(),
    /** The SKU's category and the location's region and city, so stock drills down like sales. */
    category: z.string().min(1).max(128),
    region: z.string().max(64),
    city: z.string().max(64),
    /** Balances after the movement, so consumers never need to replay the ledger. */
    on_hand: z.number().int().safe(),
    reserved: z.number().int().safe(),
    in_transit: z.number().int().safe(),
    incoming: z.number().int().safe(),
    reference: z.string().max(128),
  }),
  /** What one channel may sell of a SKU (pool available less the channel's buffer), published when it changes. */
  'stock.channel_availability': z.object({
    sku: id,
    quantity: z.number().int().nonnegative().safe(),
    pool_available: z.number().int().nonnegative().safe(),
    buffer: z.number().int().nonnegative().safe(),
  }),
  'customer.upserted': z.object({
    customer_id: id,
    region: z.string().max(64),
    city: z.string().max(64),
    member_tier: z.string().max(32),
    /** Identity keys are salted hashes: personal data never enters the event log in clear. */
    identity_keys: z.array(z.string().max(128)).max(50),
  }),
  // Customer 360 (lib/customers/merge.ts): merges and their undo carry the whole mapping of
  // the groups they changed (every record → its survivor), versioned, so ClickHouse's
  // customer_merge_map can follow without replaying history.
  'customer.merged': z.object({
    /** The survivor: the merged customer's id (its oldest record). */
    customer_id: id,
    merge_id: z.number().int().positive(),
    reason: z.enum(['shared_identity', 'manual']),
    /** The identifier kind that joined the records (shared_identity), never its value. */
    identity_kind: z.string().max(32),
    mapping: z.array(z.object({ customer_id: id, merged_id: id })).min(1).max(10_000),
    version: z.number().int().positive(),
  }),
  'customer.unmerged': z.object({
    customer_id: id,
    merge_id: z.number().int().positive(),
    actor,
    mapping: z.array(z.object({ customer_id: id, merged_id: id })).min(1).max(10_000),
    version: z.number().int().positive(),
  }),
  // Campaigns (lib/customers/campaigns.ts): one event per batch of coupons issued, so every
  // channel learns whose coupons to honour.
  'coupon.issued': z.object({
    campaign_id: id,
    amount_cents: cents.positive(),
    threshold_cents: cents.nonnegative(),
    valid_from: isoUtc,
    valid_to: isoUtc,
    channels: z.array(channelSchema).min(1),
    coupons: z.array(z.object({ coupon_code: id, customer_id: id })).min(1).max(1_000),
  }),
} as const

export type EventType = keyof typeof eventDataSchemas
export const EVENT_TYPES = Object.keys(eventDataSchemas) as [EventType, ...EventType[]]
export type EventData<T extends EventType> = z.infer<(typeof eventDataSchemas)[T]>

/** Current version of every event type; bump when a change is not backward compatible. */
export const SCHEMA_VERSION = 1

export const envelopeSchema = z.object({
  event_id: z.string().uuid(),
  type: z.enum(EVENT_TYPES),
  schema_version: z.literal(SCHEMA_VERSION),
  occurred_at: isoUtc,
  source: z.enum(['ops', 'import', 'external']),
  channel: channelSchema,
  data: z.unknown(),
})

export type Envelope<T extends EventType = EventType> = Omit<z.infer<typeof envelopeSchema>, 'type' | 'data'> & {
  type: T
  data: EventData<T>
}

export type AnyEvent = { [T in EventType]: Envelope<T> }[EventType]

/** The family an event belongs to decides its Kafka topic and partition key. */
export function familyOf(type: EventType): 'orders' | 'stock' | 'customers' {
  return type.startsWith('order.') ? 'orders' : type.startsWith('stock.') ? 'stock' : 'customers'
}

export function partitionKey(event: AnyEvent): string {
  switch (familyOf(event.type)) {
    case 'orders':
      return (event.data as { order_id: string }).order_id
    case 'stock': {
      if (event.type === 'stock.channel_availability') return `${event.data.sku}@channel:${event.channel}`
      const d = event.data as EventData<'stock.moved'>
      return `${d.sku}@${d.location_id}`
    }
    default:
      // A coupon batch spans customers: keyed by its campaign.
      return event.type === 'coupon.issued' ? event.data.campaign_id : (event.data as { customer_id: string }).customer_id
  }
}
