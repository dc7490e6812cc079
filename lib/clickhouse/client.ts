import { createClient, type ClickHouseClient } from '@clickhouse/client'
import fs from 'node:fs'
import { config } from '@/lib/config'

export type { ClickHouseClient }

type Holder = { client?: Promise<ClickHouseClient> }
// One client per process, shared by every bundle Next.js builds: chDB locks its directory.
const holder: Holder = ((globalThis as Record<string, unknown>).__fourflowClickHouse ??= {}) as Holder

/** Settings every session needs: read-your-writes inserts (ClickHouse 26 defaults async_insert on). */
export const SESSION_SETTINGS = {
  async_insert: 0,
  deduplicate_blocks_in_dependent_materialized_views: 1,
  insert_deduplicate: 1,
} as const

/**
 * The analytics store: a ClickHouse server when CLICKHOUSE_URL is set, else chDB in this
 * process under DATA_DIR. Opened lazily so that importing this module never takes chDB's lock.
 */
export function clickhouse(): Promise<ClickHouseClient> {
  holder.client ??= open().catch((e) => {
    holder.client = undefined
    throw e
  })
  return holder.client
}

async function open(): Promise<ClickHouseClient> {
  const cfg = config()
  if (cfg.CLICKHOUSE_URL) {
    return createClient({
      url: cfg.CLICKHOUSE_URL,
      username: cfg.CLICKHOUSE_USER,
      password: cfg.CLICKHOUSE_PASSWORD,
      database: cfg.CLICKHOUSE_DATABASE,
      clickhouse_settings: SESSION_SETTINGS,
    })
  }
  return openChdb(cfg.chdbPath)
}

export async function openChdb(path: string): Promise<ClickHouseClient> {
  fs.mkdirSync(path, { recursive: true })
  const { createChdbConnection } = await import('chdb/connection')
  const connection = createChdbConnection({ path })
  // chdb ships its own copy of the client's connection types; they are the same shape.
  return createClient({
    connection: connection as unknown as NonNullable<Parameters<typeof createClient>[0]>['connection'],
    clickhouse_settings: SESSION_SETTINGS,
  })
}

export async function closeClickHouse(): Promise<void> {
  const current = holder.client
  holder.client = undefined
  if (current) await (await current).close()
}

/** Runs a parameterised query and returns its rows. Values are bound, never spliced. */
export async function queryRows<T>(ch: ClickHouseClient, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await ch.query({ query, query_params: params, format: 'JSONEachRow' })
  return result.json<T>()
}
