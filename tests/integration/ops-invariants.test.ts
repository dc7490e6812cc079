import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import { createRng } from '@/lib/demo/random'
import { CHANNEL_IDS, type Channel } from '@/lib/events'
import { DomainError } from '@/lib/ops/errors'
import { actOnOrder, expireUnpaidOrders, placeOrder } from '@/lib/ops/orders'
import { allowedActions, ORDER_ACTIONS } from '@/lib/ops/order-state'
import type { OrderStatus } from '@/lib/events'
import { receiveStock } from '@/lib/ops/stock'
import { catalogueDb, TEST_LOCATIONS, TEST_SKUS } from './stores'

/**
 * A random mixed workload through the ops core — orders from every channel (some routed, some
 * at a store, some already overdue), payments, shipments, completions, cancellations, refunds,
 * expiry and goods receipts, in concurrent waves — after which the stock must add up three ways:
 * balances equal the ledger, on hand equals what the test itself received minus what orders
 * shipped, reserved equals the open orders' lines, and nothing was sold that was not there.
 * The same seeded workload runs on PGlite and on the PostgreSQL server.
 */
/** Seeded, so runs are comparable. */
function rng(seed: number): () => number {
  const r = createRng(seed)
  return () => r.next()
}

/** Refusals the domain may give to a random workload; anything else (a deadlock, a CHECK violation) fails the test. */
const EXPECTED_REFUSALS = new Set(['out_of_stock', 'illegal_transition'])

type Key = string // `${sku}@${location}`

async function workload(db: Db, seed: number, waves: number, perWave: number) {
  const rand = rng(seed)
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!
  const received = new Map<Key, number>()
  const orders: string[] = []
  const status = new Map<string, OrderStatus>() // as last seen: concurrent waves may have moved it on
  const unexpected: string[] = []
  const tally: Record<string, number> = {}
  const count = (k: string) => void (tally[k] = (tally[k] ?? 0) + 1)
  let seq = 0

  const op = (): (() => Promise<void>) => {
    const r = rand()
    if (r < 0.15) {
      const sku = pick(TEST_SKUS).sku
      const location = pick(TEST_LOCATIONS).location_id
      const quantity = 1 + Math.floor(rand() * 12)
      const cost = (20 + rand() * 80).toFixed(2)
      return async () => {
        await receiveStock(db, { sku, location_id: location, quantity, unit_cost: cost }, 'test')
        received.set(`${sku}@${location}`, (received.get(`${sku}@${location}`) ?? 0) + quantity)
        count('receipt')
      }
    }
    if (r < 0.45 || orders.length === 0) {
      const n = 1 + Math.floor(rand() * 3)
      const skus = [...TEST_SKUS].sort(() => rand() - 0.5).slice(0, n) // any line order: lock order is the core's job
      const channel = pick(CHANNEL_IDS) as Channel
      const where = rand()
      const overdue = rand() < 0.15 // placed 40 minutes ago, unpaid: the next expiry run cancels it
      const input = {
        channel,
        external_id: `inv-${seed}-${seq++}`,
        lines: skus.map((s) => ({ sku: s.sku, quantity: 1 + Math.floor(rand() * 3) })),
        ...(where < 0.3 ? { location_id: pick(TEST_LOCATIONS).location_id } : where < 0.6 ? { delivery: { lat: 31.236, lng: 121.476 } } : {}),
        pay: !overdue && rand() < 0.3,
      }
      const at = overdue ? new Date(Date.now() - 40 * 60_000) : undefined
      return async () => {
        const { order } = await placeOrder(db, input, { actor: 'test', at })
        orders.push(order.order_id)
        status.set(order.order_id, order.status)
        count(order.cancel_reason === 'out_of_stock' ? 'oversell-cancelled' : 'placed')
      }
    }
    if (r < 0.5) {
      return async () => {
        count((await expireUnpaidOrders(db)) > 0 ? 'expiry' : 'expiry (none due)')
      }
    }
    // Mostly a step the order allows as last seen, sometimes any step (to be refused).
    const orderId = pick(orders.slice(-40)) // recent orders, so some go the whole way to a refund
    const allowed = allowedActions(status.get(orderId)!)
    const action = allowed.length > 0 && rand() < 0.8 ? pick(allowed) : pick(ORDER_ACTIONS)
    return async () => {
      const order = await actOnOrder(db, orderId, action, { actor: 'test' }, action === 'cancel' ? 'customer_request' : undefined)
      status.set(orderId, order.status)
      count(action)
    }
  }

  for (let w = 0; w < waves; w++) {
    const results = await Promise.allSettled(Array.from({ length: perWave }, () => op()).map((run) => run()))
    for (const res of results) {
      if (res.status === 'fulfilled') continue
      const e = res.reason as Error
      if (e instanceof DomainError && EXPECTED_REFUSALS.has(e.code)) count(`refused ${e.code}`)
      else unexpected.push(`${e.constructor.name}: ${e.message}`)
    }
  }
  return { received, unexpected, tally }
}

async function stockFigures(db: Db) {
  return db.query<{
    sku: string
    location_id: string
    on_hand: number
    reserved: number
    in_transit: number
    incoming: number
    ledger_on_hand: number
    ledger_reserved: number
    ledger_in_transit: number
    ledger_incoming: number
    open_lines: number
    shipped_lines: number
  }>(
    `WITH ledger AS (
       SELECT sku, location_id, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved,
              sum(in_transit_delta) AS in_transit, sum(incoming_delta) AS incoming
         FROM stock_movements GROUP BY sku, location_id),
     lines AS (
       SELECT l.sku, o.location_id,
              COALESCE(sum(l.quantity) FILTER (WHERE o.status IN ('pending_payment', 'pending_shipment')), 0) AS open_lines,
              COALESCE(sum(l.quantity) FILTER (WHERE o.status IN ('shipped', 'completed')), 0) AS shipped_lines
         FROM orders o JOIN order_lines l USING (order_id) GROUP BY l.sku, o.location_id)
     SELECT s.sku, s.location_id, s.on_hand, s.reserved, s.in_transit, s.incoming,
            COALESCE(g.on_hand, 0)::int8 AS ledger_on_hand, COALESCE(g.reserved, 0)::int8 AS ledger_reserved,
            COALESCE(g.in_transit, 0)::int8 AS ledger_in_transit, COALESCE(g.incoming, 0)::int8 AS ledger_incoming,
            COALESCE(n.open_lines, 0)::int8 AS open_lines, COALESCE(n.shipped_lines, 0)::int8 AS shipped_lines
       FROM stock s LEFT JOIN ledger g USING (sku, location_id) LEFT JOIN lines n USING (sku, location_id)
      ORDER BY s.sku, s.location_id`,
  )
}

describe.each([
  { kind: 'pglite' as const, waves: 40, perWave: 12 },
  { kind: 'postgres' as const, waves: 40, perWave: 30 },
])('stock and orders after a random mixed workload ($kind)', ({ kind, waves, perWave }) => {
  let db: Db
  beforeAll(async () => {
    db = await catalogueDb(kind)
  })
  afterAll(() => db?.close())

  it('reconciles the ledger, the balances and the orders, and never oversells', async () => {
    const seed = 20261127
    const { received, unexpected, tally } = await workload(db, seed, waves, perWave)
    expect(unexpected, `seed ${seed}`).toEqual([])
    // The workload did reach every path it is meant to test.
    for (const k of ['receipt', 'placed', 'pay', 'ship', 'cancel', 'refund', 'expiry', 'refused out_of_stock', 'refused illegal_transition']) {
      expect(tally[k] ?? 0, `${k} in ${JSON.stringify(tally)}`).toBeGreaterThan(0)
    }

    const rows = await stockFigures(db)
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) {
      const at = `${r.sku}@${r.location_id}`
      // Balances are the ledger's sums.
      expect([r.on_hand, r.reserved, r.in_transit, r.incoming], at).toEqual([r.ledger_on_hand, r.ledger_reserved, r.ledger_in_transit, r.ledger_incoming])
      // …and what the orders say: reserved = open orders' lines; on hand = received − shipped (refunds restock).
      expect(r.reserved, at).toBe(r.open_lines)
      expect(r.on_hand, at).toBe((received.get(at) ?? 0) - r.shipped_lines)
      // No oversell: what is reserved or sold never exceeds what was received (and returned).
      expect(r.on_hand - r.reserved - r.in_transit, at).toBeGreaterThanOrEqual(0)
    }

    // Every status is where its recorded transitions lead, and every change is in the outbox.
    const [check] = await db.query<{ wrong_status: number; orders: number; placed_events: number; movements: number; stock_events: number }>(
      `SELECT (SELECT count(*) FROM orders o
                WHERE o.status <> (SELECT t.to_status FROM order_transitions t WHERE t.order_id = o.order_id ORDER BY t.id DESC LIMIT 1))::int8 AS wrong_status,
              (SELECT count(*) FROM orders)::int8 AS orders,
              (SELECT count(*) FROM outbox WHERE family = 'orders' AND payload LIKE '%"type":"order.placed"%')::int8 AS placed_events,
              (SELECT count(*) FROM stock_movements)::int8 AS movements,
              (SELECT count(*) FROM outbox WHERE family = 'stock' AND payload LIKE '%"type":"stock.moved"%')::int8 AS stock_events`,
    )
    expect(check!.wrong_status).toBe(0)
    expect(check!.placed_events).toBe(check!.orders)
    expect(check!.stock_events).toBe(check!.movements)
  })
})
