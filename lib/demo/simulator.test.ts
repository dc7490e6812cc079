import { describe, it, expect } from 'vitest'
import { CHANNEL_IDS, isOwnChannel, type Channel } from '@/lib/events/channels'
import { fromCents } from '@/lib/money'
import { CATALOGUE, SCARCE_SKUS } from './catalogue'
import { CHANNEL_MIX, type OrderRequest } from './generator'
import { LOCATIONS, REGION_WAREHOUSE, STORES, WAREHOUSES, cityInfo, distanceKm } from './locations'
import { intensity } from './rhythm'
import { createSimulator, initialStock, startSimulator, type SimulatorLogger, type SimulatorOptions, type SimulatorPorts, type StockReceipt } from './simulator'
import { buildWorld } from './world'

const TZ = 'Asia/Shanghai'
const MIN = 60_000
const world = buildWorld(42)

type FakeOrder = { id: string; channel: Channel; status: string; location: string; lines: { sku: string; quantity: number }[]; placedAt: number; paidAt?: number }

/** An in-memory ops core: one stock pool, reservation on placing, the order state machine. */
class FakeOps implements SimulatorPorts {
  clock: number
  readonly stock = new Map<string, number>()
  readonly orders = new Map<string, FakeOrder>()
  readonly requests: OrderRequest[] = []
  readonly receipts: StockReceipt[] = []
  readonly violations: string[] = []
  calls = { place: 0, pay: 0, ship: 0, complete: 0, receive: 0 }
  private n = 0

  constructor(start: Date, seed = 42) {
    this.clock = start.getTime()
    for (const s of initialStock(seed)) this.stock.set(`${s.sku}@${s.location_id}`, s.quantity)
  }

  now = () => new Date(this.clock)

  placeOrder = async (req: OrderRequest) => {
    this.calls.place++
    this.requests.push(req)
    const canServe = (loc: string) => req.lines.every((l) => (this.stock.get(`${l.sku}@${loc}`) ?? 0) >= l.quantity)
    let location = req.channel === 'store' ? req.location_id! : REGION_WAREHOUSE[cityInfo(req.delivery!.city).region]
    if (req.delivery) {
      // The ops core's default rule: a store within 3 km that can serve every line, else the warehouse.
      const d = req.delivery
      const store = STORES.filter((s) => distanceKm(d, s) <= 3)
        .sort((a, b) => distanceKm(d, a) - distanceKm(d, b))
        .find((s) => canServe(s.location_id))
      if (store) location = store.location_id
    }
    const short = !canServe(location)
    const id = `O-${++this.n}`
    if (short) {
      if (isOwnChannel(req.channel)) throw Object.assign(new Error(`no stock for ${req.external_id}`), { code: 'out_of_stock' })
      this.orders.set(id, { id, channel: req.channel, status: 'cancelled', location, lines: req.lines, placedAt: this.clock })
      return { order_id: id, status: 'cancelled' }
    }
    for (const l of req.lines) {
      const key = `${l.sku}@${location}`
      this.stock.set(key, (this.stock.get(key) ?? 0) - l.quantity)
    }
    const status = req.pay ? 'pending_shipment' : 'pending_payment'
    this.orders.set(id, { id, channel: req.channel, status, location, lines: req.lines, placedAt: this.clock, ...(req.pay ? { paidAt: this.clock } : {}) })
    return { order_id: id, status }
  }

  private move(id: string, from: string, to: string) {
    const o = this.orders.get(id)
    if (!o || o.status !== from) {
      this.violations.push(`${id}: ${o?.status ?? 'missing'} → ${to}`)
      throw new Error(`cannot move ${id} from ${o?.status} to ${to}`)
    }
    o.status = to
    return o
  }

  payOrder = async (id: string) => {
    this.calls.pay++
    const o = this.move(id, 'pending_payment', 'pending_shipment')
    o.paidAt = this.clock
    if (this.clock - o.placedAt > 30 * MIN) this.violations.push(`${id} paid after expiry`)
  }
  shipOrder = async (id: string) => {
    this.calls.ship++
    this.move(id, 'pending_shipment', 'shipped')
  }
  completeOrder = async (id: string) => {
    this.calls.complete++
    this.move(id, 'shipped', 'completed')
  }
  receiveStock = async (r: StockReceipt) => {
    this.calls.receive++
    this.receipts.push(r)
    const key = `${r.sku}@${r.location_id}`
    this.stock.set(key, (this.stock.get(key) ?? 0) + r.quantity)
  }
}

const silent: SimulatorLogger = { debug: () => {}, warn: () => {} }

async function run(ops: FakeOps, opts: Partial<SimulatorOptions>, minutes: number, stepMs = MIN) {
  const sim = createSimulator(ops, { seed: 42, ordersPerMinute: 20, timeZone: TZ, world, logger: silent, tickMs: stepMs, ...opts })
  for (let t = 0; t < (minutes * MIN) / stepMs; t++) {
    await sim.tick()
    ops.clock += stepMs
  }
  return sim
}

describe('initialStock', () => {
  const stock = initialStock(42)
  const at = (sku: string, loc: string) => stock.find((s) => s.sku === sku && s.location_id === loc)?.quantity ?? 0

  it('is pure and deterministic', () => {
    expect(initialStock(42)).toEqual(stock)
    expect(initialStock(7)).not.toEqual(stock)
  })

  it('stocks every SKU generously at every warehouse and a small range at stores', () => {
    for (const wh of WAREHOUSES) {
      for (const item of CATALOGUE) {
        if (SCARCE_SKUS.includes(item.sku)) continue
        expect(at(item.sku, wh.location_id)).toBeGreaterThanOrEqual(100)
      }
    }
    for (const s of stock) {
      expect(Number.isInteger(s.quantity) && s.quantity > 0).toBe(true)
      expect(LOCATIONS.some((l) => l.location_id === s.location_id)).toBe(true)
      const item = CATALOGUE.find((i) => i.sku === s.sku)!
      expect(s.unit_cost).toBe(fromCents(item.unit_cost_cents))
    }
    for (const store of STORES) {
      const lines = stock.filter((s) => s.location_id === store.location_id)
      expect(lines.length).toBeGreaterThan(30)
      expect(lines.length).toBeLessThan(CATALOGUE.length)
      for (const l of lines) expect(l.quantity).toBeLessThanOrEqual(120)
    }
    const whTotal = stock.filter((s) => s.location_id.startsWith('WH-')).reduce((a, s) => a + s.quantity, 0)
    const storeTotal = stock.filter((s) => s.location_id.startsWith('ST-')).reduce((a, s) => a + s.quantity, 0)
    expect(whTotal).toBeGreaterThan(5 * storeTotal)
  })

  it('keeps a few SKUs deliberately scarce', () => {
    expect(SCARCE_SKUS.length).toBeGreaterThanOrEqual(3)
    for (const sku of SCARCE_SKUS) {
      const total = stock.filter((s) => s.sku === sku).reduce((a, s) => a + s.quantity, 0)
      expect(total).toBeGreaterThan(0)
      expect(total).toBeLessThan(80)
      for (const wh of WAREHOUSES) expect(at(sku, wh.location_id)).toBeLessThanOrEqual(20)
    }
  })
})

describe('simulator (fake in-memory ports)', () => {
  it('places orders at roughly ordersPerMinute × rhythm', async () => {
    const start = new Date('2026-11-18T10:00:00Z') // 18:00 Wednesday in Shanghai
    const ops = new FakeOps(start)
    const sim = await run(ops, { ordersPerMinute: 20 }, 6 * 60)
    let expected = 0
    for (let m = 0; m < 6 * 60; m++) {
      const t = new Date(start.getTime() + m * MIN)
      for (const ch of CHANNEL_IDS) expected += 20 * CHANNEL_MIX[ch] * intensity(t, TZ, ch, { growthAnchor: start })
    }
    const s = sim.stats()
    // Every drawn order is offered to the ops core, except POS baskets whose items the store has run out of.
    const drawn = ops.calls.place + s.emptyShelves
    expect(drawn / expected).toBeGreaterThan(0.93)
    expect(drawn / expected).toBeLessThan(1.07)
    expect(s.emptyShelves / drawn).toBeLessThan(0.02)
    expect(s.placed + s.blocked).toBe(ops.calls.place)
    expect(s.errors).toBe(0)
    expect(s.ticks).toBe(360)
    // Evening hours run above the average rate.
    expect(ops.calls.place).toBeGreaterThan(20 * 6 * 60)
    for (const ch of CHANNEL_IDS) expect(s.byChannel[ch]).toBeGreaterThan(0)
  })

  it('places nothing in stores while they are closed, and follows the night trough', async () => {
    const night = new FakeOps(new Date('2026-11-18T18:00:00Z')) // 02:00–04:00 in Shanghai
    await run(night, { ordersPerMinute: 20 }, 120)
    const evening = new FakeOps(new Date('2026-11-18T12:00:00Z')) // 20:00–22:00
    await run(evening, { ordersPerMinute: 20 }, 120)
    expect(night.requests.filter((r) => r.channel === 'store')).toEqual([])
    expect(night.calls.place * 4).toBeLessThan(evening.calls.place)
  })

  it('pays most unpaid orders after a short delay, ships paid ones, completes shipped ones', async () => {
    const ops = new FakeOps(new Date('2026-11-18T10:00:00Z'))
    const sim = createSimulator(ops, { seed: 42, ordersPerMinute: 30, timeZone: TZ, world, logger: silent, tickMs: 5_000 })
    // Ten minutes of orders, then another hour for what they set off.
    for (let t = 0; t < 12 * 70; t++) {
      await sim.tick()
      ops.clock += 5_000
    }
    const cutoff = new Date('2026-11-18T10:10:00Z').getTime()
    const s = sim.stats()
    expect(ops.violations).toEqual([])
    expect(s.errors).toBe(0)
    const cohort = [...ops.orders.values()].filter((o) => o.placedAt < cutoff && o.status !== 'cancelled')
    expect(cohort.length).toBeGreaterThan(200)
    const unpaidAtPlace = cohort.filter((o) => o.paidAt !== o.placedAt)
    const paidLater = unpaidAtPlace.filter((o) => o.paidAt !== undefined)
    expect(paidLater.length / unpaidAtPlace.length).toBeGreaterThan(0.85)
    expect(paidLater.length / unpaidAtPlace.length).toBeLessThan(0.995)
    for (const o of paidLater) {
      expect(o.paidAt! - o.placedAt).toBeGreaterThanOrEqual(5_000)
      expect(o.paidAt! - o.placedAt).toBeLessThanOrEqual(95_000)
    }
    // Everything paid in the cohort has been shipped and completed; the rest waits to expire.
    for (const o of cohort) expect(o.status).toBe(o.paidAt === undefined ? 'pending_payment' : 'completed')
    expect(s.paid).toBeGreaterThanOrEqual(paidLater.length)
    expect(s.completed).toBeGreaterThanOrEqual(cohort.filter((o) => o.paidAt !== undefined).length)
    expect(s.leftToExpire).toBeGreaterThanOrEqual(unpaidAtPlace.length - paidLater.length)
  })

  it('runs into the scarce SKUs: own channels blocked, marketplaces oversold, stock received', async () => {
    const ops = new FakeOps(new Date('2026-11-18T02:00:00Z')) // 10:00 in Shanghai
    const sim = await run(ops, { ordersPerMinute: 30 }, 12 * 60)
    const s = sim.stats()
    expect(s.blocked).toBeGreaterThan(0)
    expect(s.cancelledOnPlace).toBeGreaterThan(0)
    expect(s.errors).toBe(0)
    expect(s.receipts).toBeGreaterThan(0)
    expect(s.receipts).toBe(ops.receipts.length)
    for (const r of ops.receipts) {
      expect(r.quantity).toBeGreaterThan(0)
      expect(r.unit_cost).toMatch(/^\d+\.\d{2}$/)
    }
    // Scarce SKUs come back, but only a few units at a time.
    const scarce = ops.receipts.filter((r) => SCARCE_SKUS.includes(r.sku))
    expect(scarce.length).toBeGreaterThan(0)
    for (const r of scarce) expect(r.quantity).toBeLessThanOrEqual(20)
    // Stores are restocked too (POS sales and online orders routed to them).
    expect(ops.receipts.some((r) => r.location_id.startsWith('ST-'))).toBe(true)
    // Restocking keeps the rest of the range sellable.
    const empty = [...ops.stock.entries()].filter(([k, q]) => k.startsWith('SKU') && k.includes('@WH-') && q <= 0 && !SCARCE_SKUS.some((s) => k.startsWith(s)))
    expect(empty.length).toBeLessThan(10)
  })

  it('is deterministic for a seed and a clock', async () => {
    const a = new FakeOps(new Date('2026-11-18T12:00:00Z'))
    const b = new FakeOps(new Date('2026-11-18T12:00:00Z'))
    await run(a, {}, 30)
    await run(b, {}, 30)
    expect(a.requests.length).toBeGreaterThan(100)
    expect(b.requests).toEqual(a.requests)
    expect(b.receipts).toEqual(a.receipts)
  })

  it('counts failing ports, warns rate-limited, and keeps going', async () => {
    const ops = new FakeOps(new Date('2026-11-18T12:00:00Z'))
    let calls = 0
    const flaky: SimulatorPorts = {
      ...ops,
      now: ops.now,
      placeOrder: async (req) => {
        if (++calls % 3 === 0) throw new Error('HTTP 503')
        return ops.placeOrder(req)
      },
      payOrder: async () => {
        throw new Error('payment service down')
      },
      shipOrder: ops.shipOrder,
      completeOrder: ops.completeOrder,
      receiveStock: async () => {
        throw new TypeError('fetch failed')
      },
    }
    const warnings: string[] = []
    const debugs: string[] = []
    const sim = createSimulator(flaky, {
      seed: 42,
      ordersPerMinute: 20,
      timeZone: TZ,
      world,
      logger: { warn: (m: unknown) => warnings.push(String(m)), debug: (m: unknown) => debugs.push(String(m)) },
    })
    for (let t = 0; t < 60; t++) {
      await sim.tick()
      ops.clock += MIN
    }
    const s = sim.stats()
    expect(s.ticks).toBe(60)
    expect(s.placed).toBeGreaterThan(500)
    expect(s.errors).toBeGreaterThan(300)
    // At most one warning per 30 s of simulated time, each saying how many were swallowed.
    expect(warnings.length).toBeGreaterThan(10)
    expect(warnings.length).toBeLessThanOrEqual(61)
    expect(warnings.some((w) => /suppressed/.test(w))).toBe(true)
    expect(warnings.some((w) => /HTTP 503/.test(w))).toBe(true)
  })
})

describe('startSimulator', () => {
  it('never overlaps ticks and stop() waits for the tick in flight', async () => {
    const ops = new FakeOps(new Date('2026-11-18T12:00:00Z'))
    const realStart = Date.now()
    let active = 0
    let maxActive = 0
    let calls = 0
    const slow: SimulatorPorts = {
      ...ops,
      // One real millisecond is one simulated second.
      now: () => new Date(ops.clock + (Date.now() - realStart) * 1000),
      placeOrder: async (req) => {
        calls++
        active++
        maxActive = Math.max(maxActive, active)
        await new Promise((r) => setTimeout(r, 3))
        active--
        return ops.placeOrder(req)
      },
    }
    const handle = startSimulator(slow, { seed: 42, ordersPerMinute: 6, timeZone: TZ, world, logger: silent, tickMs: 1, concurrency: 1 })
    await new Promise((r) => setTimeout(r, 150))
    await handle.stop()
    expect(active).toBe(0)
    expect(maxActive).toBe(1)
    expect(calls).toBeGreaterThan(5)
    const after = calls
    const ticks = handle.stats().ticks
    await new Promise((r) => setTimeout(r, 50))
    expect(calls).toBe(after)
    expect(handle.stats().ticks).toBe(ticks)
    expect(ticks).toBeGreaterThan(1)
  })

  it('stops cleanly before the first tick', async () => {
    const ops = new FakeOps(new Date('2026-11-18T12:00:00Z'))
    const handle = startSimulator(ops, { seed: 42, ordersPerMinute: 30, timeZone: TZ, world, logger: silent })
    await handle.stop()
    await new Promise((r) => setTimeout(r, 20))
    expect(ops.calls.place).toBe(0)
    expect(handle.stats().ticks).toBe(0)
  })
})
