import { z } from 'zod'
import type { OrderListScope } from '@/lib/auth/scope'
import { appSecret } from '@/lib/auth/secret'
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
import { actionsFor, applyDecision, decide, type Command, type Decision, type LineQuantity, type OrderAction, type OrderState, type ReturnedLine } from './order-state'
import { appendToOutbox } from '@/lib/eventlog/outbox'
import { notify } from './notifications'
import { routingCandidates, type Site } from './routing'
import { getSettings } from './settings'
import { moveStock, moveStockAll, type StockKind } from './stock'
import { actOnTransferTx, requestTransferTx } from './transfers'

export const placeOrderSchema = z
  .object({
    channel: channelSchema,
    external_id: z.string().trim().min(1).max(64),
    customer: customerInputSchema.optional(),
    /** The selling store for POS orders, the pickup store for pickup orders; other orders are routed. */
    location_id: z.string().trim().min(1).max(64).optional(),
    /** `pickup`: the customer collects at `location_id`; if it lacks stock a transfer brings it there. */
    fulfilment: z.enum(['delivery', 'pickup']).default('delivery'),
    coupon_code: z.string().trim().min(1).max(64).optional(),
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
          /** A further discount on the whole line (coupon, marketplace voucher), at most the line's amount. */
          discount: moneySchema.optional(),
        }),
      )
      .min(1)
      .max(200),
    pay: z.boolean().default(false),
  })
  .superRefine((o, ctx) => {
    if (o.fulfilment === 'pickup' && !o.location_id) ctx.addIssue({ code: 'custom', path: ['location_id'], message: 'a pickup order names its pickup store' })
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
  refunded_cents: number
  fulfilment: 'delivery' | 'pickup'
  delivery_lat: number | null
  delivery_lng: number | null
  coupon_code: string | null
  awaiting_transfer_id: string | null
  placed_at: Date
  expires_at: Date | null
  paid_at: Date | null
  shipped_at: Date | null
  completed_at: Date | null
  closed_at: Date | null
}
type LineRow = OrderLine & {
  order_id: string
  shipped_quantity: number
  returned_quantity: number
  refunded_cents: number
  refunded_discount_cents: number
}
type TransitionRow = {
  id: number
  from_status: OrderStatus | null
  to_status: OrderStatus
  action: string | null
  actor: string
  reason: string | null
  note: string | null
  detail: unknown
  at: Date
}

export type OrderView = ReturnType<typeof toView>

function stateOf(o: OrderRow, lines: LineRow[]): OrderState {
  return {
    status: o.status,
    paid: o.paid_at !== null,
    lines: lines.map((l) => ({
      line_no: l.line_no,
      quantity: l.quantity,
      amount_cents: l.amount_cents,
      discount_cents: l.discount_cents,
      shipped: l.shipped_quantity,
      returned: l.returned_quantity,
      refunded_cents: l.refunded_cents,
      refunded_discount_cents: l.refunded_discount_cents,
    })),
  }
}

function toView(o: OrderRow, lines: LineRow[], timeline: TransitionRow[] = []) {
  // A pickup order waiting for its transfer cannot be handed over yet.
  const allowed = actionsFor(stateOf(o, lines)).filter((a) => !(a === 'ship' && o.awaiting_transfer_id))
  return {
    order_id: o.order_id,
    channel: o.channel,
    external_id: o.external_id,
    status: o.status,
    allowed_actions: allowed,
    cancel_reason: o.cancel_reason,
    customer_id: o.customer_id || null,
    location_id: o.location_id,
    region: o.region,
    city: o.city,
    fulfilment: o.fulfilment,
    delivery: o.delivery_lat === null || o.delivery_lng === null ? null : { lat: o.delivery_lat, lng: o.delivery_lng },
    coupon_code: o.coupon_code,
    awaiting_transfer_id: o.awaiting_transfer_id,
    total: fromCents(o.total_cents),
    discount: fromCents(o.discount_cents),
    refunded: fromCents(o.refunded_cents),
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
      shipped_quantity: l.shipped_quantity,
      returned_quantity: l.returned_quantity,
      refunded: fromCents(l.refunded_cents),
    })),
    timeline: timeline.map((t) => ({
      from_status: t.from_status,
      to_status: t.to_status,
      action: t.action,
      actor: t.actor,
      reason: t.reason,
      note: t.note,
      detail: t.detail ?? null,
      at: t.at.toISOString(),
    })),
  }
}

export async function getOrder(db: Sql, orderId: string): Promise<OrderView> {
  const [order] = await db.query<OrderRow>('SELECT * FROM orders WHERE order_id = $1', [orderId])
  if (!order) throw notFound('order', orderId)
  const timeline = await db.query<TransitionRow>('SELECT * FROM order_transitions WHERE order_id = $1 ORDER BY id', [orderId])
  return toView(order, await loadLines(db, orderId), timeline)
}

function loadLines(tx: Sql, orderId: string) {
  return tx.query<LineRow>('SELECT * FROM order_lines WHERE order_id = $1 ORDER BY line_no', [orderId])
}

/** What an order line event carries: the line as sold, without fulfilment bookkeeping. */
function eventLine(l: LineRow): OrderLine {
  return {
    line_no: l.line_no,
    sku: l.sku,
    category: l.category,
    quantity: l.quantity,
    list_price_cents: l.list_price_cents,
    unit_price_cents: l.unit_price_cents,
    discount_cents: l.discount_cents,
    amount_cents: l.amount_cents,
    unit_cost_cents: l.unit_cost_cents,
  }
}

/**
 * Takes an order from any channel. Idempotent on (channel, external_id): a repeat returns the
 * first result. Stock is reserved for every line at the routed location atomically; if no
 * location can serve the order, own channels are refused (409 out_of_stock) and marketplace
 * orders — already sold to the buyer — are recorded and cancelled out_of_stock (an oversell).
 * A pickup order whose store lacks stock is booked at the store and a transfer from the
 * nearest location that has it all brings the goods (reserved there as in_transit).
 */
export async function placeOrder(db: Db, raw: PlaceOrderInput, who: Actor): Promise<{ order: OrderView; created: boolean }> {
  const input = placeOrderSchema.parse(raw)
  const at = who.at ?? new Date()
  const settings = await getSettings(db)
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
    const sites = await candidateSites(tx, input.location_id, input.delivery, settings.store_radius_km)
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
    let awaitingTransfer: string | null = null
    if (!site && input.fulfilment === 'pickup' && sites[0]) {
      const brought = await transferForPickup(tx, sites[0], lines, orderId, { actor: who.actor, at }, settings.store_radius_km)
      if (brought) {
        site = sites[0]
        awaitingTransfer = brought.transfer_id
        reservations.push(...brought.events)
      }
    }
    if (!site && isOwnChannel(input.channel)) {
      throw outOfStock(`no location can serve every line of order ${input.external_id} (tried ${sites.map((s) => s.location_id).join(', ') || 'none'})`)
    }
    const bookedAt = site ?? sites[0]
    if (!bookedAt) throw new DomainError('no_location', 'no location is configured to serve this order', 409)
    const total = lines.reduce((s, l) => s + l.amount_cents, 0)
    const discount = lines.reduce((s, l) => s + l.discount_cents, 0)
    const expiresAt = new Date(at.getTime() + settings.unpaid_expiry_minutes * 60_000)
    const note = awaitingTransfer ? `awaiting transfer ${awaitingTransfer}` : null
    // The order's row, its lines and its first transition in one round trip (the hot path).
    const col = <K extends keyof OrderLine>(k: K) => lines.map((l) => l[k])
    await tx.query(
      `WITH line_rows AS (
         INSERT INTO order_lines (order_id, line_no, sku, category, quantity, list_price_cents, unit_price_cents, discount_cents, amount_cents, unit_cost_cents)
         SELECT $1, * FROM unnest($9::int[], $10::text[], $11::text[], $12::int[], $13::int8[], $14::int8[], $15::int8[], $16::int8[], $17::int8[])
       ), first_transition AS (
         INSERT INTO order_transitions (order_id, from_status, to_status, action, actor, reason, note, at) VALUES ($1, NULL, 'pending_payment', 'place', $18, NULL, $20, $19)
       )
       UPDATE orders SET customer_id = $2, location_id = $3, region = $4, city = $5, total_cents = $6, discount_cents = $7, expires_at = $8,
              fulfilment = $21, delivery_lat = $22, delivery_lng = $23, coupon_code = $24, awaiting_transfer_id = $25
        WHERE order_id = $1`,
      [
        orderId, customerId, bookedAt.location_id, bookedAt.region, bookedAt.city, total, discount, expiresAt,
        col('line_no'), col('sku'), col('category'), col('quantity'), col('list_price_cents'), col('unit_price_cents'),
        col('discount_cents'), col('amount_cents'), col('unit_cost_cents'), who.actor, at, note,
        input.fulfilment, input.delivery?.lat ?? null, input.delivery?.lng ?? null, input.coupon_code ?? null, awaitingTransfer,
      ],
    )
    // The row as the statements above left it: every column is known here.
    const order: OrderRow = {
      order_id: orderId, channel: input.channel, external_id: input.external_id, status: 'pending_payment', customer_id: customerId,
      location_id: bookedAt.location_id, region: bookedAt.region, city: bookedAt.city, cancel_reason: null, total_cents: total,
      discount_cents: discount, refunded_cents: 0, fulfilment: input.fulfilment, delivery_lat: input.delivery?.lat ?? null,
      delivery_lng: input.delivery?.lng ?? null, coupon_code: input.coupon_code ?? null, awaiting_transfer_id: awaitingTransfer,
      placed_at: at, expires_at: expiresAt, paid_at: null, shipped_at: null, completed_at: null, closed_at: null,
    }
    const placedLines = lines.map((l) => ({ ...l, order_id: orderId, shipped_quantity: 0, returned_quantity: 0, refunded_cents: 0, refunded_discount_cents: 0 }))
    const firstTransition: TransitionRow = { id: 0, from_status: null, to_status: 'pending_payment', action: 'place', actor: who.actor, reason: null, note, detail: null, at }
    const context = contextOf(order)
    events.push(createEvent('order.placed', input.channel, { ...context, lines }, { occurredAt: at }), ...reservations)
    await appendToOutbox(tx, events)
    if (!site) {
      await applyAction(tx, orderId, { action: 'cancel' }, { actor: who.actor, at }, { reason: 'out_of_stock' })
    } else if (input.pay) {
      await applyAction(tx, orderId, { action: 'pay' }, { actor: who.actor, at })
    }
    // Untouched since the update above, the order is answered from memory; after an action, re-read.
    return { orderId, view: site && !input.pay ? toView(order, placedLines, [firstTransition]) : null }
  })
  if (placed) return { order: placed.view ?? (await getOrder(db, placed.orderId)), created: true }
  const [existing] = await db.query<{ order_id: string }>('SELECT order_id FROM orders WHERE channel = $1 AND external_id = $2', [input.channel, input.external_id])
  if (!existing) throw new DomainError('conflict', 'the order was claimed by a request that failed; retry', 409)
  return { order: await getOrder(db, existing.order_id), created: false }
}

async function priceLines(tx: Sql, lines: { sku: string; quantity: number; unit_price?: string; discount?: string }[]): Promise<OrderLine[]> {
  const skus = await tx.query<{ sku: string; category: string; list_price_cents: number; avg_cost_cents: number }>(
    'SELECT sku, category, list_price_cents, avg_cost_cents FROM skus WHERE sku = ANY($1::text[])',
    [lines.map((l) => l.sku)],
  )
  return lines.map((l, i) => {
    const sku = skus.find((s) => s.sku === l.sku)
    if (!sku) throw notFound('SKU', l.sku, `lines.${i}.sku`)
    const unit = l.unit_price === undefined ? sku.list_price_cents : toCents(l.unit_price)
    const list = Math.max(sku.list_price_cents, unit)
    const lineDiscount = l.discount === undefined ? 0 : toCents(l.discount)
    if (lineDiscount > unit * l.quantity) throw new DomainError('invalid_discount', `line ${i + 1}: discount exceeds the line amount`, 400, `lines.${i}.discount`)
    return {
      line_no: i + 1,
      sku: l.sku,
      category: sku.category,
      quantity: l.quantity,
      list_price_cents: list,
      unit_price_cents: unit,
      discount_cents: (list - unit) * l.quantity + lineDiscount,
      amount_cents: unit * l.quantity - lineDiscount,
      unit_cost_cents: sku.avg_cost_cents,
    }
  })
}

/** A location an order can be placed at, with the region and city the order is booked under. */
type PlaceSite = Site & { region: string; city: string }

async function candidateSites(tx: Sql, locationId: string | undefined, delivery: { lat: number; lng: number } | undefined, radiusKm: number): Promise<PlaceSite[]> {
  const sites = await tx.query<PlaceSite>('SELECT location_id, kind, lat, lng, region, city FROM locations ORDER BY location_id')
  if (locationId) {
    const site = sites.find((s) => s.location_id === locationId)
    if (!site) throw notFound('location', locationId, 'location_id')
    return [site]
  }
  return routingCandidates(sites, delivery, radiusKm)
}

/** A transfer to the pickup store from the nearest location (stores in the radius, then warehouses) that can supply every line. */
async function transferForPickup(tx: Sql, store: Site, lines: OrderLine[], orderId: string, who: { actor: string; at: Date }, radiusKm: number) {
  const sites = await tx.query<Site>('SELECT location_id, kind, lat, lng FROM locations WHERE location_id <> $1 ORDER BY location_id', [store.location_id])
  for (const source of routingCandidates(sites, store, radiusKm)) {
    await tx.query('SAVEPOINT pickup_transfer')
    try {
      const request = { from_location_id: source.location_id, to_location_id: store.location_id, lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), note: `pickup order ${orderId}` }
      return await requestTransferTx(tx, request, who, 'pickup', orderId)
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'out_of_stock')) throw e
      await tx.query('ROLLBACK TO SAVEPOINT pickup_transfer')
    }
  }
  return null
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
  return contextOf(o)
}

/** What every order event carries about its order. */
function contextOf(o: OrderRow) {
  return {
    order_id: o.order_id, external_id: o.external_id, location_id: o.location_id, region: o.region, city: o.city, customer_id: o.customer_id,
    ...(o.coupon_code ? { coupon_code: o.coupon_code } : {}),
  }
}

type Transition = { from: OrderStatus | null; to: OrderStatus; action: OrderAction | 'place' | 'reserve'; actor: string; reason: string | null; note: string | null; detail: unknown; at: Date }

async function recordTransition(tx: Sql, orderId: string, t: Transition) {
  await tx.query(
    'INSERT INTO order_transitions (order_id, from_status, to_status, action, actor, reason, note, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
    [orderId, t.from, t.to, t.action, t.actor, t.reason, t.note, t.detail === null ? null : JSON.stringify(t.detail), t.at],
  )
}

type ActionOptions = { reason?: CancelReason; note?: string }

/** One state-machine step with its events, stock movements and notifications, inside the caller's transaction. */
async function applyAction(tx: Sql, orderId: string, command: Command, who: Required<Actor>, opts: ActionOptions = {}) {
  const [order] = await tx.query<OrderRow>('SELECT * FROM orders WHERE order_id = $1 FOR UPDATE', [orderId])
  if (!order) throw notFound('order', orderId)
  const lines = await loadLines(tx, orderId)
  const before = stateOf(order, lines)
  const decision = decide(before, command)
  if (decision.action === 'ship' && order.awaiting_transfer_id) {
    throw new DomainError('awaiting_transfer', `order ${order.external_id} waits for transfer ${order.awaiting_transfer_id} to reach ${order.location_id}`, 409, 'status')
  }
  const after = applyDecision(before, decision)
  const context = await orderContext(tx, orderId)
  const events: AnyEvent[] = []
  const opts2 = { occurredAt: who.at }
  const line = (n: number) => lines.find((l) => l.line_no === n)!
  const reason = decision.action === 'cancel' ? (opts.reason ?? 'customer_request') : null

  const stamp = { pay: 'paid_at', ship: 'shipped_at', complete: 'completed_at', cancel: 'closed_at', return: 'closed_at', refund: 'closed_at' }[decision.action]
  const statusChanged = decision.to !== order.status
  const refunded = after.lines.reduce((s, l) => s + l.refunded_cents, 0)
  await tx.query(
    `UPDATE orders SET status = $2, ${stamp} = CASE WHEN $5 THEN $3::timestamptz ELSE ${stamp} END, cancel_reason = COALESCE($4, cancel_reason), refunded_cents = $6
      WHERE order_id = $1`,
    [orderId, decision.to, who.at, reason, statusChanged, refunded],
  )
  for (const l of after.lines) {
    const was = before.lines.find((x) => x.line_no === l.line_no)!
    if (was.shipped === l.shipped && was.returned === l.returned && was.refunded_cents === l.refunded_cents) continue
    await tx.query(
      `UPDATE order_lines SET shipped_quantity = $3, returned_quantity = $4, refunded_cents = $5, refunded_discount_cents = $6 WHERE order_id = $1 AND line_no = $2`,
      [orderId, l.line_no, l.shipped, l.returned, l.refunded_cents, l.refunded_discount_cents],
    )
  }

  // Stock: a shipment consumes its reservation, a cancellation releases it (an out-of-stock
  // order never reserved; a pickup order still waiting for its transfer reserved nothing at
  // the store — its transfer is called off instead), a return puts units back on hand.
  const movements = stockMovements(decision, opts.reason, order.awaiting_transfer_id !== null)
  for (const m of movements.sort((a, b) => line(a.line_no).sku.localeCompare(line(b.line_no).sku))) {
    const l = line(m.line_no)
    const moved = await moveStock(tx, { sku: l.sku, location_id: order.location_id, kind: m.kind, deltas: m.deltas, unit_cost_cents: l.unit_cost_cents, reference: orderId, actor: who.actor, channel: order.channel, at: who.at })
    if (!moved) throw new DomainError('conflict', `stock row for ${l.sku}@${order.location_id} is missing`, 409)
    events.push(moved)
  }
  if (decision.action === 'cancel' && order.awaiting_transfer_id) {
    const [transfer] = await tx.query<{ status: string }>('SELECT status FROM transfers WHERE transfer_id = $1', [order.awaiting_transfer_id])
    if (transfer?.status === 'requested') events.push(...(await actOnTransferTx(tx, order.awaiting_transfer_id, 'cancel', who)))
    await tx.query('UPDATE orders SET awaiting_transfer_id = NULL WHERE order_id = $1', [orderId])
  }

  if (decision.action === 'pay') {
    events.push(createEvent('order.paid', order.channel, { ...context, lines: lines.map(eventLine) }, opts2))
    await notify(tx, { location_id: order.location_id, kind: 'pick', reference: orderId, detail: { external_id: order.external_id, channel: order.channel, fulfilment: order.fulfilment, awaiting_transfer_id: order.awaiting_transfer_id }, at: who.at })
  }
  // order.shipped marks the whole order leaving (processing time ends there), not each parcel.
  if (decision.action === 'ship' && statusChanged) events.push(createEvent('order.shipped', order.channel, { ...context, actor: who.actor }, opts2))
  if (decision.action === 'complete') events.push(createEvent('order.completed', order.channel, { ...context, actor: who.actor }, opts2))
  // Money comes back for what is returned, and on cancelling an order already paid: the
  // refund lines carry the returned quantity and its share of amount and discount, so
  // analytics subtract exactly what was given back.
  const back = decision.action === 'cancel' ? decision.refund : decision.action === 'return' || decision.action === 'refund' ? decision.returns : []
  if (back.length > 0) events.push(createEvent('order.refunded', order.channel, { ...context, lines: back.map((r) => refundLine(line(r.line_no), r)), actor: who.actor }, opts2))
  if (decision.action === 'cancel') events.push(createEvent('order.cancelled', order.channel, { ...context, reason: reason as CancelReason, actor: who.actor }, opts2))
  await appendToOutbox(tx, events)

  await recordTransition(tx, orderId, {
    from: order.status,
    to: decision.to,
    action: decision.action,
    actor: who.actor,
    reason,
    note: opts.note ?? null,
    detail: transitionDetail(decision, lines),
    at: who.at,
  })
}

function stockMovements(d: Decision, reason: CancelReason | undefined, awaitingTransfer: boolean) {
  if (d.action === 'ship') return d.ship.map((s) => ({ line_no: s.line_no, kind: 'sale' as const, deltas: { on_hand: -s.quantity, reserved: -s.quantity } }))
  if (d.action === 'cancel' && reason !== 'out_of_stock' && !awaitingTransfer) {
    return d.release.map((s) => ({ line_no: s.line_no, kind: 'release' as const, deltas: { reserved: -s.quantity } }))
  }
  if (d.action === 'return' || d.action === 'refund') return d.returns.map((s) => ({ line_no: s.line_no, kind: 'return' as const, deltas: { on_hand: s.quantity } }))
  return []
}

function refundLine(l: LineRow, r: ReturnedLine): OrderLine {
  return { ...eventLine(l), quantity: r.quantity, discount_cents: r.discount_cents, amount_cents: r.amount_cents }
}

/** What the timeline shows an action moved: lines shipped or returned, and money refunded. */
function transitionDetail(d: Decision, lines: LineRow[]) {
  const sku = (n: number) => lines.find((l) => l.line_no === n)!.sku
  const withSku = (q: LineQuantity[]) => q.map((x) => ({ line_no: x.line_no, sku: sku(x.line_no), quantity: x.quantity }))
  if (d.action === 'ship') return { lines: withSku(d.ship) }
  const back = d.action === 'cancel' ? d.refund : d.action === 'return' || d.action === 'refund' ? d.returns : []
  if (back.length === 0) return null
  return { lines: withSku(back), refund: fromCents(back.reduce((s, r) => s + r.amount_cents, 0)) }
}

const lineQuantitySchema = z.object({ line_no: z.number().int().min(1), quantity: z.number().int().min(1).max(1_000_000) })
export const orderActionSchema = z.object({
  action: z.enum(['pay', 'ship', 'complete', 'cancel', 'return', 'refund']),
  reason: z.enum(['customer_request', 'merchant', 'fraud']).optional(),
  /** ship: the lines and quantities of this parcel (default: everything left); return: what comes back (required). */
  lines: z.array(lineQuantitySchema).min(1).max(200).optional(),
  note: z.string().trim().max(500).optional(),
}).superRefine((a, ctx) => {
  if (a.action === 'return' && !a.lines) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'a return names the lines and quantities that come back' })
  if (a.lines && a.action !== 'ship' && a.action !== 'return') ctx.addIssue({ code: 'custom', path: ['lines'], message: `lines apply to ship and return, not ${a.action}` })
})
export type OrderActionInput = z.infer<typeof orderActionSchema>

function commandOf(action: OrderAction, lines?: LineQuantity[]): Command {
  if (action === 'ship' || action === 'return') return { action, lines }
  return { action }
}

export async function actOnOrder(
  db: Db,
  orderId: string,
  action: OrderAction,
  who: Actor,
  reason?: CancelReason,
  more: { lines?: LineQuantity[]; note?: string } = {},
): Promise<OrderView> {
  await db.transaction((tx) => applyAction(tx, orderId, commandOf(action, more.lines), { actor: who.actor, at: who.at ?? new Date() }, { reason, note: more.note }))
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
      await db.transaction((tx) => applyAction(tx, order_id, { action: 'cancel' }, { actor: 'system:expiry', at: now }, { reason: 'payment_timeout' }))
      expired++
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'illegal_transition')) throw e // paid meanwhile
    }
  }
  return expired
}

/**
 * A transfer reached a pickup store: the orders waiting for it reserve their units there
 * (in the same transaction, so nobody else can take them first) and can be handed over.
 */
export async function reserveArrivedPickups(tx: Sql, transferId: string, who: { actor: string; at: Date }): Promise<AnyEvent[]> {
  const waiting = await tx.query<OrderRow>(
    `SELECT * FROM orders WHERE awaiting_transfer_id = $1 AND status IN ('pending_payment', 'pending_shipment') ORDER BY order_id FOR UPDATE`,
    [transferId],
  )
  const events: AnyEvent[] = []
  for (const o of waiting) {
    const lines = (await loadLines(tx, o.order_id)).map(eventLine)
    const reserved = await reserveAll(tx, o.location_id, lines, o.order_id, who.actor, o.channel, who.at)
    if (!reserved) throw new DomainError('conflict', `transfer ${transferId} did not bring enough for order ${o.external_id}`, 409)
    events.push(...reserved)
    await tx.query('UPDATE orders SET awaiting_transfer_id = NULL WHERE order_id = $1', [o.order_id])
    await recordTransition(tx, o.order_id, { from: o.status, to: o.status, action: 'reserve', actor: who.actor, reason: null, note: `transfer ${transferId} received: reserved at ${o.location_id}`, detail: null, at: who.at })
  }
  return events
}

const day = z.iso.date()
export const ordersQuerySchema = z.object({
  status: z.enum(['pending_payment', 'pending_shipment', 'shipped', 'completed', 'cancelled', 'refunded']).optional(),
  channel: channelSchema.optional(),
  location_id: z.string().trim().min(1).max(64).optional(),
  /** Placed on or after this day (in the business time zone), and on or before `to`. */
  from: day.optional(),
  to: day.optional(),
  /** An order id or external id, or the start of one. */
  q: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
})
export type OrdersQuery = z.infer<typeof ordersQuerySchema>

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** The order list of the order centre, newest first, within what the caller may see; days are local to `timeZone`. */
export async function listOrders(db: Sql, q: OrdersQuery, scope: OrderListScope, timeZone: string) {
  if (scope.channel && q.channel && q.channel !== scope.channel) return { total: 0, orders: [] }
  if (scope.location_id && q.location_id && q.location_id !== scope.location_id) return { total: 0, orders: [] }
  const params = [
    q.status ?? null,
    scope.channel ?? q.channel ?? null,
    scope.location_id ?? q.location_id ?? null,
    q.from ?? null,
    q.to ?? null,
    q.q ? likePrefix(q.q) : null,
    scope.external_id_prefix ? likePrefix(scope.external_id_prefix) : null,
    timeZone,
  ]
  const where = `($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR channel = $2) AND ($3::text IS NULL OR location_id = $3)
    AND ($4::date IS NULL OR placed_at >= $4::date::timestamp AT TIME ZONE $8)
    AND ($5::date IS NULL OR placed_at < ($5::date + 1)::timestamp AT TIME ZONE $8)
    AND ($6::text IS NULL OR order_id LIKE $6 OR external_id LIKE $6) AND ($7::text IS NULL OR external_id LIKE $7)`
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM orders WHERE ${where}`, params)
  const rows = await db.query<OrderRow & { line_count: number; units: number }>(
    `SELECT o.*, (SELECT count(*)::int8 FROM order_lines l WHERE l.order_id = o.order_id) AS line_count,
            (SELECT COALESCE(sum(quantity), 0)::int8 FROM order_lines l WHERE l.order_id = o.order_id) AS units
       FROM orders o WHERE ${where} ORDER BY placed_at DESC, order_id DESC LIMIT $9 OFFSET $10`,
    [...params, q.limit, q.offset],
  )
  return {
    total: count?.n ?? 0,
    orders: rows.map((o) => ({
      order_id: o.order_id,
      channel: o.channel,
      external_id: o.external_id,
      status: o.status,
      location_id: o.location_id,
      fulfilment: o.fulfilment,
      total: fromCents(o.total_cents),
      refunded: fromCents(o.refunded_cents),
      lines: o.line_count,
      units: o.units,
      placed_at: o.placed_at.toISOString(),
      paid_at: o.paid_at?.toISOString() ?? null,
    })),
  }
}
