import { clickhouse } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { config } from '@/lib/config'
import { db } from '@/lib/db'
import { OUTBOX_INGEST_CONSUMER } from '@/lib/eventlog/lag'
import { pruneOutbox } from '@/lib/eventlog/prune'
import { ensureTopics, kafkaClient } from '@/lib/eventlog/kafka'
import { expireUnpaidOrders } from '@/lib/ops/orders'
import { publishChannelAvailability } from '@/lib/ops/channel-availability'
import { evaluateReplenishment } from '@/lib/ops/replenishment'
import { pruneNotifications } from '@/lib/ops/notifications'
import { seedDemoUsers, upsertUser } from '@/lib/auth/users'
import { OutboxSource } from '@/ingest/outbox-source'
import { ClickHouseSink } from '@/ingest/sink'
import { startIngest } from '@/ingest/worker'
import { refreshCustomerAttributesIfChanged } from '@/lib/customers/attributes'
import { refreshBuyerVisits } from '@/lib/analytics/buyer-visits'
import { startDemo } from './demo'

type Stoppable = { stop(): Promise<void> }
const holder = ((globalThis as Record<string, unknown>).__fourflowRuntime ??= {}) as { started?: Promise<Stoppable[]> }

const HOUSEKEEPING_EVERY_MS = 30_000
/** Channels learn a changed sellable quantity within this long. */
const CHANNEL_AVAILABILITY_EVERY_MS = 5_000
const ATTRIBUTES_EVERY_MS = 60_000
const VISITS_EVERY_MS = 60_000

/**
 * Brings up everything the web process runs besides serving pages: migrations, and in
 * embedded mode the ingest loop (chDB and PGlite belong to this process alone), the
 * unpaid-order expiry and the demo traffic. Idempotent; stops cleanly on SIGTERM.
 */
export function startRuntime(): Promise<Stoppable[]> {
  holder.started ??= start()
  return holder.started
}

/** For the server's start-up: a server that cannot open its stores must not pretend to run. */
export async function startRuntimeOrExit(): Promise<void> {
  try {
    await startRuntime()
  } catch (e) {
    console.error('fourflow: cannot start:', e instanceof Error ? e.message : e)
    process.exit(1)
  }
}

/** Runs `job` at once and then every `ms`, a failure logged as `what` failed; stopped with the rest. */
function nowAndEvery(ms: number, what: string, job: () => Promise<unknown>): Stoppable {
  const run = () => void job().catch((e) => console.warn(`fourflow: ${what} failed`, e))
  run()
  const timer = setInterval(run, ms)
  return { stop: async () => clearInterval(timer) }
}

async function start(): Promise<Stoppable[]> {
  const cfg = config()
  const store = await db()
  const ch = await clickhouse()
  await migrateClickHouse(ch)
  if (process.env.ADMIN_PASSWORD) {
    await upsertUser(store, { username: 'admin', role: 'admin', display_name: 'Admin', location_id: null, password: process.env.ADMIN_PASSWORD })
  }
  const running: Stoppable[] = []
  if (!cfg.embedded) await ensureTopics(kafkaClient('fourflow-web'))
  if (cfg.embedded) {
    const source = new OutboxSource(store, OUTBOX_INGEST_CONSUMER, { batchSize: cfg.INGEST_BATCH_SIZE, pollMs: cfg.INGEST_FLUSH_MS })
    running.push(startIngest(source, new ClickHouseSink(ch)))
    console.log(`fourflow: embedded mode — data in ${cfg.DATA_DIR}, ingesting the outbox into chDB`)
  }
  // Unpaid orders past their deadline release their stock; the embedded outbox is trimmed
  // behind the ingest position (in Kafka mode the relay process trims behind its own).
  const housekeeping = setInterval(() => {
    expireUnpaidOrders(store).catch((e) => console.warn('fourflow: order expiry failed', e))
    evaluateReplenishment(store).catch((e) => console.warn('fourflow: replenishment check failed', e))
    pruneNotifications(store).catch((e) => console.warn('fourflow: notification pruning failed', e))
    if (cfg.embedded) pruneOutbox(store, OUTBOX_INGEST_CONSUMER).catch((e) => console.warn('fourflow: outbox pruning failed', e))
  }, HOUSEKEEPING_EVERY_MS)
  running.push({ stop: async () => clearInterval(housekeeping) })
  const availability = setInterval(() => {
    publishChannelAvailability(store).catch((e) => console.warn('fourflow: channel availability failed', e))
  }, CHANNEL_AVAILABILITY_EVERY_MS)
  running.push({ stop: async () => clearInterval(availability) })
  // Segments scan customer attributes rebuilt from the facts (lib/customers/attributes.ts):
  // once at start, then every minute when something changed.
  running.push(nowAndEvery(ATTRIBUTES_EVERY_MS, 'customer attribute rebuild', () => refreshCustomerAttributesIfChanged(store, ch)))
  // Customer counts read the buyer visits (lib/analytics/buyer-visits.ts) while they are
  // fresh: built when missing or short of yesterday, rebuilt when stale, checked every minute.
  running.push(nowAndEvery(VISITS_EVERY_MS, 'buyer visit build', () => refreshBuyerVisits(store, ch)))
  if (cfg.demo) {
    await seedDemoUsers(store)
    running.push(await startDemo(store, cfg))
  }
  const shutdown = async () => {
    for (const r of running.reverse()) await r.stop().catch(() => undefined)
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown())
  process.once('SIGINT', () => void shutdown())
  return running
}
