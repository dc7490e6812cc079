import { CHANNEL_IDS, type Channel } from '@/lib/events/channels'
import { SCHEMA_VERSION, type AnyEvent, type CancelReason, type Envelope, type EventData, type EventType, type OrderLine } from '@/lib/events/schema'
import type { Customer } from './customers'
import { CHANNEL_MIX, isMarketplace, planOrder, type PlannedOrder } from './generator'
import { TimeHeap } from './heap'
import { identityKey } from './identity'
import { movingAverageCost } from '@/lib/ops/stock'
import { SCARCE_SKUS, catalogueItem } from './catalogue'
import { locationById, type Location } from './locations'
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

function orderLines(plan: PlannedOrder, costOf: (sku: string) => number): OrderLine[] {
  return plan.lines.map((l, i) => ({
    line_no: i + 1,
    sku: l.sku,
    category: l.category,
    quantity: l.quantity,
    list_price_cents: l.list_price_cents,
    unit_price_cents: l.unit_price_cents,
    discount_cents: (l.list_price_cents - l.unit_price_cents) * l.quantity,
    amount_cents: l.unit_price_cents * l.quantity,
    // The moving-average cost when the order is placed, as the ops core records it.
    unit_cost_cents: costOf(l.sku),
  }))
}

function identityKeys(c: Customer): string[] {
  return [
    identityKey('phone', c.phone),
    ...(c.email ? [identityKey('email', c.email)] : []),
    ...(c.member_no ? [identityKey('member_no', c.member_no)] : []),
  ]
}

/**
 * An imported event with a seeded id. (createEvent would draw a random UUIDv7 first, only for
 * it to be replaced: over a long history that wasted draw was the biggest single cost.)
 */
function importEvent<T extends EventType>(type: T, channel: Channel, data: EventData<T>, at: number, ids: Rng): Envelope<T> {
  return { event_id: seededUuidv7(at, ids), type, schema_version: SCHEMA_VERSION, occurred_at: new Date(at).toISOString(), source: 'import', channel, data }
}

/** Lognormal duration with the given median (ms), clamped. */
function lognormal(rng: Rng, median: number, sigma: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, median * Math.exp(rng.normal(0, sigma))))
}

// ---------------------------------------------------------------------------------------
// Stock of the history: receipts, sales at shipment, returns at refund
// ---------------------------------------------------------------------------------------

/** Replenishment policy, in days of a (sku, location)'s recent demand. */
const OPENING_COVER_DAYS = 30
const REORDER_COVER_DAYS = 7
const TARGET_COVER_DAYS = 28
const MIN_RECEIPT_UNITS = 3
/** Weight of the latest day in the smoothed daily demand the reviews order by. */
const DEMAND_SMOOTHING = 0.15
/** Purchase costs wander around the catalogue cost by up to this share. */
const PURCHASE_COST_SPREAD = 0.06
/** Planned orders per channel behind the opening demand estimate. */
const PILOT_ORDERS_PER_CHANNEL = 150

type StockStep =
  | { step: 'review' }
  | { step: 'sale' | 'return'; channel: Channel; order_id: string; location: Location; lines: readonly OrderLine[] }

type Position = { sku: string; location: Location; category: string; onHand: number; rate: number; sold: number }

/**
 * Expected units a day per sku@location at the start of the history: planned sample orders
 * per channel (their own random stream, so the history's orders are not disturbed) scaled by
 * each channel's expected orders a day over the first week.
 */
function openingDemand(world: DemoWorld, seed: number, startMs: number, perHour: number, timeZone: string, growth: { growthAnchor: Date; annualGrowth: number }) {
  const rng = createRng(seed).fork('history-stock-pilot')
  const demand = new Map<string, number>()
  for (const channel of CHANNEL_IDS) {
    let perDay = 0
    for (let h = 0; h < 7 * 24; h++) {
      const mid = startMs + (h + 0.5) * HOUR
      if (channel === 'store' && !isStoreOpen(localTime(mid, timeZone).hourOfDay)) continue
      perDay += (perHour * CHANNEL_MIX[channel] * intensity(new Date(mid), timeZone, channel, growth)) / 7
    }
    for (let i = 0; i < PILOT_ORDERS_PER_CHANNEL; i++) {
      const plan = planOrder(rng, new Date(startMs), { world, timeZone, seq: 0, channel })
      for (const l of plan.lines) {
        const key = `${l.sku}@${plan.location.location_id}`
        demand.set(key, (demand.get(key) ?? 0) + (l.quantity * perDay) / PILOT_ORDERS_PER_CHANNEL)
      }
    }
  }
  return demand
}

/**
 * The history's stock ledger, kept in event time: every (sku, location) opens with a receipt
 * of ~45 days of its expected demand, ships decrease it, refunds after delivery bring goods
 * back, and a daily review reorders (at a purchase cost near the catalogue's) what fell below
 * 14 days of its smoothed demand, up to 45 days. A sale never drives stock negative: if it
 * would, an urgent receipt arrives first, in the same millisecond. The SKU's moving-average
 * cost is re-weighted on every receipt as the ops core does (`movingAverageCost`).
 * Movement ids are sequential, so movements in one millisecond sort in the order they happened.
 */
class HistoryStock {
  private readonly positions = new Map<string, Position>()
  private readonly list: Position[] = []
  private readonly held = new Map<string, number>()
  private readonly cost = new Map<string, number>()
  private seq = 0

  constructor(
    private readonly rng: Rng,
    private readonly ids: Rng,
    private readonly out: (e: AnyEvent) => void,
  ) {}

  /** The SKU's moving-average cost now (the catalogue cost before its first receipt). */
  costOf(sku: string): number {
    return this.cost.get(sku) ?? catalogueItem(sku).unit_cost_cents
  }

  open(demand: ReadonlyMap<string, number>, at: number): void {
    for (const [key, rate] of [...demand.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [sku, locationId] = key.split('@') as [string, string]
      const p = this.position(sku, locationById(locationId))
      p.rate = rate
      this.receive(p, Math.max(MIN_RECEIPT_UNITS, Math.ceil(rate * OPENING_COVER_DAYS)), at, 'opening')
    }
  }

  apply(s: StockStep, at: number): void {
    if (s.step === 'review') return this.review(at)
    for (const l of s.lines) {
      const p = this.position(l.sku, s.location)
      if (s.step === 'sale') {
        if (p.onHand < l.quantity) this.receive(p, l.quantity - p.onHand + this.target(p), at, 'replenishment:urgent')
        p.sold += l.quantity
        this.move(p, 'sale', -l.quantity, l.unit_cost_cents, s.channel, at, s.order_id)
      } else {
        this.move(p, 'return', l.quantity, l.unit_cost_cents, s.channel, at, s.order_id)
      }
    }
  }

  private review(at: number): void {
    for (const p of this.list) {
      p.rate += DEMAND_SMOOTHING * (p.sold - p.rate)
      p.sold = 0
      if (p.onHand < p.rate * REORDER_COVER_DAYS) this.receive(p, Math.max(MIN_RECEIPT_UNITS, this.target(p) - p.onHand), at, 'replenishment')
    }
  }

  private target(p: Position): number {
    return Math.ceil(p.rate * TARGET_COVER_DAYS)
  }

  private position(sku: string, location: Location): Position {
    const key = `${sku}@${location.location_id}`
    let p = this.positions.get(key)
    if (!p) {
      p = { sku, location, category: catalogueItem(sku).category, onHand: 0, rate: 0, sold: 0 }
      this.positions.set(key, p)
      this.list.push(p)
    }
    return p
  }

  private receive(p: Position, quantity: number, at: number, reference: string): void {
    const base = catalogueItem(p.sku).unit_cost_cents
    const unitCost = Math.max(1, Math.round(base * (1 + this.rng.float(-PURCHASE_COST_SPREAD, PURCHASE_COST_SPREAD))))
    this.cost.set(p.sku, movingAverageCost(this.held.get(p.sku) ?? 0, this.costOf(p.sku), quantity, unitCost))
    this.move(p, 'receipt', quantity, unitCost, 'store', at, reference)
  }

  private move(p: Position, kind: 'receipt' | 'sale' | 'return', delta: number, unitCost: number, channel: Channel, at: number, reference: string): void {
    p.onHand += delta
    this.held.set(p.sku, (this.held.get(p.sku) ?? 0) + delta)
    const event = importEvent(
      'stock.moved',
      channel,
      {
        movement_id: `H-M-${String(++this.seq).padStart(10, '0')}`,
        sku: p.sku,
        location_id: p.location.location_id,
        kind,
        on_hand_delta: delta,
        reserved_delta: 0,
        in_transit_delta: 0,
        incoming_delta: 0,
        unit_cost_cents: unitCost,
        avg_unit_cost_cents: this.costOf(p.sku),
        category: p.category,
        region: p.location.region,
        city: p.location.city,
        on_hand: p.onHand,
        reserved: 0,
        in_transit: 0,
        incoming: 0,
        reference,
      },
      at,
      this.ids,
    )
    this.out(event as AnyEvent)
  }
}

/**
 * Simulated past sales as analytics events, for the historical import (`source: 'import'`):
 * per order `order.placed`, then mostly `order.paid` → `order.shipped` → `order.completed`;
 * some cancelled (`payment_timeout`; `out_of_stock` on marketplaces) or refunded. A
 * `customer.upserted` precedes a customer's first order. Stock moves with the orders
 * (`stock.moved`, see HistoryStock): opening receipts at the start, a `sale` per shipped line,
 * a `return` per line refunded after delivery, and replenishment receipts, so inventory
 * value and turnover are meaningful over the history. Yields batches in time order
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

  const heap = new TimeHeap<AnyEvent | StockStep>()
  const seenCustomers = new Set<string>()
  const seq: Record<Channel, number> = { web: 0, tmall: 0, jd: 0, miniprogram: 0, douyin: 0, store: 0, distributor: 0 }
  const stats: HistoryStats = { orders: 0, events: 0, byType: {} }

  const emit = <T extends EventType>(type: T, channel: Channel, data: EventData<T>, at: number): void => {
    heap.push(at, importEvent(type, channel, data, at, ids) as AnyEvent)
  }

  let batch: AnyEvent[] = []
  const out = (e: AnyEvent): void => {
    batch.push(e)
    stats.events++
    stats.byType[e.type] = (stats.byType[e.type] ?? 0) + 1
  }
  // Stock has its own random streams: the orders are the same with or without it.
  const stock = new HistoryStock(root.fork('history-stock'), root.fork('history-stock-event-ids'), out)
  if (startMs < endMs) {
    stock.open(openingDemand(world, seed, startMs, perHour, timeZone, growth), startMs)
    for (let at = startMs + DAY; at < endMs; at += DAY) heap.push(at, { step: 'review' })
  }

  const simulate = (channel: Channel, placedAt: number): void => {
    const n = ++seq[channel]
    const plan = planOrder(rng, new Date(placedAt), { world, timeZone, seq: n, channel })
    const lines = orderLines(plan, (sku) => stock.costOf(sku))
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
    // Goods leave the order's location when shipped, and come back when refunded after that.
    const step = { channel, order_id: ctx.order_id, location: plan.location, lines }
    if (shippedAt < refundAt) heap.push(shippedAt, { step: 'sale', ...step })
    if (shippedAt < refundAt && refundAt < Infinity) heap.push(refundAt, { step: 'return', ...step })
  }

  // Stock steps turn into events when their time comes, so balances follow event time.
  const drain = (until: number, inclusive: boolean) => {
    while (heap.size > 0 && (inclusive ? heap.peekAt() <= until : heap.peekAt() < until)) {
      const at = heap.peekAt()
      const item = heap.pop()!
      if ('step' in item) stock.apply(item, at)
      else out(item)
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
      // Final up to this order (later ones only add later events): its lines take the cost in force.
      drain(at, false)
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
