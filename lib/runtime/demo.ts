import type { Config } from '@/lib/config'
import type { Db } from '@/lib/db'
import { publishEvents } from '@/lib/eventlog/publish'
import { CATALOGUE, LOCATIONS, generateHistory, initialStock, startSimulator } from '@/lib/demo'
import { upsertLocations, upsertSkus } from '@/lib/ops/catalogue'
import { actOnOrder, placeOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { seedDemoCommerce } from '@/lib/distributors/demo'

const ACTOR = { actor: 'demo:simulator' }
const HISTORY_KEY = 'demo.history'

/**
 * Demo mode: master data, opening stock, a backfilled history (analytics-only events, as an
 * import would be) and then live orders placed through the ops core, as channels would.
 */
export async function startDemo(db: Db, cfg: Config): Promise<{ stop(): Promise<void> }> {
  await upsertSkus(db, CATALOGUE)
  await upsertLocations(db, LOCATIONS)
  await seedDemoCommerce(db)
  const [stocked] = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM stock')
  if ((stocked?.n ?? 0) === 0) {
    for (const r of initialStock(cfg.DEMO_SEED)) await receiveStock(db, r, ACTOR.actor)
  }
  await backfillHistory(db, cfg)
  const simulator = startSimulator(
    {
      placeOrder: async (req) => {
        const { order } = await placeOrder(db, req, ACTOR)
        return { order_id: order.order_id, status: order.status }
      },
      payOrder: async (id) => void (await actOnOrder(db, id, 'pay', ACTOR)),
      shipOrder: async (id) => void (await actOnOrder(db, id, 'ship', ACTOR)),
      completeOrder: async (id) => void (await actOnOrder(db, id, 'complete', ACTOR)),
      receiveStock: async (r) => void (await receiveStock(db, r, ACTOR.actor)),
      now: () => new Date(),
    },
    { seed: cfg.DEMO_SEED, ordersPerMinute: cfg.DEMO_ORDERS_PER_MINUTE, timeZone: cfg.TIME_ZONE },
  )
  console.log(`fourflow: demo traffic on, ~${cfg.DEMO_ORDERS_PER_MINUTE} orders/min`)
  return simulator
}

/**
 * Publishes DEMO_HISTORY_DAYS of past orders once. The end of the history is stored before
 * publishing, so a restart regenerates the same events (same seed, same ids) and the sink's
 * duplicate check makes the retry harmless.
 */
async function backfillHistory(db: Db, cfg: Config): Promise<void> {
  if (cfg.DEMO_HISTORY_DAYS === 0) return
  const [state] = await db.query<{ value: { endAt: string; done: boolean } }>('SELECT value FROM app_state WHERE key = $1', [HISTORY_KEY])
  if (state?.value.done) return
  const endAt = state ? new Date(state.value.endAt) : new Date()
  await db.query(
    `INSERT INTO app_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2, updated_at = now()`,
    [HISTORY_KEY, JSON.stringify({ endAt: endAt.toISOString(), done: false })],
  )
  const started = Date.now()
  let events = 0
  for (const batch of generateHistory({ seed: cfg.DEMO_SEED, days: cfg.DEMO_HISTORY_DAYS, endAt, timeZone: cfg.TIME_ZONE })) {
    await publishEvents(batch)
    events += batch.length
  }
  await db.query('UPDATE app_state SET value = $2, updated_at = now() WHERE key = $1', [HISTORY_KEY, JSON.stringify({ endAt: endAt.toISOString(), done: true })])
  console.log(`fourflow: backfilled ${cfg.DEMO_HISTORY_DAYS} days of history (${events} events) in ${Date.now() - started} ms`)
}
