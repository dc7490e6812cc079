import { z } from 'zod'
import type { Principal } from '@/lib/auth/permissions'
import type { Db, Sql } from '@/lib/db'
import { uuidv7, type AnyEvent } from '@/lib/events'
import { appendToOutbox } from '@/lib/eventlog/outbox'
import { DomainError, notFound, outOfStock } from './errors'
import { notify } from './notifications'
import { moveStock, type Deltas, type StockKind } from './stock'

/**
 * Transfers between locations. Requested: the units are committed at the source
 * (in_transit, no longer available) and expected at the destination (incoming). Shipped:
 * they left the source (on_hand and in_transit fall). Received: on hand at the destination.
 * A requested transfer may be cancelled; then both sides are released.
 */
export const TRANSFER_STATUSES = ['requested', 'shipped', 'received', 'cancelled'] as const
export type TransferStatus = (typeof TRANSFER_STATUSES)[number]
export type TransferReason = 'manual' | 'pickup' | 'replenishment'

const location = z.string().trim().min(1).max(64)
export const requestTransferSchema = z
  .object({
    from_location_id: location,
    to_location_id: location,
    lines: z
      .array(z.object({ sku: z.string().trim().min(1).max(64), quantity: z.number().int().min(1).max(1_000_000) }))
      .min(1)
      .max(200),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.from_location_id === t.to_location_id) ctx.addIssue({ code: 'custom', path: ['to_location_id'], message: 'must differ from from_location_id' })
    const seen = new Set<string>()
    t.lines.forEach((l, i) => {
      if (seen.has(l.sku)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'sku'], message: `duplicate SKU ${l.sku}` })
      seen.add(l.sku)
    })
  })
export type TransferRequest = z.infer<typeof requestTransferSchema>

export const transferActionSchema = z.object({ action: z.enum(['ship', 'receive', 'cancel']) })
export const transfersQuerySchema = z.object({
  status: z.enum(TRANSFER_STATUSES).optional(),
  location_id: location.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

type Who = { actor: string; at: Date }
type TransferRow = {
  transfer_id: string
  from_location_id: string
  to_location_id: string
  status: TransferStatus
  reason: TransferReason
  reference: string | null
  note: string | null
  requested_by: string
  requested_at: Date
  shipped_by: string | null
  shipped_at: Date | null
  received_by: string | null
  received_at: Date | null
  cancelled_by: string | null
  cancelled_at: Date | null
}

/** One movement per (sku, location), applied in (sku, location) order like every reservation. */
async function moveAll(
  tx: Sql,
  t: { transfer_id: string; from_location_id: string; to_location_id: string },
  lines: { sku: string; quantity: number }[],
  sides: { from?: (q: number) => Deltas; to?: (q: number) => Deltas },
  who: Who,
  requireAvailableAtSource = false,
): Promise<AnyEvent[]> {
  const costs = await tx.query<{ sku: string; avg_cost_cents: number }>('SELECT sku, avg_cost_cents FROM skus WHERE sku = ANY($1::text[])', [lines.map((l) => l.sku)])
  const steps: { sku: string; location_id: string; kind: StockKind; deltas: Deltas; quantity: number; guard: boolean }[] = []
  for (const l of lines) {
    if (sides.from) steps.push({ sku: l.sku, location_id: t.from_location_id, kind: 'transfer_out', deltas: sides.from(l.quantity), quantity: l.quantity, guard: requireAvailableAtSource })
    if (sides.to) steps.push({ sku: l.sku, location_id: t.to_location_id, kind: 'transfer_in', deltas: sides.to(l.quantity), quantity: l.quantity, guard: false })
  }
  steps.sort((a, b) => a.sku.localeCompare(b.sku) || a.location_id.localeCompare(b.location_id))
  const events: AnyEvent[] = []
  for (const s of steps) {
    const cost = costs.find((c) => c.sku === s.sku)?.avg_cost_cents ?? 0
    const movement = { sku: s.sku, location_id: s.location_id, kind: s.kind, deltas: s.deltas, unit_cost_cents: cost, reference: t.transfer_id, actor: who.actor, channel: 'store' as const, at: who.at }
    const event = await moveStock(tx, movement, s.guard ? s.quantity : undefined)
    if (!event) {
      if (s.guard) throw outOfStock(`${s.location_id} has fewer than ${s.quantity} unit(s) of ${s.sku} available to transfer`)
      throw new DomainError('conflict', `stock row ${s.sku}@${s.location_id} is missing`, 409)
    }
    events.push(event)
  }
  return events
}

/**
 * Requests a transfer inside the caller's transaction: commits the units at the source
 * (refused with 409 out_of_stock if any line is short) and announces them at the destination.
 */
export async function requestTransferTx(tx: Sql, input: TransferRequest, who: Who, reason: TransferReason, reference?: string): Promise<{ transfer_id: string; events: AnyEvent[] }> {
  const t = requestTransferSchema.parse(input)
  const known = await tx.query<{ location_id: string }>('SELECT location_id FROM locations WHERE location_id = ANY($1::text[])', [[t.from_location_id, t.to_location_id]])
  for (const field of ['from_location_id', 'to_location_id'] as const) {
    if (!known.some((k) => k.location_id === t[field])) throw notFound('location', t[field], field)
  }
  const skus = await tx.query<{ sku: string }>('SELECT sku FROM skus WHERE sku = ANY($1::text[])', [t.lines.map((l) => l.sku)])
  t.lines.forEach((l, i) => {
    if (!skus.some((s) => s.sku === l.sku)) throw notFound('SKU', l.sku, `lines.${i}.sku`)
  })
  for (const l of t.lines) {
    await tx.query('INSERT INTO stock (sku, location_id) VALUES ($1, $2), ($1, $3) ON CONFLICT DO NOTHING', [l.sku, t.from_location_id, t.to_location_id])
  }
  const transferId = `TR-${uuidv7(who.at.getTime())}`
  await tx.query(
    `INSERT INTO transfers (transfer_id, from_location_id, to_location_id, status, reason, reference, note, requested_by, requested_at)
     VALUES ($1, $2, $3, 'requested', $4, $5, $6, $7, $8)`,
    [transferId, t.from_location_id, t.to_location_id, reason, reference ?? null, t.note ?? null, who.actor, who.at],
  )
  for (const l of t.lines) await tx.query('INSERT INTO transfer_lines (transfer_id, sku, quantity) VALUES ($1, $2, $3)', [transferId, l.sku, l.quantity])
  const events = await moveAll(tx, { transfer_id: transferId, ...t }, t.lines, { from: (q) => ({ in_transit: q }), to: (q) => ({ incoming: q }) }, who, true)
  await notify(tx, { location_id: t.from_location_id, kind: 'transfer_to_ship', reference: transferId, detail: { to_location_id: t.to_location_id, reason }, at: who.at })
  return { transfer_id: transferId, events }
}

export async function requestTransfer(db: Db, input: TransferRequest, actor: string, at = new Date()) {
  const id = await db.transaction(async (tx) => {
    const { transfer_id, events } = await requestTransferTx(tx, input, { actor, at }, 'manual')
    await appendToOutbox(tx, events)
    return transfer_id
  })
  return getTransfer(db, id)
}

const STEP = {
  ship: { from: 'requested', to: 'shipped', stamp: 'shipped' },
  receive: { from: 'shipped', to: 'received', stamp: 'received' },
  cancel: { from: 'requested', to: 'cancelled', stamp: 'cancelled' },
} as const
export type TransferAction = keyof typeof STEP

/** Moves a transfer one step inside the caller's transaction; a wrong state is a 409 naming from and to. */
export async function actOnTransferTx(tx: Sql, transferId: string, action: TransferAction, who: Who): Promise<AnyEvent[]> {
  const step = STEP[action]
  const [row] = await tx.query<TransferRow>(
    `UPDATE transfers SET status = $2, ${step.stamp}_by = $3, ${step.stamp}_at = $4 WHERE transfer_id = $1 AND status = $5 RETURNING *`,
    [transferId, step.to, who.actor, who.at, step.from],
  )
  if (!row) {
    const [current] = await tx.query<{ status: string }>('SELECT status FROM transfers WHERE transfer_id = $1', [transferId])
    if (!current) throw notFound('transfer', transferId)
    throw new DomainError('illegal_transition', `cannot ${action} a transfer that is ${current.status} (${current.status} → ${step.to} is not allowed; it must be ${step.from})`, 409, 'status')
  }
  const lines = await tx.query<{ sku: string; quantity: number }>('SELECT sku, quantity FROM transfer_lines WHERE transfer_id = $1 ORDER BY sku', [transferId])
  const sides =
    action === 'ship'
      ? { from: (q: number) => ({ on_hand: -q, in_transit: -q }) }
      : action === 'receive'
        ? { to: (q: number) => ({ incoming: -q, on_hand: q }) }
        : { from: (q: number) => ({ in_transit: -q }), to: (q: number) => ({ incoming: -q }) }
  const events = await moveAll(tx, row, lines, sides, who)
  if (action === 'receive') {
    await notify(tx, { location_id: row.to_location_id, kind: 'transfer_received', reference: transferId, detail: { from_location_id: row.from_location_id }, at: who.at })
  }
  return events
}

export type TransferView = Awaited<ReturnType<typeof getTransfer>>

function toView(r: TransferRow, lines: { sku: string; quantity: number }[]) {
  const iso = (d: Date | null) => d?.toISOString() ?? null
  return {
    ...r,
    requested_at: r.requested_at.toISOString(),
    shipped_at: iso(r.shipped_at),
    received_at: iso(r.received_at),
    cancelled_at: iso(r.cancelled_at),
    lines,
    allowed_actions: (Object.keys(STEP) as TransferAction[]).filter((a) => STEP[a].from === r.status),
  }
}

export async function getTransfer(db: Sql, transferId: string) {
  const [row] = await db.query<TransferRow>('SELECT * FROM transfers WHERE transfer_id = $1', [transferId])
  if (!row) throw notFound('transfer', transferId)
  return toView(row, await db.query('SELECT sku, quantity FROM transfer_lines WHERE transfer_id = $1 ORDER BY sku', [transferId]))
}

/** A store user ships and cancels what leaves their store and receives what comes to it. */
export function canActOnTransfer(p: Principal, t: { from_location_id: string; to_location_id: string }, action: TransferAction): boolean {
  if (p.role !== 'store') return true
  return action === 'receive' ? t.to_location_id === p.location_id : t.from_location_id === p.location_id
}

/** Store users see only transfers from or to their store. */
export function canSeeTransfer(p: Principal, t: { from_location_id: string; to_location_id: string }): boolean {
  if (p.role !== 'store') return true
  return Boolean(p.location_id) && (t.from_location_id === p.location_id || t.to_location_id === p.location_id)
}

export async function listTransfers(db: Sql, q: z.infer<typeof transfersQuerySchema>, p: Principal) {
  const loc = p.role === 'store' ? (p.location_id ?? '(none)') : (q.location_id ?? null)
  const rows = await db.query<TransferRow>(
    `SELECT * FROM transfers WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR from_location_id = $2 OR to_location_id = $2)
      ORDER BY requested_at DESC LIMIT $3`,
    [q.status ?? null, loc, q.limit],
  )
  const lines = await db.query<{ transfer_id: string; sku: string; quantity: number }>(
    'SELECT transfer_id, sku, quantity FROM transfer_lines WHERE transfer_id = ANY($1::text[]) ORDER BY sku',
    [rows.map((r) => r.transfer_id)],
  )
  return rows.map((r) => toView(r, lines.filter((l) => l.transfer_id === r.transfer_id).map(({ sku, quantity }) => ({ sku, quantity }))))
}
