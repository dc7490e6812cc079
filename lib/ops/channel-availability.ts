import { z } from 'zod'
import type { Db, Sql } from '@/lib/db'
import { channelSchema, CHANNEL_IDS, createEvent, type AnyEvent, type Channel } from '@/lib/events'
import { appendToOutbox } from '@/lib/eventlog/outbox'
import { channelBuffer, getSettings, type OpsSettings } from './settings'

/**
 * What each channel may sell per SKU: the pool's available units (every location; each
 * order is routed to one that can serve it) less the channel's safety buffer, never below 0.
 * Marketplaces sell from the figure we last told them, so it is published as an event when it
 * changes: a publisher compares with what was last published and emits only the differences.
 */
export const channelAvailabilityQuerySchema = z.object({ sku: z.string().trim().min(1).max(64).optional(), channel: channelSchema.optional() })

export function channelQuantity(poolAvailable: number, buffer: number): number {
  return Math.max(0, poolAvailable - buffer)
}

async function poolAvailable(db: Sql, sku?: string) {
  return db.query<{ sku: string; available: number }>(
    `SELECT k.sku, COALESCE(sum(GREATEST(s.on_hand - s.reserved - s.in_transit, 0)), 0)::int8 AS available
       FROM skus k LEFT JOIN stock s USING (sku) WHERE ($1::text IS NULL OR k.sku = $1) GROUP BY k.sku ORDER BY k.sku`,
    [sku ?? null],
  )
}

export async function channelAvailability(db: Sql, settings: OpsSettings, filter: { sku?: string; channel?: Channel } = {}) {
  const pool = await poolAvailable(db, filter.sku)
  const channels = filter.channel ? [filter.channel] : CHANNEL_IDS
  return pool.flatMap((p) =>
    channels.map((channel) => {
      const buffer = channelBuffer(settings, channel)
      return { sku: p.sku, channel, pool_available: p.available, buffer, quantity: channelQuantity(p.available, buffer) }
    }),
  )
}

const PUBLISH_LOCK = 7_401_004

/** Publishes `stock.channel_availability` for every (sku, channel) whose sellable quantity changed since last published. */
export async function publishChannelAvailability(db: Db, at = new Date()): Promise<number> {
  const settings = await getSettings(db)
  return db.transaction(async (tx) => {
    const [locked] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [PUBLISH_LOCK])
    if (!locked?.ok) return 0 // another process is publishing right now
    const current = await channelAvailability(tx, settings)
    const last = await tx.query<{ sku: string; channel: string; quantity: number }>('SELECT sku, channel, quantity FROM channel_availability')
    const known = new Map(last.map((r) => [`${r.sku}\u0000${r.channel}`, r.quantity]))
    const events: AnyEvent[] = []
    for (const c of current) {
      if (known.get(`${c.sku}\u0000${c.channel}`) === c.quantity) continue
      await tx.query(
        `INSERT INTO channel_availability (sku, channel, quantity, published_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sku, channel) DO UPDATE SET quantity = $3, published_at = $4`,
        [c.sku, c.channel, c.quantity, at],
      )
      events.push(createEvent('stock.channel_availability', c.channel, { sku: c.sku, quantity: c.quantity, pool_available: c.pool_available, buffer: c.buffer }, { occurredAt: at }))
    }
    await appendToOutbox(tx, events)
    return events.length
  })
}
