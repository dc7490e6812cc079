import { CHANNEL_IDS, type Channel } from '@/lib/events/channels'
import { createEvent } from '@/lib/events/create'
import type { AnyEvent, CancelReason, EventData, EventType, OrderLine } from '@/lib/events/schema'
import type { Customer } from './customers'
import { CHANNEL_MIX, isMarketplace, planOrder, type PlannedOrder } from './generator'
import { TimeHeap } from './heap'
import { identityKey } from './identity'
import { SCARCE_SKUS } from './catalogue'
import { createRng, seededUuidv7, type Rng } from './random'
import { intensity, isStoreOpen } from './rhythm'
import { localTime } from './time'
import { buildWorld, type DemoWorld } from './world'

export type HistoryOptions = {
  seed: number
  /** Length of the history, ending at `endAt`. */
  days: number
  endAt: Date
  timeZone: string
  /** Expected orders per day at the end of the history (growth makes earlier days smaller); default 250. */
  ordersPerDay?: number
  /** Year-on-year volume growth; default 0.4. */
  annualGrowth?: number
  /** Unpaid orders are cancelled `payment_timeout` after this long; default 30. */
  paymentTimeoutMinutes?: number
  /** One batch per this many simulated hours; default 24. */
  batchHours?: number
  /** Reuse an already built world of the same seed. */
  world?: DemoWorld
}

export type HistoryStats = { orders: number; events: number; byType: Partial<Record<EventType, number>> }

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

/** Among orders not paid at creation, the share left to expire. */
const TIMEOUT_CHANCE: Record<Channel, number> = {
  web: 0.09,
  miniprogram: 0.08,
  distributor: 0.05,
  tmall: 0.25,
  jd: 0.25,
  douyin: 0.25,
  store: 0,
}
/** Marketplace oversells: a base rate, much higher when a scarce SKU is in the basket. */
const OVERSELL_BASE = 0.003
const OVERSELL_SCARCE = 0.08
const REFUND_CHANCE = 0.025

function orderLines(plan: PlannedOrder): OrderLine[] {
  return plan.lines.map((l, i) => ({
    line_no: i + 1,
    sku: l.sku,
    category: l.category,
    quantity: l.quantity,
    list_price_cents: l.list_price_cents,
    unit_price_cents: l.unit_price_cents,
    discount_cents: (l.list_price_cents - l.unit_price_cents) * l.quantity,
    amount_cents: l.unit_price_cents * l.quantity,
    unit_cost_cents: l.unit_cost_cents,
  }))
}

function identityKeys(c: Customer): string[] {
  return [
    identityKey('phone', c.phone),
    ...(c.email ? [identityKey('email', c.email)] : []),
    ...(c.member_no ? [identityKey('member_no', c.member_no)] : []),
  ]
}

/** Lognormal duration with the given median (ms), clamped. */
function lognormal(rng: Rng, median: number, sigma: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, median * Math.exp(rng.normal(0, sigma))))
}

/**
 * Simulated past sales as analytics events, for the historical import (`source: 'import'`):
 * per order `order.placed`, then mostly `order.paid` → `order.shipped` → `order.completed`;
 * some cancelled (`payment_timeout`; `out_of_stock` on marketplaces) or refunded. A
 * `customer.upserted` precedes a customer's first order. Yields batches in time order
 * (one per `batchHours`), never an event after `endAt`. Pure and deterministic: the same
 * options give byte-identical output, event ids included (seeded UUIDv7), so re-importing
 * the same history deduplicates by event id.
 */
export function* generateHistory(opts: HistoryOptions): Generator<AnyEvent[], HistoryStats, undefined> {
  const { seed, timeZone } = opts
  const endMs = opts.endAt.getTime()
  if (!Number.isFinite(endMs)) throw new RangeError('endAt must be a valid date')
  if (!(opts.days >= 0)) throw new RangeError('days must be ≥ 0')
  const startMs = endMs - opts.days * DAY
  const perHour = (opts.ordersPerDay ?? 250) / 24
  const timeoutMs = (opts.paymentTimeoutMinutes ?? 30) * MIN
  const batchMs = (opts.batchHours ?? 24) * HOUR
  const world = opts.world ?? buildWorld(seed)
  const root = createRng(seed)
  const rng = root.fork('history')
  const ids = root.fork('history-event-ids')
  const growth = { growthAnchor: opts.endAt, annualGrowth: opts.annualGrowth ?? 0.4 }

  const heap = new TimeHeap<AnyEvent>()
  const seenCustomers = new Set<string>()
  const seq: Record<Channel, number> = { web: 0, tmall: 0, jd: 0, miniprogram: 0, douyin: 0, store: 0, distributor: 0 }
  const stats: HistoryStats = { orders: 0, events: 0, byType: {} }

  const emit = <T extends EventType>(type: T, channel: Channel, data: EventData<T>, at: number): void => {
    const event = createEvent(type, channel, data, { occurredAt: new Date(at), source: 'import' })
    event.event_id = seededUuidv7(at, ids)
    heap.push(at, event as AnyEvent)
  }

  const simulate = (channel: Channel, placedAt: number): void => {
    const n = ++seq[channel]
    const plan = planOrder(rng, new Date(placedAt), { world, timeZone, seq: n, channel })
    const lines = orderLines(plan)
    const customer = plan.customer
    const ctx = {
      order_id: `H-${channel}-${n}`,
      external_id: plan.request.external_id,
      location_id: plan.location.location_id,
      region: plan.location.region,
      city: plan.location.city,
      customer_id: customer?.customer_id ?? '',
    }
    stats.orders++
    if (customer && !seenCustomers.has(customer.customer_id)) {
      seenCustomers.add(customer.customer_id)
      emit(
        'customer.upserted',
        channel,
        { customer_id: customer.customer_id, region: customer.region, city: customer.city, member_tier: customer.member_tier, identity_keys: identityKeys(customer) },
        placedAt,
      )
    }
    emit('order.placed', channel, { ...ctx, lines }, placedAt)

    const cancel = (reason: CancelReason, at: number) => emit('order.cancelled', channel, { ...ctx, reason, actor: 'system' }, at)
    if (isMarketplace(channel)) {
      const scarce = plan.lines.some((l) => SCARCE_SKUS.includes(l.sku))
      if (rng.chance(scarce ? OVERSELL_SCARCE : OVERSELL_BASE)) {
        cancel('out_of_stock', placedAt + rng.int(20_000, 15 * MIN))
        return
      }
    }
    const paidAtCreation = plan.request.pay === true
    if (!paidAtCreation && rng.chance(TIMEOUT_CHANCE[channel])) {
      cancel('payment_timeout', placedAt + timeoutMs)
      return
    }
    const paidAt =
      placedAt +
      (channel === 'store'
        ? rng.int(5_000, 60_000)
        : paidAtCreation
          ? rng.int(1_000, 20_000)
          : Math.round(lognormal(rng, 2.5 * MIN, 0.8, 20_000, timeoutMs - MIN)))
    emit('order.paid', channel, { ...ctx, lines }, paidAt)

    const refundAt = rng.chance(REFUND_CHANCE) ? paidAt + Math.round(rng.float(1, 14) * DAY) : Infinity
    const shipper = plan.location.kind === 'store' ? `store:${plan.location.location_id}` : `warehouse:${plan.location.location_id}`
    const shippedAt =
      paidAt +
      Math.round(
        channel === 'store'
          ? rng.int(10_000, 120_000)
          : channel === 'distributor'
            ? rng.float(1, 3) * DAY
            : lognormal(rng, 5 * HOUR, 0.7, 20 * MIN, 72 * HOUR),
      )
    const completedAt = shippedAt + Math.round(channel === 'store' ? rng.int(1_000, 10_000) : rng.float(1.5, 9) * DAY)
    const autoConfirm = rng.chance(0.4)
    if (shippedAt < refundAt) emit('order.shipped', channel, { ...ctx, actor: shipper }, shippedAt)
    if (completedAt < refundAt) emit('order.completed', channel, { ...ctx, actor: autoConfirm ? 'system' : 'customer' }, completedAt)
    if (refundAt < Infinity) emit('order.refunded', channel, { ...ctx, lines, actor: 'customer_service' }, refundAt)
  }

  let batch: AnyEvent[] = []
  const drain = (until: number, inclusive: boolean) => {
    while (heap.size > 0 && (inclusive ? heap.peekAt() <= until : heap.peekAt() < until)) {
      const e = heap.pop()!
      batch.push(e)
      stats.events++
      stats.byType[e.type] = (stats.byType[e.type] ?? 0) + 1
    }
  }

  let nextBatchAt = startMs + batchMs
  let t0 = startMs
  while (t0 < endMs) {
    // Segments follow whole UTC hours so the rhythm's hourly shape is not smeared.
    const t1 = Math.min(endMs, Math.floor(t0 / HOUR) * HOUR + HOUR)
    const mid = new Date((t0 + t1) / 2)
    const span = (t1 - t0) / HOUR
    // All channels' orders of the segment in time order, so a customer's first order is
    // simulated first whichever channel it came from.
    const arrivals: { at: number; channel: Channel }[] = []
    for (const channel of CHANNEL_IDS) {
      const lambda = perHour * span * CHANNEL_MIX[channel] * intensity(mid, timeZone, channel, growth)
      const count = rng.poisson(lambda)
      for (let i = 0; i < count; i++) arrivals.push({ at: t0 + Math.floor(rng.next() * (t1 - t0)), channel })
    }
    arrivals.sort((a, b) => a.at - b.at || CHANNEL_IDS.indexOf(a.channel) - CHANNEL_IDS.indexOf(b.channel))
    for (const { at, channel } of arrivals) {
      if (channel === 'store' && !isStoreOpen(localTime(at, timeZone).hourOfDay)) continue
      simulate(channel, at)
    }
    // Everything before t1 is final: later orders only add events after their own placing.
    drain(t1, false)
    t0 = t1
    if (t1 >= nextBatchAt && batch.length > 0) {
      yield batch
      batch = []
      nextBatchAt += batchMs
      while (nextBatchAt <= t1) nextBatchAt += batchMs
    }
  }
  drain(endMs, true)
  if (batch.length > 0) yield batch
  return stats
}

/** The whole history as one array (convenient for tests and small histories). */
export function historyEvents(opts: HistoryOptions): AnyEvent[] {
  const out: AnyEvent[] = []
  for (const batch of generateHistory(opts)) for (const e of batch) out.push(e)
  return out
}
