import { z } from 'zod'
import type { Db, Sql } from '@/lib/db'
import { createEvent, uuidv7, type AnyEvent, type Channel, type EventData } from '@/lib/events'
import { moneySchema, toCents } from '@/lib/money'
import { DomainError, notFound } from './errors'
import { appendToOutbox } from '@/lib/eventlog/outbox'

export type Balance = { on_hand: number; reserved: number; in_transit: number; incoming: number }
export type StockKind = EventData<'stock.moved'>['kind']
export type Deltas = { on_hand?: number; reserved?: number; in_transit?: number; incoming?: number }

/** available = on_hand − reserved − in_transit; incoming is shown, never sold. */
export function available(b: Balance): number {
  return b.on_hand - b.reserved - b.in_transit
}

export type Movement = {
  sku: string
  location_id: string
  kind: StockKind
  deltas: Deltas
  unit_cost_cents: number
  reference: string
  actor: string
  channel: Channel
  at: Date
}

/**
 * Applies one ledger movement and its balance change in the caller's transaction.
 * With `requireAvailable` the update is conditional (available ≥ n): one atomic statement,
 * never read-check-write. Returns the event, or null when the condition failed.
 */
export async function moveStock(tx: Sql, m: Movement, requireAvailable?: number): Promise<AnyEvent | null> {
  return (await moveStockAll(tx, [{ movement: m, requireAvailable }]))?.[0] ?? null
}

/**
 * Several movements in the caller's transaction: each balance updated by its own statement in
 * the order given (callers lock in (sku, location) order), then all ledger rows in one
 * statement. Null as soon as a conditional update fails; the caller rolls back what went before.
 *
 * Each event carries the SKU's moving-average cost after the movement (read after the balance
 * updates, so it includes a receipt's re-weighting in this transaction, and a receipt that
 * committed while this one waited for a stock row), and the SKU's category and the
 * location's region and city, so analytics can value and drill stock without master data.
 */
export async function moveStockAll(tx: Sql, moves: readonly { movement: Movement; requireAvailable?: number }[]): Promise<AnyEvent[] | null> {
  const applied: { m: Movement; d: Required<Deltas>; balance: Balance; at: Date; movementId: string }[] = []
  for (const { movement: m, requireAvailable } of moves) {
    const d = { on_hand: 0, reserved: 0, in_transit: 0, incoming: 0, ...m.deltas }
    const guard = requireAvailable === undefined ? '' : 'AND on_hand - reserved - in_transit >= $8'
    const params: unknown[] = [m.sku, m.location_id, d.on_hand, d.reserved, d.in_transit, d.incoming, m.at]
    if (requireAvailable !== undefined) params.push(requireAvailable)
    // The movement's time is set under the row lock, so times follow the order of the balances.
    const [row] = await tx.query<Balance & { moved_at: Date }>(
      `UPDATE stock SET on_hand = on_hand + $3, reserved = reserved + $4, in_transit = in_transit + $5, incoming = incoming + $6,
              last_moved_at = GREATEST($7::timestamptz, last_moved_at + interval '1 millisecond')
        WHERE sku = $1 AND location_id = $2 ${guard}
        RETURNING on_hand, reserved, in_transit, incoming, last_moved_at AS moved_at`,
      params,
    )
    if (!row) return null
    const { moved_at: at, ...balance } = row
    applied.push({ m, d, balance, at, movementId: uuidv7(at.getTime()) })
  }
  if (applied.length === 0) return []
  // The ledger rows, and the master data read in the same statement: a statement after the
  // updates, so its snapshot is fresh — taken after any lock wait above.
  const col = <T>(f: (a: (typeof applied)[number]) => T) => applied.map(f)
  const master = await tx.query<{ n: number; avg_cost_cents: number; category: string; region: string; city: string }>(
    `WITH movement AS (
       INSERT INTO stock_movements (movement_id, sku, location_id, kind, on_hand_delta, reserved_delta, in_transit_delta,
         incoming_delta, unit_cost_cents, reference, actor, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int8[],
         $10::text[], $11::text[], $12::timestamptz[])
     )
     SELECT p.n, k.avg_cost_cents, k.category, l.region, l.city
       FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS p(sku, location_id, n)
       JOIN skus k ON k.sku = p.sku JOIN locations l ON l.location_id = p.location_id`,
    [
      col((a) => a.movementId), col((a) => a.m.sku), col((a) => a.m.location_id), col((a) => a.m.kind), col((a) => a.d.on_hand),
      col((a) => a.d.reserved), col((a) => a.d.in_transit), col((a) => a.d.incoming), col((a) => a.m.unit_cost_cents),
      col((a) => a.m.reference), col((a) => a.m.actor), col((a) => a.at),
    ],
  )
  return applied.map(({ m, d, balance, at, movementId }, i) => {
    const k = master.find((r) => Number(r.n) === i + 1)
    if (!k) throw new DomainError('conflict', `SKU ${m.sku} or location ${m.location_id} vanished during a stock movement`, 409)
    return createEvent(
      'stock.moved',
      m.channel,
      {
        movement_id: movementId,
        sku: m.sku,
        location_id: m.location_id,
        kind: m.kind,
        on_hand_delta: d.on_hand,
        reserved_delta: d.reserved,
        in_transit_delta: d.in_transit,
        incoming_delta: d.incoming,
        unit_cost_cents: m.unit_cost_cents,
        avg_unit_cost_cents: k.avg_cost_cents,
        category: k.category,
        region: k.region,
        city: k.city,
        ...balance,
        reference: m.reference,
      },
      { occurredAt: at },
    )
  })
}

export const stockReceiptSchema = z.object({
  sku: z.string().trim().min(1).max(64),
  location_id: z.string().trim().min(1).max(64),
  quantity: z.number().int().min(1).max(10_000_000),
  unit_cost: moneySchema,
  reference: z.string().trim().max(128).optional(),
})
export type StockReceipt = z.infer<typeof stockReceiptSchema>

/**
 * Goods received at a location: on_hand rises and the SKU's moving-average cost is
 * re-weighted by the quantity now held everywhere.
 */
export async function receiveStock(db: Db, r: StockReceipt, actor: string, at = new Date()) {
  const unitCost = toCents(r.unit_cost)
  return db.transaction(async (tx) => {
    const [sku] = await tx.query<{ avg_cost_cents: number }>(
      'SELECT avg_cost_cents FROM skus WHERE sku = $1 FOR UPDATE',
      [r.sku],
    )
    if (!sku) throw notFound('SKU', r.sku, 'sku')
    const [loc] = await tx.query('SELECT 1 FROM locations WHERE location_id = $1', [r.location_id])
    if (!loc) throw notFound('location', r.location_id, 'location_id')
    const [held] = await tx.query<{ qty: number }>(
      'SELECT COALESCE(sum(on_hand), 0)::int8 AS qty FROM stock WHERE sku = $1',
      [r.sku],
    )
    const avgCost = movingAverageCost(held?.qty ?? 0, sku.avg_cost_cents, r.quantity, unitCost)
    await tx.query('UPDATE skus SET avg_cost_cents = $2 WHERE sku = $1', [r.sku, avgCost])
    await tx.query('INSERT INTO stock (sku, location_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [r.sku, r.location_id])
    const event = await moveStock(tx, {
      sku: r.sku,
      location_id: r.location_id,
      kind: 'receipt',
      deltas: { on_hand: r.quantity },
      unit_cost_cents: unitCost,
      reference: r.reference ?? 'receipt',
      actor,
      channel: 'store',
      at,
    })
    if (!event) throw new DomainError('conflict', 'stock row vanished during receipt', 409)
    await appendToOutbox(tx, [event])
    return { sku: r.sku, location_id: r.location_id, ...pickBalance(event), avg_unit_cost_cents: (event.data as EventData<'stock.moved'>).avg_unit_cost_cents }
  })
}

/** Weighted average of what is held and what arrives, rounded to the cent. */
export function movingAverageCost(heldQty: number, heldCost: number, qty: number, cost: number): number {
  const held = Math.max(heldQty, 0)
  if (held + qty === 0) return cost
  return Math.round((held * heldCost + qty * cost) / (held + qty))
}

function pickBalance(e: AnyEvent): Balance {
  const d = e.data as EventData<'stock.moved'>
  return { on_hand: d.on_hand, reserved: d.reserved, in_transit: d.in_transit, incoming: d.incoming }
}

export async function stockBalances(db: Sql, filter: { sku?: string; location_id?: string }) {
  const rows = await db.query<Balance & { sku: string; location_id: string }>(
    `SELECT sku, location_id, on_hand, reserved, in_transit, incoming FROM stock
      WHERE ($1::text IS NULL OR sku = $1) AND ($2::text IS NULL OR location_id = $2)
      ORDER BY sku, location_id`,
    [filter.sku ?? null, filter.location_id ?? null],
  )
  return rows.map((r) => ({ ...r, available: available(r) }))
}
