import { z } from 'zod'
import type { Sql } from '@/lib/db'

/** Reading the immutable stock ledger: a position's history, and the check that balances are its sum. */
export const movementsQuerySchema = z.object({
  sku: z.string().trim().min(1).max(64).optional(),
  location_id: z.string().trim().min(1).max(64).optional(),
  /** A transfer or order id: every movement it caused. */
  reference: z.string().trim().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})

export async function stockMovements(db: Sql, q: z.infer<typeof movementsQuerySchema>) {
  const rows = await db.query<{
    movement_id: string
    sku: string
    location_id: string
    kind: string
    on_hand_delta: number
    reserved_delta: number
    in_transit_delta: number
    incoming_delta: number
    reference: string
    actor: string
    occurred_at: Date
  }>(
    `SELECT movement_id, sku, location_id, kind, on_hand_delta, reserved_delta, in_transit_delta, incoming_delta, reference, actor, occurred_at
       FROM stock_movements
      WHERE ($1::text IS NULL OR sku = $1) AND ($2::text IS NULL OR location_id = $2) AND ($3::text IS NULL OR reference = $3)
      ORDER BY occurred_at DESC, movement_id DESC LIMIT $4`,
    [q.sku ?? null, q.location_id ?? null, q.reference ?? null, q.limit],
  )
  return rows.map((r) => ({ ...r, occurred_at: r.occurred_at.toISOString() }))
}

export type Mismatch = { sku: string; location_id: string; column: 'on_hand' | 'reserved' | 'in_transit' | 'incoming'; balance: number; ledger: number }

/** Every (sku, location) whose balance differs from the sum of its ledger movements: empty when all reconcile. */
export async function reconcileStock(db: Sql): Promise<{ positions: number; mismatches: Mismatch[] }> {
  const rows = await db.query<{ sku: string; location_id: string; on_hand: number; reserved: number; in_transit: number; incoming: number; l_on_hand: number; l_reserved: number; l_in_transit: number; l_incoming: number }>(
    `SELECT s.sku, s.location_id, s.on_hand, s.reserved, s.in_transit, s.incoming,
            COALESCE(m.on_hand, 0)::int8 AS l_on_hand, COALESCE(m.reserved, 0)::int8 AS l_reserved,
            COALESCE(m.in_transit, 0)::int8 AS l_in_transit, COALESCE(m.incoming, 0)::int8 AS l_incoming
       FROM stock s
       FULL JOIN (SELECT sku, location_id, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved,
                         sum(in_transit_delta) AS in_transit, sum(incoming_delta) AS incoming
                    FROM stock_movements GROUP BY sku, location_id) m USING (sku, location_id)`,
  )
  const mismatches: Mismatch[] = []
  for (const r of rows) {
    for (const column of ['on_hand', 'reserved', 'in_transit', 'incoming'] as const) {
      const balance = Number(r[column] ?? 0)
      const ledger = Number(r[`l_${column}`])
      if (balance !== ledger) mismatches.push({ sku: r.sku, location_id: r.location_id, column, balance, ledger })
    }
  }
  return { positions: rows.length, mismatches }
}
