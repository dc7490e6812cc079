import { z } from 'zod'
import type { Principal } from '@/lib/auth/permissions'
import type { Db, Sql } from '@/lib/db'
import { fromCents, moneySchema, toCents } from '@/lib/money'
import { DomainError, notFound } from '@/lib/ops/errors'
import { codeSchema } from '@/lib/pricing/price-list'

/** Distributor accounts: a tier (price list, rebates) and a credit limit, kept by finance. */
export const distributorSchema = z.object({
  distributor_id: codeSchema,
  name: z.string().trim().min(1).max(80),
  tier_id: codeSchema,
  credit_limit: moneySchema,
})
export type DistributorInput = z.input<typeof distributorSchema>

export type Distributor = { distributor_id: string; name: string; tier_id: string; credit_limit_cents: number }

export async function getDistributor(db: Sql, distributorId: string, lock = false): Promise<Distributor> {
  const [row] = await db.query<Distributor>(
    `SELECT distributor_id, name, tier_id, credit_limit_cents FROM distributors WHERE distributor_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [distributorId],
  )
  if (!row) throw notFound('distributor', distributorId, 'distributor_id')
  return row
}

export async function listDistributors(db: Sql): Promise<Distributor[]> {
  return db.query<Distributor>('SELECT distributor_id, name, tier_id, credit_limit_cents FROM distributors ORDER BY distributor_id')
}

export async function saveDistributor(db: Db, raw: DistributorInput, actor: string): Promise<Distributor> {
  const d = distributorSchema.parse(raw)
  const [tier] = await db.query('SELECT 1 FROM distributor_tiers WHERE tier_id = $1', [d.tier_id])
  if (!tier) throw notFound('tier', d.tier_id, 'tier_id')
  await db.query(
    `INSERT INTO distributors (distributor_id, name, tier_id, credit_limit_cents, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (distributor_id) DO UPDATE SET name = $2, tier_id = $3, credit_limit_cents = $4, updated_by = $5, updated_at = now()`,
    [d.distributor_id, d.name, d.tier_id, toCents(d.credit_limit), actor],
  )
  return getDistributor(db, d.distributor_id)
}

export const distributorView = (d: Distributor) => ({ distributor_id: d.distributor_id, name: d.name, tier_id: d.tier_id, credit_limit: fromCents(d.credit_limit_cents) })

/** The account a portal caller acts for: never taken from the request, only from the caller. */
export function portalAccount(principal: Principal | null): string {
  if (!principal?.distributor_id) throw new DomainError('forbidden', 'this user is not linked to a distributor account', 403)
  return principal.distributor_id
}
