import { z } from 'zod'
import type { Principal } from '@/lib/auth/permissions'
import type { Db, Sql } from '@/lib/db'
import { uuidv7 } from '@/lib/events'
import { appendToOutbox } from '@/lib/eventlog/outbox'
import { DomainError, notFound } from './errors'
import { notify } from './notifications'
import { planReplenishment, ruleProblem, type Rule } from './replenishment-plan'
import { audit } from './settings'
import { available } from './stock'
import { requestTransferTx } from './transfers'

/** Safety stock, reorder point and target level per (sku, location): set by admins, audited. */
export const replenishmentRuleSchema = z
  .object({
    sku: z.string().trim().min(1).max(64),
    location_id: z.string().trim().min(1).max(64),
    safety_stock: z.number().int().min(0).max(10_000_000),
    reorder_point: z.number().int().min(0).max(10_000_000),
    target_level: z.number().int().min(0).max(10_000_000),
  })
  .superRefine((r, ctx) => {
    const problem = ruleProblem(r)
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message })
  })
export type ReplenishmentRule = z.infer<typeof replenishmentRuleSchema>

export async function upsertRule(db: Db, r: ReplenishmentRule, actor: string, at = new Date()) {
  const rule = replenishmentRuleSchema.parse(r)
  await db.transaction(async (tx) => {
    const [sku] = await tx.query('SELECT 1 FROM skus WHERE sku = $1', [rule.sku])
    if (!sku) throw notFound('SKU', rule.sku, 'sku')
    const [loc] = await tx.query('SELECT 1 FROM locations WHERE location_id = $1', [rule.location_id])
    if (!loc) throw notFound('location', rule.location_id, 'location_id')
    const [old] = await tx.query<Rule>('SELECT safety_stock, reorder_point, target_level FROM replenishment_rules WHERE sku = $1 AND location_id = $2 FOR UPDATE', [rule.sku, rule.location_id])
    await tx.query(
      `INSERT INTO replenishment_rules (sku, location_id, safety_stock, reorder_point, target_level, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (sku, location_id) DO UPDATE SET safety_stock = $3, reorder_point = $4, target_level = $5, updated_by = $6, updated_at = $7`,
      [rule.sku, rule.location_id, rule.safety_stock, rule.reorder_point, rule.target_level, actor, at],
    )
    const { sku: _, location_id: __, ...levels } = rule
    await audit(tx, `replenishment.${rule.sku}@${rule.location_id}`, old ?? null, levels, actor, at)
  })
  return rule
}

export const rulesQuerySchema = z.object({ sku: z.string().trim().min(1).max(64).optional(), location_id: z.string().trim().min(1).max(64).optional() })

export async function listRules(db: Sql, q: z.infer<typeof rulesQuerySchema>) {
  const rows = await db.query<ReplenishmentRule & { updated_by: string; updated_at: Date; on_hand: number | null; reserved: number | null; in_transit: number | null; incoming: number | null }>(
    `SELECT r.sku, r.location_id, r.safety_stock, r.reorder_point, r.target_level, r.updated_by, r.updated_at,
            s.on_hand, s.reserved, s.in_transit, s.incoming
       FROM replenishment_rules r LEFT JOIN stock s USING (sku, location_id)
      WHERE ($1::text IS NULL OR r.sku = $1) AND ($2::text IS NULL OR r.location_id = $2) ORDER BY r.sku, r.location_id`,
    [q.sku ?? null, q.location_id ?? null],
  )
  return rows.map(({ on_hand, reserved, in_transit, incoming, ...r }) => ({
    ...r,
    updated_at: r.updated_at.toISOString(),
    available: available({ on_hand: on_hand ?? 0, reserved: reserved ?? 0, in_transit: in_transit ?? 0, incoming: incoming ?? 0 }),
    incoming: incoming ?? 0,
  }))
}

/**
 * Looks at every position with a rule; each one below its reorder point with no open
 * suggestion gets a plan (transfer from the location with the largest surplus, else a
 * purchase) and its location a notification. Runs on a timer and on demand.
 */
export async function evaluateReplenishment(db: Db, at = new Date()): Promise<number> {
  const low = await db.query<{ sku: string; location_id: string }>(
    `SELECT r.sku, r.location_id FROM replenishment_rules r LEFT JOIN stock s USING (sku, location_id)
      WHERE COALESCE(s.on_hand - s.reserved - s.in_transit, 0) < r.reorder_point
        AND NOT EXISTS (SELECT 1 FROM replenishment_suggestions x WHERE x.sku = r.sku AND x.location_id = r.location_id AND x.status = 'open')
      ORDER BY r.sku, r.location_id`,
  )
  let created = 0
  for (const p of low) {
    created += await db.transaction(async (tx) => {
      // One evaluator at a time per position, so two timers cannot suggest the same gap twice.
      await tx.query('SELECT 1 FROM replenishment_rules WHERE sku = $1 AND location_id = $2 FOR UPDATE', [p.sku, p.location_id])
      const [open] = await tx.query("SELECT 1 FROM replenishment_suggestions WHERE sku = $1 AND location_id = $2 AND status = 'open'", [p.sku, p.location_id])
      if (open) return 0
      const stock = await tx.query<{ location_id: string; on_hand: number; reserved: number; in_transit: number; incoming: number; safety_stock: number | null; reorder_point: number | null; target_level: number | null }>(
        `SELECT s.location_id, s.on_hand, s.reserved, s.in_transit, s.incoming, r.safety_stock, r.reorder_point, r.target_level
           FROM stock s LEFT JOIN replenishment_rules r USING (sku, location_id) WHERE s.sku = $1`,
        [p.sku],
      )
      const [rule] = await tx.query<Rule>('SELECT safety_stock, reorder_point, target_level FROM replenishment_rules WHERE sku = $1 AND location_id = $2', [p.sku, p.location_id])
      const here = stock.find((s) => s.location_id === p.location_id)
      const position = { sku: p.sku, location_id: p.location_id, available: here ? available(here) : 0, incoming: here?.incoming ?? 0 }
      const sources = stock.map((s) => ({
        location_id: s.location_id,
        available: available(s),
        rule: s.reorder_point === null ? undefined : { safety_stock: s.safety_stock!, reorder_point: s.reorder_point, target_level: s.target_level! },
      }))
      const plan = planReplenishment(position, rule!, sources)
      for (const s of plan) {
        const id = `RS-${uuidv7(at.getTime())}`
        await tx.query(
          `INSERT INTO replenishment_suggestions (suggestion_id, sku, location_id, kind, from_location_id, quantity, urgent, available, status, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9)`,
          [id, s.sku, s.location_id, s.kind, s.kind === 'transfer' ? s.from_location_id : null, s.quantity, s.urgent, position.available, at],
        )
        await notify(tx, { location_id: s.location_id, kind: 'replenishment', reference: id, detail: { sku: s.sku, kind: s.kind, quantity: s.quantity, urgent: s.urgent, available: position.available }, at })
      }
      return plan.length
    })
  }
  return created
}

export const suggestionsQuerySchema = z.object({
  status: z.enum(['open', 'accepted', 'dismissed']).optional(),
  location_id: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

type SuggestionRow = {
  suggestion_id: string
  sku: string
  location_id: string
  kind: 'transfer' | 'purchase'
  from_location_id: string | null
  quantity: number
  urgent: boolean
  available: number
  status: 'open' | 'accepted' | 'dismissed'
  created_at: Date
  decided_by: string | null
  decided_at: Date | null
  transfer_id: string | null
}
const suggestionView = (r: SuggestionRow) => ({ ...r, created_at: r.created_at.toISOString(), decided_at: r.decided_at?.toISOString() ?? null })

export async function listSuggestions(db: Sql, q: z.infer<typeof suggestionsQuerySchema>, p: Principal) {
  const loc = p.role === 'store' ? (p.location_id ?? '(none)') : (q.location_id ?? null)
  const rows = await db.query<SuggestionRow>(
    `SELECT * FROM replenishment_suggestions WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR location_id = $2)
      ORDER BY created_at DESC, suggestion_id DESC LIMIT $3`,
    [q.status ?? null, loc, q.limit],
  )
  return rows.map(suggestionView)
}

export const decideSuggestionSchema = z.object({ decision: z.enum(['accept', 'dismiss']) })

/** Accepting a transfer suggestion requests the transfer; accepting a purchase records the decision (buying happens outside). */
export async function decideSuggestion(db: Db, id: string, decision: 'accept' | 'dismiss', p: Principal, at = new Date()) {
  const actor = `${p.kind}:${p.name}`
  await db.transaction(async (tx) => {
    const [s] = await tx.query<SuggestionRow>('SELECT * FROM replenishment_suggestions WHERE suggestion_id = $1 FOR UPDATE', [id])
    if (!s || (p.role === 'store' && s.location_id !== p.location_id)) throw notFound('suggestion', id)
    if (s.status !== 'open') throw new DomainError('illegal_transition', `suggestion ${id} is already ${s.status}`, 409, 'status')
    let transferId: string | null = null
    if (decision === 'accept' && s.kind === 'transfer') {
      const { transfer_id, events } = await requestTransferTx(
        tx,
        { from_location_id: s.from_location_id!, to_location_id: s.location_id, lines: [{ sku: s.sku, quantity: s.quantity }], note: `replenishment ${id}` },
        { actor, at },
        'replenishment',
        id,
      )
      transferId = transfer_id
      await appendToOutbox(tx, events)
    }
    await tx.query('UPDATE replenishment_suggestions SET status = $2, decided_by = $3, decided_at = $4, transfer_id = $5 WHERE suggestion_id = $1', [
      id,
      decision === 'accept' ? 'accepted' : 'dismissed',
      actor,
      at,
      transferId,
    ])
  })
  const [row] = await db.query<SuggestionRow>('SELECT * FROM replenishment_suggestions WHERE suggestion_id = $1', [id])
  return suggestionView(row!)
}
