import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { openChdb, type ClickHouseClient } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { resetConfig } from '@/lib/config'
import { migratePostgres } from '@/lib/db/migrate'
import { openPglite } from '@/lib/db/pglite'
import { openPostgres } from '@/lib/db/postgres'
import type { Db } from '@/lib/db'
import { upsertLocations, upsertSkus, type LocationRecord, type SkuRecord } from '@/lib/ops/catalogue'

export function tempDir(prefix = 'fourflow-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

/**
 * Configures this process the embedded way in a fresh data directory, for route handlers under
 * test (they read config()): no Kafka, PostgreSQL or ClickHouse server, this installation
 * secret, and any further settings. Returns the data directory.
 */
export function useEmbeddedConfig(secret: string, settings: Record<string, string> = {}): string {
  const dir = tempDir()
  Object.assign(process.env, { DATA_DIR: dir, AUTH_SECRET: secret, ...settings })
  for (const name of ['KAFKA_BROKERS', 'DATABASE_URL', 'CLICKHOUSE_URL']) delete process.env[name]
  resetConfig()
  return dir
}

/** A migrated chDB in a fresh directory. One per test file: chDB is one engine per process. */
export async function freshClickHouse(): Promise<ClickHouseClient> {
  const ch = await openChdb(path.join(tempDir(), 'clickhouse'))
  await migrateClickHouse(ch)
  return ch
}

export const hasPostgres = Boolean(process.env.TEST_DATABASE_URL)

/** A migrated database: a new database on the test PostgreSQL server, or an in-memory PGlite. */
export async function freshDb(kind: 'pglite' | 'postgres'): Promise<Db> {
  const db = kind === 'pglite' ? await openPglite() : await openPostgres(await freshDatabaseUrl(), { max: 40 })
  await migratePostgres(db)
  return db
}

/** A new, empty database on the test PostgreSQL server (benchmarks use it too). */
export async function freshDatabaseUrl(prefix = 'fourflow'): Promise<string> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through `npm test` (or `source .services/env` after `scripts/services.sh up`), which starts PostgreSQL')
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  const admin = await openPostgres(url, { max: 1 })
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.close()
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

export const TEST_SKUS: SkuRecord[] = [
  { sku: 'SKU-A', name_zh: '面霜', name_en: 'Face cream', category: 'skincare', list_price_cents: 19_900 },
  { sku: 'SKU-B', name_zh: '口红', name_en: 'Lipstick', category: 'makeup', list_price_cents: 12_950 },
  { sku: 'SKU-C', name_zh: '坚果', name_en: 'Nuts', category: 'snacks', list_price_cents: 3_990 },
]

export const TEST_LOCATIONS: LocationRecord[] = [
  { location_id: 'WH-SH', kind: 'warehouse', name_zh: '上海仓', name_en: 'Shanghai DC', region: 'east', city: 'shanghai', lat: 31.23, lng: 121.47 },
  { location_id: 'ST-SH-01', kind: 'store', name_zh: '上海南京路店', name_en: 'Shanghai Nanjing Rd', region: 'east', city: 'shanghai', lat: 31.235, lng: 121.475 },
  { location_id: 'WH-BJ', kind: 'warehouse', name_zh: '北京仓', name_en: 'Beijing DC', region: 'north', city: 'beijing', lat: 39.9, lng: 116.4 },
]

export async function seedCatalogue(db: Db): Promise<void> {
  await upsertSkus(db, TEST_SKUS)
  await upsertLocations(db, TEST_LOCATIONS)
}

/** A fresh operational store (see freshDb) with the test catalogue, DATA_DIR pointed at a new temporary folder. */
export async function catalogueDb(kind: 'pglite' | 'postgres'): Promise<Db> {
  process.env.DATA_DIR = tempDir()
  const db = await freshDb(kind)
  await seedCatalogue(db)
  return db
}
