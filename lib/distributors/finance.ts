import { z } from 'zod'
import { isoDate } from '@/lib/analytics/filters'
import { config } from '@/lib/config'
import type { Db, Sql } from '@/lib/db'
import { uuidv7 } from '@/lib/events/uuidv7'
import { fromCents, moneySchema, toCents } from '@/lib/money'
import { DomainError } from '@/lib/ops/errors'
import { getTier } from '@/lib/pricing/store'
import { getDistributor, listDistributors, type Distributor } from './accounts'
import { buildStatement, invoicedVolume, ledgerEntries, type Statement } from './ledger'
import { periodDays, periodSchema, rebateEarned } from './rebates'

/** Payments received, statements of receivables, and rebate settlement with payouts. */
export const paymentSchema = z.object({
  amount: moneySchema.refine((m) => toCents(m) > 0, 'must be more than 0'),
  received_on: isoDate,
  reference: z.string().trim().max(120).default(''),
})

export async function recordPayment(db: Sql, distributorId: string, raw: z.input<typeof paymentSchema>, actor: string) {
  const p = paymentSchema.parse(raw)
  await getDistributor(db, distributorId)
  const id = uuidv7()
  await db.query('INSERT INTO distributor_payments (payment_id, distributor_id, amount_cents, received_on, reference, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)', [
    id,
    distributorId,
    toCents(p.amount),
    p.received_on,
    p.reference,
    actor,
  ])
  return { payment_id: id, distributor_id: distributorId, amount: p.amount, received_on: p.received_on, reference: p.reference, recorded_by: actor }
}

export const statementQuerySchema = z
  .object({ from: isoDate, to: isoDate })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })

export async function distributorStatement(db: Sql, distributorId: string, from: string, to: string): Promise<Statement> {
  await getDistributor(db, distributorId)
  return buildStatement(await ledgerEntries(db, distributorId, config().TIME_ZONE), from, to)
}

export type Settlement = { distributor_id: string; name: string; tier_id: string; period: string; volume_cents: number; basis_points: number; earned_cents: number; paid_cents: number; due_cents: number }

async function settle(db: Sql, d: Distributor, period: string): Promise<Settlement> {
  const { from, to } = periodDays(period)
  const volume = invoicedVolume(await ledgerEntries(db, d.distributor_id, config().TIME_ZONE), from, to)
  const { basis_points, rebate_cents } = rebateEarned((await getTier(db, d.tier_id)).rebate_brackets, volume)
  const [paid] = await db.query<{ n: number }>('SELECT COALESCE(sum(amount_cents), 0)::int8 AS n FROM rebate_payouts WHERE distributor_id = $1 AND period = $2', [d.distributor_id, period])
  const paidCents = paid?.n ?? 0
  return { distributor_id: d.distributor_id, name: d.name, tier_id: d.tier_id, period, volume_cents: volume, basis_points, earned_cents: rebate_cents, paid_cents: paidCents, due_cents: rebate_cents - paidCents }
}

/**
 * The rebate settlement of a quarter for every distributor (or one): net invoiced volume, the
 * bracket reached, the rebate earned, what was already paid out for the period, and what is
 * due (negative: paid more than earned, e.g. after refunds — to be recovered).
 */
export async function rebateSettlement(db: Sql, period: string, distributorId?: string): Promise<Settlement[]> {
  periodSchema.parse(period)
  const accounts = distributorId ? [await getDistributor(db, distributorId)] : await listDistributors(db)
  const out: Settlement[] = []
  for (const d of accounts) out.push(await settle(db, d, period))
  return out
}

export const settlementView = (s: Settlement) => ({
  distributor_id: s.distributor_id,
  name: s.name,
  tier_id: s.tier_id,
  period: s.period,
  volume: fromCents(s.volume_cents),
  rebate_percent: s.basis_points / 100,
  earned: fromCents(s.earned_cents),
  paid: fromCents(s.paid_cents),
  due: fromCents(s.due_cents),
})

export const payoutSchema = z.object({
  distributor_id: z.string().trim().min(1).max(24),
  period: periodSchema,
  amount: moneySchema.refine((m) => toCents(m) > 0, 'must be more than 0'),
  reference: z.string().trim().max(120).default(''),
})

/** Records a rebate payout; more than is due for the period is refused. */
export async function recordPayout(db: Db, raw: z.input<typeof payoutSchema>, actor: string) {
  const p = payoutSchema.parse(raw)
  return db.transaction(async (tx) => {
    const d = await getDistributor(tx, p.distributor_id, true)
    const before = await settle(tx, d, p.period)
    const amount = toCents(p.amount)
    if (amount > before.due_cents) {
      throw new DomainError('over_settlement', `only ${fromCents(Math.max(before.due_cents, 0))} is due to ${d.distributor_id} for ${p.period} (earned ${fromCents(before.earned_cents)}, paid ${fromCents(before.paid_cents)})`, 409, 'amount')
    }
    await tx.query('INSERT INTO rebate_payouts (payout_id, distributor_id, period, amount_cents, reference, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)', [uuidv7(), d.distributor_id, p.period, amount, p.reference, actor])
    return settle(tx, d, p.period)
  })
}

export const rebatesQuerySchema = z.object({ period: periodSchema, distributor_id: z.string().trim().max(24).optional() })
