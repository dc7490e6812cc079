import { z } from 'zod'
import { config } from '@/lib/config'
import type { Db, Sql } from '@/lib/db'
import { CHANNEL_IDS, type Channel } from '@/lib/events'
import { DEFAULT_STORE_RADIUS_KM } from './routing'

/**
 * Operational rules an admin changes at run time (the /settings page): read from the
 * database, cached per process for a few seconds and dropped on every write, so a change
 * takes effect without a restart (at once in this process, within the TTL in others).
 */
export const opsSettingsSchema = z.object({
  /** Online orders go to a store within this distance of the delivery point. */
  store_radius_km: z.number().min(0).max(100),
  /** Unpaid orders are cancelled and release their stock after this many minutes. */
  unpaid_expiry_minutes: z.number().int().min(1).max(7 * 24 * 60),
  /** Units held back from what each channel may sell (channel availability). */
  channel_buffers: z.partialRecord(z.enum(CHANNEL_IDS), z.number().int().min(0).max(1_000_000)),
})
export type OpsSettings = z.infer<typeof opsSettingsSchema>
export const updateSettingsSchema = opsSettingsSchema.partial().strict()

export function defaultSettings(): OpsSettings {
  return { store_radius_km: DEFAULT_STORE_RADIUS_KM, unpaid_expiry_minutes: config().ORDER_PAYMENT_TIMEOUT_MINUTES, channel_buffers: {} }
}

const TTL_MS = 5_000
const cache = new WeakMap<object, { at: number; value: OpsSettings }>()

export async function getSettings(db: Sql, now = Date.now()): Promise<OpsSettings> {
  const hit = cache.get(db)
  if (hit && now - hit.at < TTL_MS) return hit.value
  const rows = await db.query<{ key: string; value: unknown }>('SELECT key, value FROM settings')
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]))
  // A stored value a later version no longer accepts falls back to the default, field by field.
  const value = { ...defaultSettings() } as Record<string, unknown>
  for (const [key, field] of Object.entries(opsSettingsSchema.shape)) {
    const parsed = field.safeParse(stored[key])
    if (parsed.success) value[key] = parsed.data
  }
  const settings = value as OpsSettings
  cache.set(db, { at: now, value: settings })
  return settings
}

export function channelBuffer(s: OpsSettings, channel: Channel): number {
  return s.channel_buffers[channel] ?? 0
}

/** Changes some settings, recording who changed what from what to what. */
export async function updateSettings(db: Db, patch: z.infer<typeof updateSettingsSchema>, actor: string, at = new Date()): Promise<OpsSettings> {
  const input = updateSettingsSchema.parse(patch)
  cache.delete(db)
  await db.transaction(async (tx) => {
    for (const [key, next] of Object.entries(input)) {
      if (next === undefined) continue
      const [old] = await tx.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1 FOR UPDATE', [key])
      const before = old?.value ?? (defaultSettings() as Record<string, unknown>)[key]
      if (JSON.stringify(before) === JSON.stringify(next)) continue
      await tx.query(
        `INSERT INTO settings (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET value = $2, updated_by = $3, updated_at = $4`,
        [key, JSON.stringify(next), actor, at],
      )
      await audit(tx, `settings.${key}`, before, next, actor, at)
    }
  })
  cache.delete(db)
  return getSettings(db)
}

export async function audit(tx: Sql, subject: string, before: unknown, after: unknown, actor: string, at: Date): Promise<void> {
  await tx.query('INSERT INTO settings_audit (subject, old_value, new_value, actor, at) VALUES ($1, $2, $3, $4, $5)', [
    subject,
    before === undefined || before === null ? null : JSON.stringify(before),
    after === undefined || after === null ? null : JSON.stringify(after),
    actor,
    at,
  ])
}

export async function settingsAudit(db: Sql, limit = 100) {
  const rows = await db.query<{ audit_id: number; subject: string; old_value: unknown; new_value: unknown; actor: string; at: Date }>(
    'SELECT audit_id, subject, old_value, new_value, actor, at FROM settings_audit ORDER BY audit_id DESC LIMIT $1',
    [limit],
  )
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }))
}
