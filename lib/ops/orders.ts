import { z } from 'zod'
import { appSecret } from '@/lib/auth/secret'
import { config } from '@/lib/config'
import type { Db, Sql } from '@/lib/db'
import {
  channelSchema,
  createEvent,
  isOwnChannel,
  uuidv7,
  type AnyEvent,
  type CancelReason,
  type Channel,
  type OrderLine,
  type OrderStatus,
} from '@/lib/events'
import { fromCents, moneySchema, toCents } from '@/lib/money'
import { customerInputSchema, resolveCustomer } from './customers'
import { DomainError, notFound, outOfStock } from './errors'
import { allowedActions, nextStatus, type OrderAction } from './order-state'
import { appendToOutbox } from '@/lib/eventlog/outbox'
import { routingCandidates, type Site } from './routing'
import { moveStock, moveStockAll, type StockKind } from './stock'

export const placeOrderSchema = z
  .object({
    channel: channelSchema,
    external_id: z.string().trim().min(1).max(64),
    customer: customerInputSchema.optional(),
    /** The selling store for POS orders; online orders are routed. */
    location_id: z.string().trim().min(1).max(64).optional(),
    delivery: z
      .object({
        city: z.string().trim().max(64).optional(),
        lat: z.number().min(-90).max(90),
        lng: z.number().min(-180).max(180),
      })
      .optional(),
    lines: z
      .array(
        z.object({
          sku: z.string().trim().min(1).max(64),
          quantity: z.number().int().min(1).max(10_000),
          /** A marketplace's own price after its discounts; defaults to our list price. */
          unit_price: moneySchema.optional(),
        }),
      )
      .min(1)
      .max(200),
    pay: z.boolean().default(false),
  })
  .superRefine((o, ctx) => {
    const seen = new Set<string>()
    o.lines.forEach((l, i) => {
      if (seen.has(l.sku)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'sku'], message: `duplicate SKU ${l.sku}: put the quantity on one line` })
      seen.add(l.sku)
    })
  })
export type PlaceOrderInput = z.input<typeof placeOrderSchema>

export type Actor = { actor: string; at?: Date }

type OrderRow = {
  order_id: string
  channel: Channel
  external_id: string
  status: OrderStatus
  customer_id: string
  location_id: string
  region: string
  city: string
  cancel_reason: string | null
  total_cents: number
  discount_cents: number
  placed_at: Date
  expires_at: Date | null
  paid_at: Date | null
  shipped_at: Date | null
  completed_at: Date | null
  closed_at: Date | null
}
type LineRow = OrderLine & { order_id: string }

export type OrderView = ReturnType<typeof toView>

function toView(o: OrderRow, lines: LineRow[]) {
  return {
    order_id: o.order_id,
    channel: o.channel,
    external_id: o.external_id,
    status: o.status,
    allowed_actions: allowedActions(o.status),
    cancel_reason: o.cancel_reason,
    customer_id: o.customer_id || null,
    location_id: o.location_id,
    region: o.region,
    city: o.city,
    total: fromCents(o.total_cents),
    discount: fromCents(o.discount_cents),
    placed_at: o.placed_at.toISOString(),
    expires_at: o.expires_at?.toISOString() ?? null,
    paid_at: o.paid_at?.toISOString() ?? null,
    shipped_at: o.shipped_at?.toISOString() ?? null,
    completed_at: o.completed_at?.toISOString() ?? null,
    closed_at: o.closed_at?.toISOString() ?? null,
    lines: lines.map((l) => ({
      line_no: l.line_no,
      sku: l.sku,
      quantity: l.quantity,
      list_price: fromCents(l.list_price_cents),
      unit_price: fromCents(l.unit_price_cents),
      discount: fromCents(l.discount_cents),
      amount: fromCents(l.amount_cents),
    })),
  }
}

export async function getOrder(db: Sql, orderId: string): Promise<OrderView> {
  const [order] = await db.query<OrderRow>('SELECT * FROM orders WHERE order_id = $1', [orderId])
  if (!order) throw notFound('order', orderId)
  return toView(order, await loadLines(db, orderId))
}

function loadLines(tx: Sql, orderId: string) {
  return tx.query<LineRow>('SELECT * FROM order_lines WHERE order_id = $1 ORDER BY line_no', [orderId])
}

/**
 * Takes an order from any channel. Idempotent on (channel, external_id): a repeat returns the
 * first result. Stock is reserved for every line at the routed location atomically; if no
 * location can serve the order, own channels are refused (409 out_of_stock) and marketplace
 * orders — already sold to the buyer — are recorded and cancelled out_of_stock (an oversell).
 */
export async function placeOrder(db: Db, raw: PlaceOrderInput, who: Actor): Promise<{ order: OrderView; created: boolean }> {
  const input = placeOrderSchema.parse(raw)
  const at = who.at ?? new Date()
  const placed = await db.transaction(async (tx) => {
    const orderId = uuidv7(at.getTime())
    // Claim the idempotency key first: a concurrent duplicate waits here, then sees ours.
    const claimed = await tx.query(
      `INSERT INTO orders (order_id, channel, external_id, status, location_id, region, city, total_cents, discount_cents, placed_at)
       VALUES ($1, $2, $3, 'pending_payment', '', '', '', 0, 0, $4)
       ON CONFLICT (channel, external_id) DO NOTHING RETURNING order_id`,
      [orderId, input.channel, input.external_id, at],
    )
    if (claimed.length === 0) return null

    const lines = await priceLines(tx, input.lines)
    const { customerId, events } = await resolveCustomer(tx, appSecret(), input.customer, input.channel, at)
    const sites = await candidateSites(tx, input.location_id, input.delivery)
    let site: PlaceSite | undefined
    const reservations: AnyEvent[] = []
    // One line needs no savepoint: its single conditional update either happens or changes nothing.
    const partial = lines.length > 1
    for (const candidate of sites) {
      if (partial) await tx.query('SAVEPOINT reserve')
      const reserved = await reserveAll(tx, candidate.location_id, lines, orderId, who.actor, input.channel, at)
      if (reserved) {
        site = candidate
        reservations.push(...reserved)
        break
      }
      if (partial) await tx.query('ROLLBACK TO SAVEPOINT reserve')
    }
    if (!site && isOwnChannel(input.channel)) {
      throw outOfStock(`no location can serve every line of order ${input.external_id} (tried ${sites.map((s) => s.location_id).join(', ') || 'none'})`)
    }
    const bookedAt = site ?? sites[0]
    if (!bookedAt) throw new DomainError('no_location', 'no location is configured to serve this order', 409)
    const total = lines.reduce((s, l) => s + l.amount_cents, 0)
    const discount = lines.reduce((s, l) => s + l.discount_cents, 0)
    const expiresAt = new Date(at.getTime() + config().ORDER_PAYMENT_TIMEOUT_MINUTES * 60_000)
    // The order's row, its lines and its first transition in one round trip (the hot path).
    const col = <K extends keyof OrderLine>(k: K) => lines.map((l) => l[k])
    await tx.query(
      `WITH line_rows AS (
         INSERT INTO order_lines (order_id, line_no, sku, category, quantity, list_price_cents, unit_price_cents, discount_cents, amount_cents, unit_cost_cents)
         SELECT $1, * FROM unnest($9::int[], $10::text[], $11::text[], $12::int[], $13::int8[], $14::int8[], $15::int8[], $16::int8[], $17::int8[])
       ), first_transition AS (
         INSERT INTO order_transitions (order_id, from_status, to_status, actor, reason, at) VALUES ($1, NULL, 'pending_payment', $18, NULL, $19)
       )
       UPDATE orders SET customer_id = $2, location_id = $3, region = $4, city = $5, total_cents = $6, discount_cents = $7, expires_at = $8
        WHERE order_id = $1`,
      [
        orderId, customerId, bookedAt.location_id, bookedAt.region, bookedAt.city, total, discount, expiresAt,
        col('line_no'), col('sku'), col('category'), col('quantity'), col('list_price_cents'), col('unit_price_cents'),
        col('discount_cents'), col('amount_cents'), col('unit_cost_cents'), who.actor, at,
      ],
    )
    // The row as the statements above left it: every column is known here.
    const order: OrderRow = {
      order_id: orderId, channel: input.channel, external_id: input.external_id, status: 'pending_payment', customer_id: customerId,
      location_id: bookedAt.location_id, region: bookedAt.region, city: bookedAt.city, cancel_reason: null, total_cents: total,
      discount_cents: discount, placed_at: at, expires_at: expiresAt, paid_at: null, shipped_at: null, completed_at: null, closed_at: null,
    }
    const context = { order_id: orderId, external_id: input.external_id, location_id: order.location_id, region: order.region, city: order.city, customer_id: customerId }
    events.push(createEvent('order.placed', input.channel, { ...context, lines }, { occurredAt: at }), ...reservations)
    await appendToOutbox(tx, events)
    if (!site) {
      await applyAction(tx, orderId, 'cancel', { actor: who.actor, at }, 'out_of_stock')
    } else if (input.pay) {
      await applyAction(tx, orderId, 'pay', { actor: who.actor, at })
    }
    // Untouched since the update above, the order is answered from memory; after an action, re-read.
    return { orderId, view: site && !input.pay ? toView(order, lines.map((l) => ({ ...l, order_id: orderId }))) : null }
  })
  if (placed) return { order: placed.view ?? (await getOrder(db, placed.orderId)), created: true }
  const [existing] = await db.query<{ order_id: string }>('SELECT order_id FROM orders WHERE channel = $1 AND external_id = $2', [input.channel, input.external_id])
  if (!existing) throw new DomainError('conflict', 'the order was claimed by a request that failed; retry', 409)
  return { order: await getOrder(db, existing.order_id), created: false }
}

async function priceLines(tx: Sql, lines: { sku: string; quantity: number; unit_price?: string }[]): Promise<OrderLine[]> {
  const skus = await tx.query<{ sku: string; category: string; list_price_cents: number; avg_cost_cents: number }>(
    'SELECT sku, category, list_price_cents, avg_cost_cents FROM skus WHERE sku = ANY($1::text[])',
    [lines.map((l) => l.sku)],
  )
  return lines.map((l, i) => {
    const sku = skus.find((s) => s.sku === l.sku)
    if (!sku) throw notFound('SKU', l.sku, `lines.${i}.sku`)
    const unit = l.unit_price === undefined ? sku.list_price_cents : toCents(l.unit_price)
    const list = Math.max(sku.list_price_cents, unit)
    return {
      line_no: i + 1,
      sku: l.sku,
      category: sku.category,
      quantity: l.quantity,
      list_price_cents: list,
      unit_price_cents: unit,
      discount_cents: (list - unit) * l.quantity,
      amount_cents: unit * l.quantity,
      unit_cost_cents: sku.avg_cost_cents,
    }
  })
}

/** A location an order can be placed at, with the region and city the order is booked under. */
type PlaceSite = Site & { region: string; city: string }

async function candidateSites(tx: Sql, locationId: string | undefined, delivery: { lat: number; lng: number } | undefined): Promise<PlaceSite[]> {
  const sites = await tx.query<PlaceSite>('SELECT location_id, kind, lat, lng, region, city FROM locations ORDER BY location_id')
  if (locationId) {
    const site = sites.find((s) => s.location_id === locationId)
    if (!site) throw notFound('location', locationId, 'location_id')
    return [site]
  }
  return routingCandidates(sites, delivery)
}

/** Reserves every line at one location, rows locked in (sku) order; null if any line is short. */
function reserveAll(tx: Sql, locationId: string, lines: OrderLine[], orderId: string, actor: string, channel: Channel, at: Date) {
  return moveStockAll(
    tx,
    [...lines]
      .sort((a, b) => a.sku.localeCompare(b.sku))
      .map((l) => ({
        movement: { sku: l.sku, location_id: locationId, kind: 'reservation' as const, deltas: { reserved: l.quantity }, unit_cost_cents: l.unit_cost_cents, reference: orderId, actor, channel, at },
        requireAvailable: l.quantity,
      })),
  )
}

async function orderContext(tx: Sql, orderId: string) {
  const [o] = await tx.query<OrderRow>('SELECT * FROM orders WHERE order_id = $1', [orderId])
  if (!o) throw notFound('order', orderId)
  return { order_id: o.order_id, external_id: o.external_id, location_id: o.location_id, region: o.region, city: o.city, customer_id: o.customer_id }
}

async function recordTransition(tx: Sql, orderId: string, from: OrderStatus | null, to: OrderStatus, actor: string, reason: string | null, at: Date) {
  await tx.query('INSERT INTO order_transitions (order_id, from_status, to_status, actor, reason, at) VALUES ($1, $2, $3, $4, $5, $6)', [orderId, from, to, actor, reason, at])
}

/** Stock effect of each action on a line reserved at the order's location. */
const STOCK_EFFECT: Partial<Record<OrderAction, (q: number) => { kind: StockKind; deltas: { on_hand?: number; reserved?: number } }>> = {
  ship: (q) => ({ kind: 'sale', deltas: { on_hand: -q, reserved: -q } }),
  cancel: (q) => ({ kind: 'release', deltas: { reserved: -q } }),
  refund: (q) => ({ kind: 'return', deltas: { on_hand: q } }),
}

/** One state-machine step with its events and stock movements, inside the caller's transaction. */
async function applyAction(tx: Sql, orderId: string, action: OrderAction, who: Required<Actor>, reason?: CancelReason) {
  const [order] = await tx.query<OrderRow>('SELECT * FROM orders WHERE order_id = $1 FOR UPDATE', [orderId])
  if (!order) throw notFound('order', orderId)
  const to = nextStatus(order.status, action)
  const lines = await loadLines(tx, orderId)
  const context = await orderContext(tx, orderId)
  const events: AnyEvent[] = []
  const stamp: Record<string, string> = { pay: 'paid_at', ship: 'shipped_at', complete: 'completed_at', cancel: 'closed_at', refund: 'closed_at' }
  await tx.query(`UPDATE orders SET status = $2, ${stamp[action]} = $3, cancel_reason = COALESCE($4, cancel_reason) WHERE order_id = $1`, [
    orderId,
    to,
    who.at,
    action === 'cancel' ? (reason ?? 'customer_request') : null,
  ])
  await recordTransition(tx, orderId, order.status, to, who.actor, reason ?? null, who.at)

  // An out-of-stock cancellation never reserved anything; a refund after delivery restocks.
  const effect = STOCK_EFFECT[action]
  if (effect && !(action === 'cancel' && reason === 'out_of_stock')) {
    for (const l of [...lines].sort((a, b) => a.sku.localeCompare(b.sku))) {
      const { kind, deltas } = effect(l.quantity)
      const moved = await moveStock(tx, { sku: l.sku, location_id: order.location_id, kind, deltas, unit_cost_cents: l.unit_cost_cents, reference: orderId, actor: who.actor, channel: order.channel, at: who.at })
      if (!moved) throw new DomainError('conflict', `stock row for ${l.sku}@${order.location_id} is missing`, 409)
      events.push(moved)
    }
  }
  const lineData = lines.map(({ order_id: _, ...l }) => l)
  const opts = { occurredAt: who.at }
  if (action === 'pay') events.push(createEvent('order.paid', order.channel, { ...context, lines: lineData }, opts))
  if (action === 'ship') events.push(createEvent('order.shipped', order.channel, { ...context, actor: who.actor }, opts))
  if (action === 'complete') events.push(createEvent('order.completed', order.channel, { ...context, actor: who.actor }, opts))
  // Money paid comes back on a refund, and on cancelling an order already paid.
  if (action === 'refund' || (action === 'cancel' && order.paid_at)) {
    events.push(createEvent('order.refunded', order.channel, { ...context, lines: lineData, actor: who.actor }, opts))
  }
  if (action === 'cancel') {
    events.push(createEvent('order.cancelled', order.channel, { ...context, reason: reason ?? 'customer_request', actor: who.actor }, opts))
  }
  await appendToOutbox(tx, events)
}

export const orderActionSchema = z.object({
  action: z.enum(['pay', 'ship', 'complete', 'cancel', 'refund']),
  reason: z.enum(['customer_request', 'merchant', 'fraud']).optional(),
})

export async function actOnOrder(db: Db, orderId: string, action: OrderAction, who: Actor, reason?: CancelReason): Promise<OrderView> {
  await db.transaction((tx) => applyAction(tx, orderId, action, { actor: who.actor, at: who.at ?? new Date() }, reason))
  return getOrder(db, orderId)
}

/** Cancels unpaid orders past their payment deadline, releasing their reservations. */
export async function expireUnpaidOrders(db: Db, now = new Date(), limit = 500): Promise<number> {
  const due = await db.query<{ order_id: string }>(
    `SELECT order_id FROM orders WHERE status = 'pending_payment' AND expires_at < $1 ORDER BY expires_at LIMIT $2`,
    [now, limit],
  )
  let expired = 0
  for (const { order_id } of due) {
    try {
      await db.transaction((tx) => applyAction(tx, order_id, 'cancel', { actor: 'system:expiry', at: now }, 'payment_timeout'))
      expired++
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'illegal_transition')) throw e // paid meanwhile
    }
  }
  return expired
}
