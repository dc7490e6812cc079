import { CHANNEL_IDS, type Channel } from '@/lib/events/channels'
import { fromCents } from '@/lib/money'
import { CATALOGUE, SCARCE_SKUS, SKU_POPULARITY, catalogueItem } from './catalogue'
import { CHANNEL_MIX, planOrder, type OrderRequest, type PlannedOrder } from './generator'
import { TimeHeap } from './heap'
import { CITIES, REGION_WAREHOUSE, STORES, WAREHOUSES, distanceKm } from './locations'
import { createRng } from './random'
import { intensity } from './rhythm'
import { buildWorld, type DemoWorld } from './world'

/** The simulator's only way to touch the world: inject real API calls or in-memory fakes. */
export type SimulatorPorts = {
  /** May throw an error with `.code === 'out_of_stock'` (own channels are blocked): counted, logged at debug. */
  placeOrder(req: OrderRequest): Promise<{ order_id: string; status: string }>
  payOrder(orderId: string): Promise<void>
  shipOrder(orderId: string): Promise<void>
  completeOrder(orderId: string): Promise<void>
  receiveStock(r: StockReceipt): Promise<void>
  now(): Date
}

export type StockReceipt = { sku: string; location_id: string; quantity: number; unit_cost: string }

export type SimulatorLogger = { debug(...args: unknown[]): void; warn(...args: unknown[]): void }

export type SimulatorOptions = {
  seed: number
  /** Average order rate; the channels' rhythm makes it higher in the evening, lower at night. */
  ordersPerMinute: number
  timeZone: string
  /** Timer period; default 2000 ms. */
  tickMs?: number
  /** Port calls in flight at once within a tick; default 4. */
  concurrency?: number
  /** Share of unpaid orders that get paid (the rest expire in the ops core); default 0.94. */
  payChance?: number
  /** [min, max] delays in ms: placing → paying, paying → shipping, shipping → completing. */
  payDelayMs?: readonly [number, number]
  shipDelayMs?: readonly [number, number]
  completeDelayMs?: readonly [number, number]
  /** How often to restock SKUs estimated below their reorder point; default 5 minutes. */
  restockEveryMs?: number
  /** After a stall (sleep, debugger) at most this much lost time is made up; default 60 s. */
  maxCatchUpMs?: number
  /** Port warnings are rate-limited to one per this interval; default 30 s. */
  warnEveryMs?: number
  /** Default: warnings to console.warn, debug lines (each blocked order) dropped. */
  logger?: SimulatorLogger
  world?: DemoWorld
}

export type SimulatorStats = {
  ticks: number
  /** Orders the ops core accepted. */
  placed: number
  /** Own-channel orders refused for lack of stock (`out_of_stock` errors). */
  blocked: number
  /** POS baskets dropped because the store (by our estimate) had none of the items. */
  emptyShelves: number
  /** Orders the ops core returned already cancelled (marketplace oversells). */
  cancelledOnPlace: number
  /** Unpaid orders deliberately left to expire. */
  leftToExpire: number
  paid: number
  shipped: number
  completed: number
  /** Stock receipts posted. */
  receipts: number
  /** Failed port calls other than out-of-stock refusals. */
  errors: number
  /** Pay / ship / complete actions waiting for their time. */
  pending: number
  byChannel: Record<Channel, number>
}

type Action = { kind: 'pay' | 'ship' | 'complete'; orderId: string; channel: Channel }

const MIN = 60_000
/** The ops core's default routing radius for serving an online order from a store. */
const STORE_RADIUS_KM = 3

// ---------------------------------------------------------------------------------------
// Opening stock
// ---------------------------------------------------------------------------------------

type StockTarget = { sku: string; location_id: string; quantity: number; reorderPoint: number; scarce: boolean }

/** Region weight each warehouse serves (its share of online demand). */
function warehouseDemandShare(): Map<string, number> {
  const share = new Map<string, number>()
  const total = CITIES.reduce((a, c) => a + c.weight, 0)
  for (const c of CITIES) {
    const wh = REGION_WAREHOUSE[c.region]
    share.set(wh, (share.get(wh) ?? 0) + c.weight / total)
  }
  return share
}

/** Categories every store carries; the others only in some stores. */
const STORE_CORE_CATEGORIES = new Set(['skincare', 'makeup', 'personal-care', 'home', 'apparel'])

function stockTargets(seed: number): StockTarget[] {
  const rng = createRng(seed).fork('initial-stock')
  const meanPop = [...SKU_POPULARITY.values()].reduce((a, b) => a + b, 0) / SKU_POPULARITY.size
  const whShare = warehouseDemandShare()
  const out: StockTarget[] = []
  for (const wh of WAREHOUSES) {
    const share = whShare.get(wh.location_id) ?? 0.25
    for (const item of CATALOGUE) {
      const scarce = SCARCE_SKUS.includes(item.sku)
      const pop = (SKU_POPULARITY.get(item.sku) ?? meanPop) / meanPop
      const quantity = scarce ? rng.int(5, 20) : Math.max(120, Math.round(3200 * share * pop * rng.float(0.8, 1.25)))
      out.push({ sku: item.sku, location_id: wh.location_id, quantity, reorderPoint: scarce ? 0 : Math.round(quantity * 0.3), scarce })
    }
  }
  for (const store of STORES) {
    for (const item of CATALOGUE) {
      const scarce = SCARCE_SKUS.includes(item.sku)
      const carried = STORE_CORE_CATEGORIES.has(item.category) || rng.chance(0.6)
      if (!carried) continue
      const pop = (SKU_POPULARITY.get(item.sku) ?? meanPop) / meanPop
      const quantity = scarce ? rng.int(0, 2) : Math.max(6, Math.round(rng.int(12, 40) * pop))
      if (quantity === 0) continue
      out.push({ sku: item.sku, location_id: store.location_id, quantity, reorderPoint: scarce ? 0 : Math.max(3, Math.round(quantity * 0.4)), scarce })
    }
  }
  return out
}

/**
 * Opening stock per (sku, location), pure and deterministic: generous at the warehouses (in
 * proportion to the demand each serves and each SKU's popularity), small at stores, and the
 * SCARCE_SKUS kept to a handful of units so out-of-stock refusals and marketplace oversells
 * happen. `unit_cost` is the catalogue cost as a yuan string.
 */
export function initialStock(seed: number): StockReceipt[] {
  return stockTargets(seed).map((t) => ({
    sku: t.sku,
    location_id: t.location_id,
    quantity: t.quantity,
    unit_cost: fromCents(catalogueItem(t.sku).unit_cost_cents),
  }))
}

// ---------------------------------------------------------------------------------------
// The live loop
// ---------------------------------------------------------------------------------------

function errorCode(e: unknown): unknown {
  return typeof e === 'object' && e !== null && 'code' in e ? (e as { code: unknown }).code : undefined
}

async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]
      if (task) await task()
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker))
}

export type Simulator = {
  /** One step: due pay/ship/complete actions, new orders for the time elapsed, restocking. Never throws. */
  tick(): Promise<void>
  stats(): SimulatorStats
}

/** The simulator without a timer: `tick()` is driven by startSimulator, or by tests. */
export function createSimulator(ports: SimulatorPorts, opts: SimulatorOptions): Simulator {
  const tickMs = opts.tickMs ?? 2000
  const concurrency = opts.concurrency ?? 4
  const payChance = opts.payChance ?? 0.94
  const [payMin, payMax] = opts.payDelayMs ?? [5_000, 90_000]
  const [shipMin, shipMax] = opts.shipDelayMs ?? [MIN, 10 * MIN]
  const [doneMin, doneMax] = opts.completeDelayMs ?? [5 * MIN, 30 * MIN]
  const restockEveryMs = opts.restockEveryMs ?? 5 * MIN
  const maxCatchUpMs = opts.maxCatchUpMs ?? MIN
  const warnEveryMs = opts.warnEveryMs ?? 30_000
  // Node's console has no levels (console.debug prints like console.log): debug lines are
  // dropped unless a logger is passed in.
  const log: SimulatorLogger = opts.logger ?? { debug: () => {}, warn: (...args) => console.warn(...args) }
  const world = opts.world ?? buildWorld(opts.seed)
  const root = createRng(opts.seed)
  const rng = root.fork('live-orders')
  const timing = root.fork('live-timing')

  const actions = new TimeHeap<Action>()
  const seq: Record<Channel, number> = { web: 0, tmall: 0, jd: 0, miniprogram: 0, douyin: 0, store: 0, distributor: 0 }
  const byChannel: Record<Channel, number> = { web: 0, tmall: 0, jd: 0, miniprogram: 0, douyin: 0, store: 0, distributor: 0 }
  const counters = { ticks: 0, placed: 0, blocked: 0, emptyShelves: 0, cancelledOnPlace: 0, leftToExpire: 0, paid: 0, shipped: 0, completed: 0, receipts: 0, errors: 0 }

  // Estimated stock per sku@location: the opening stock minus what we sold there, plus receipts.
  const targets = stockTargets(opts.seed)
  const estimate = new Map<string, number>(targets.map((t) => [`${t.sku}@${t.location_id}`, t.quantity]))
  const unitCost = new Map(CATALOGUE.map((i) => [i.sku, i.unit_cost_cents]))
  let restockRound = 0

  let startedAt: Date | undefined
  let lastTickAt: number | undefined
  let lastRestockAt: number | undefined
  let lastWarnAt = -Infinity
  let suppressed = 0

  const warn = (what: string, e: unknown) => {
    counters.errors++
    const now = ports.now().getTime()
    if (now - lastWarnAt < warnEveryMs) {
      suppressed++
      return
    }
    lastWarnAt = now
    const more = suppressed > 0 ? ` (${suppressed} similar warnings suppressed)` : ''
    suppressed = 0
    log.warn(`[demo simulator] ${what} failed: ${e instanceof Error ? e.message : String(e)}${more}`)
  }

  const schedule = (kind: Action['kind'], orderId: string, channel: Channel, now: number) => {
    const [lo, hi] =
      kind === 'pay'
        ? [payMin, payMax]
        : kind === 'ship'
          ? channel === 'store'
            ? [Math.min(shipMin, 5_000), Math.min(shipMax, 30_000)]
            : [shipMin, shipMax]
          : channel === 'store'
            ? [1_000, 10_000]
            : [doneMin, doneMax]
    actions.push(now + timing.int(lo, hi), { kind, orderId, channel })
  }

  /**
   * Where the ops core will most likely serve an order from, by its default routing rule: a
   * store within 3 km of the delivery point that can serve every line, else the region's
   * warehouse. Only an estimate (the API does not say), good enough to restock the right place.
   */
  const servedFrom = (plan: PlannedOrder): string => {
    const d = plan.request.delivery
    if (plan.channel === 'store' || !d) return plan.location.location_id
    const near = STORES.map((s) => ({ s, km: distanceKm(d, s) }))
      .filter((x) => x.km <= STORE_RADIUS_KM)
      .sort((a, b) => a.km - b.km)
    for (const { s } of near) {
      if (plan.lines.every((l) => (estimate.get(`${l.sku}@${s.location_id}`) ?? 0) >= l.quantity)) return s.location_id
    }
    return plan.location.location_id
  }

  const sold = (plan: PlannedOrder, locationId: string, factor: number) => {
    for (const l of plan.lines) {
      const key = `${l.sku}@${locationId}`
      const est = estimate.get(key)
      if (est !== undefined) estimate.set(key, Math.max(0, est - l.quantity * factor))
    }
  }

  /** A shopper in a store only takes what is on the shelf (as far as we know); undefined: nothing. */
  const onShelf = (plan: PlannedOrder): PlannedOrder | undefined => {
    if (plan.channel !== 'store') return plan
    const loc = plan.location.location_id
    const keep = plan.lines.map((l) => (estimate.get(`${l.sku}@${loc}`) ?? 0) >= l.quantity)
    if (keep.every(Boolean)) return plan
    if (!keep.some(Boolean)) return undefined
    return {
      ...plan,
      lines: plan.lines.filter((_, i) => keep[i]),
      request: { ...plan.request, lines: plan.request.lines.filter((_, i) => keep[i]) },
    }
  }

  const place = async (planned: PlannedOrder, now: number) => {
    const plan = onShelf(planned)
    if (!plan) {
      counters.emptyShelves++
      return
    }
    const locationId = servedFrom(plan)
    try {
      const res = await ports.placeOrder(plan.request)
      counters.placed++
      byChannel[plan.channel]++
      if (res.status !== 'cancelled') sold(plan, locationId, 1)
      if (res.status === 'pending_payment') {
        if (timing.chance(payChance)) schedule('pay', res.order_id, plan.channel, now)
        else counters.leftToExpire++
      } else if (res.status === 'pending_shipment') {
        schedule('ship', res.order_id, plan.channel, now)
      } else if (res.status === 'cancelled') {
        counters.cancelledOnPlace++
      }
    } catch (e) {
      if (errorCode(e) === 'out_of_stock') {
        counters.blocked++
        // Our estimate was too high: count these SKUs as gone so the next round restocks them.
        sold(plan, locationId, Number.POSITIVE_INFINITY)
        log.debug(`[demo simulator] ${plan.request.external_id} blocked: out of stock`)
      } else {
        warn(`placing ${plan.request.external_id}`, e)
      }
    }
  }

  const act = async (a: Action, now: number) => {
    try {
      if (a.kind === 'pay') {
        await ports.payOrder(a.orderId)
        counters.paid++
        schedule('ship', a.orderId, a.channel, now)
      } else if (a.kind === 'ship') {
        await ports.shipOrder(a.orderId)
        counters.shipped++
        schedule('complete', a.orderId, a.channel, now)
      } else {
        await ports.completeOrder(a.orderId)
        counters.completed++
      }
    } catch (e) {
      warn(`${a.kind} ${a.orderId}`, e)
    }
  }

  const restock = async () => {
    restockRound++
    // Scarce SKUs come back only once sold out, every other round, to their few units: they
    // keep running out for a while.
    const scarceRound = restockRound % 2 === 0
    const receipts: StockReceipt[] = []
    for (const t of targets) {
      if (t.scarce && !scarceRound) continue
      const key = `${t.sku}@${t.location_id}`
      const est = estimate.get(key) ?? 0
      if (est > t.reorderPoint) continue
      const quantity = t.quantity - est
      if (quantity <= 0) continue
      const cost = Math.round((unitCost.get(t.sku) ?? 0) * timing.float(0.96, 1.04))
      receipts.push({ sku: t.sku, location_id: t.location_id, quantity, unit_cost: fromCents(cost) })
    }
    await runLimited(
      receipts.map((r) => async () => {
        try {
          await ports.receiveStock(r)
          counters.receipts++
          const key = `${r.sku}@${r.location_id}`
          estimate.set(key, (estimate.get(key) ?? 0) + r.quantity)
        } catch (e) {
          warn(`receiving ${r.quantity} × ${r.sku} at ${r.location_id}`, e)
        }
      }),
      concurrency,
    )
  }

  const tick = async () => {
    try {
      const nowDate = ports.now()
      const now = nowDate.getTime()
      startedAt ??= nowDate
      const elapsed = Math.min(maxCatchUpMs, Math.max(0, now - (lastTickAt ?? now - tickMs)))
      lastTickAt = now
      lastRestockAt ??= now

      const due: Action[] = []
      while (actions.size > 0 && actions.peekAt() <= now) due.push(actions.pop()!)
      await runLimited(due.map((a) => () => act(a, now)), concurrency)

      const plans: PlannedOrder[] = []
      for (const channel of CHANNEL_IDS) {
        const rate = opts.ordersPerMinute * CHANNEL_MIX[channel] * intensity(nowDate, opts.timeZone, channel, { growthAnchor: startedAt })
        const count = rng.poisson((rate * elapsed) / MIN)
        for (let i = 0; i < count; i++) plans.push(planOrder(rng, nowDate, { world, timeZone: opts.timeZone, seq: ++seq[channel], channel }))
      }
      await runLimited(plans.map((p) => () => place(p, now)), concurrency)

      if (now - lastRestockAt >= restockEveryMs) {
        lastRestockAt = now
        await restock()
      }
    } catch (e) {
      warn('tick', e)
    } finally {
      counters.ticks++
    }
  }

  return {
    tick,
    stats: () => ({ ...counters, pending: actions.size, byChannel: { ...byChannel } }),
  }
}

/**
 * Starts demo traffic on a timer: ticks never overlap (the next is scheduled when one ends);
 * `stop()` cancels the timer and waits for the tick in flight.
 */
export function startSimulator(ports: SimulatorPorts, opts: SimulatorOptions): { stop(): Promise<void>; stats(): SimulatorStats } {
  const sim = createSimulator(ports, opts)
  const tickMs = opts.tickMs ?? 2000
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: Promise<void> | undefined

  const arm = (delay: number) => {
    timer = setTimeout(run, delay)
    const t = timer as unknown as { unref?: () => void }
    t.unref?.()
  }
  const run = () => {
    timer = undefined
    if (stopped) return
    const began = Date.now()
    inFlight = sim.tick().finally(() => {
      inFlight = undefined
      if (!stopped) arm(Math.max(0, tickMs - (Date.now() - began)))
    })
  }
  arm(0)

  return {
    async stop() {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      if (inFlight) await inFlight
    },
    stats: () => sim.stats(),
  }
}
