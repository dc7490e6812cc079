import path from 'node:path'
import { z } from 'zod'

/**
 * Every setting Fourflow reads from the environment, with its default. The README's
 * configuration table mirrors this list; nothing else reads process.env directly.
 */
const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))

const schema = z.object({
  DATA_DIR: z.string().default('./data'),
  CLICKHOUSE_URL: z.string().url().optional(),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z.string().default('default'),
  DATABASE_URL: z.string().optional(),
  /** Connections each process keeps to PostgreSQL (web, workers); the server's max_connections bounds the sum. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1_000).default(20),
  KAFKA_BROKERS: z.string().optional(),
  KAFKA_TOPIC_PREFIX: z.string().default('fourflow'),
  KAFKA_GROUP_ID: z.string().default('fourflow-ingest'),
  /** How long the group waits for a member that died without leaving before rebalancing. */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
  /**
   * Most events per ClickHouse insert. Large, because an insert writes one part per month
   * partition it touches in each partitioned rollup: a history import spanning years pays
   * that per insert (bench/import: 20,000 ingests a million rows twice as fast as 5,000).
   * Live traffic fills far smaller batches anyway.
   */
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(20_000),
  INGEST_FLUSH_MS: z.coerce.number().int().min(1).max(60_000).default(100),
  TIME_ZONE: z.string().default('Asia/Shanghai'),
  DEMO: bool.optional(),
  DEMO_SEED: z.coerce.number().int().default(42),
  DEMO_HISTORY_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  DEMO_ORDERS_PER_MINUTE: z.coerce.number().min(0).max(60_000).default(30),
  ORDER_PAYMENT_TIMEOUT_MINUTES: z.coerce.number().min(1).default(30),
  AUTH_SECRET: z.string().min(16).optional(),
})

export type Config = z.infer<typeof schema> & {
  embedded: boolean
  demo: boolean
  chdbPath: string
  pglitePath: string
}

let cached: Config | undefined

export function config(): Config {
  if (cached) return cached
  // An empty variable means unset, as in most tools (`KAFKA_BROKERS= npm start`).
  const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''))
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid configuration: ${issues}`)
  }
  const values = parsed.data
  const dataDir = path.resolve(values.DATA_DIR)
  // Embedded means the event log is the Postgres outbox tailed in-process.
  const embedded = !values.KAFKA_BROKERS
  cached = {
    ...values,
    DATA_DIR: dataDir,
    embedded,
    demo: values.DEMO ?? embedded,
    chdbPath: path.join(dataDir, 'clickhouse'),
    pglitePath: path.join(dataDir, 'postgres'),
  }
  return cached
}

/** For tests that change the environment between cases. */
export function resetConfig(): void {
  cached = undefined
}
