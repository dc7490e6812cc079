import fs from 'node:fs'
import path from 'node:path'
import { config } from '@/lib/config'
import { migratePostgres } from './migrate'
import { openPglite } from './pglite'
import { openPostgres } from './postgres'
import type { Db } from './types'

export type { Db, Sql } from './types'

type Holder = { db?: Promise<Db> }
// One instance per process, shared by every bundle Next.js builds (instrumentation, routes).
const holder: Holder = ((globalThis as Record<string, unknown>).__fourflowDb ??= {}) as Holder

/** The operational store: PostgreSQL when DATABASE_URL is set, else PGlite under DATA_DIR. */
export function db(): Promise<Db> {
  holder.db ??= open().catch((e) => {
    holder.db = undefined
    throw e
  })
  return holder.db
}

async function open(): Promise<Db> {
  const cfg = config()
  const instance = cfg.DATABASE_URL
    ? await openPostgres(cfg.DATABASE_URL, { max: cfg.DATABASE_POOL_MAX })
    : await openPglite(claimPgliteDir(cfg.pglitePath))
  await migratePostgres(instance)
  return instance
}

/**
 * PGlite has no lock between processes: a second process would corrupt the data. We take
 * an exclusive pid file and refuse to start while another live process holds it.
 */
function claimPgliteDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true })
  const lock = path.join(dir, '..', 'postgres.pid')
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' })
  } catch {
    const owner = Number(fs.readFileSync(lock, 'utf8'))
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${owner}. Stop it first, or set DATABASE_URL to use a PostgreSQL server.`,
      )
    }
    fs.writeFileSync(lock, String(process.pid))
  }
  process.once('exit', () => {
    try {
      if (fs.readFileSync(lock, 'utf8') === String(process.pid)) fs.unlinkSync(lock)
    } catch {
      /* already gone */
    }
  })
  return dir
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export async function closeDb(): Promise<void> {
  const current = holder.db
  holder.db = undefined
  if (current) await (await current).close()
}
