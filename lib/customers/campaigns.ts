import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { ClickHouseClient } from '@/lib/clickhouse/client'
import type { Db, Sql } from '@/lib/db'
import { channelSchema, createEvent, type AnyEvent } from '@/lib/events'
import { appendToOutbox } from '@/lib/eventlog/outbox'
import { fromCents, moneySchema, toCents } from '@/lib/money'
import { DomainError, notFound } from '@/lib/ops/errors'
import { incrementalRevenue, inHoldout, type GroupStats } from './lift'
import { segmentMemberIds, type SegmentContext } from './segments/query'
import { getSegment } from './segments/store'

/**
 * Coupon campaigns to a segment: every member gets a coupon except a random holdout (a keyed
 * hash of seed and customer, lift.ts), the coupons go to every channel as coupon.issued events
 * in batches, and the report compares revenue per customer in the validity window between the
 * treated and the holdout group. Money amounts are "12.50"-style strings in and out.
 */
export const launchCampaignSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    segment_id: z.string().trim().min(1).max(64),
    /** Off the order (满减: on orders of at least `threshold`; "0.00" for any order). */
    amount: moneySchema,
    threshold: moneySchema.default('0.00'),
    valid_from: z.string().datetime({ offset: true }),
    valid_to: z.string().datetime({ offset: true }),
    channels: z.array(channelSchema).min(1).max(10),
    holdout_share: z.number().min(0).max(0.5).default(0.1),
    /** Fixes the holdout split; a random one by default. */
    seed: z.string().trim().min(1).max(64).optional(),
  })
  .superRefine((c, ctx) => {
    if (Date.parse(c.valid_to) <= Date.parse(c.valid_from)) ctx.addIssue({ code: 'custom', path: ['valid_to'], message: 'must be after valid_from' })
    if (toCents(c.amount) <= 0) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must be more than 0' })
    const threshold = toCents(c.threshold)
    if (threshold > 0 && threshold <= toCents(c.amount)) ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'must be above the amount (满减), or 0' })
  })
export type LaunchCampaignInput = z.input<typeof launchCampaignSchema>

const COUPONS_PER_EVENT = 1000
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

function couponCode(): string {
  return [...randomBytes(10)].map((b) => ALPHABET[b % ALPHABET.length]).join('')
}

export async function launchCampaign(db: Db, ch: ClickHouseClient, raw: LaunchCampaignInput, actor: string, ctx: SegmentContext) {
  const input = launchCampaignSchema.parse(raw)
  const segment = await getSegment(db, input.segment_id)
  const members = await segmentMemberIds(ch, segment.rules, ctx)
  if (members.length === 0) throw new DomainError('empty_segment', `segment ${segment.segment_id} has no members`, 422, 'segment_id')
  const seed = input.seed ?? randomBytes(8).toString('hex')
  const id = `CP-${randomBytes(5).toString('hex')}`
  const at = ctx.asOf
  const treated = members.filter((m) => !inHoldout(seed, m, input.holdout_share))
  const holdout = new Set(members.filter((m) => inHoldout(seed, m, input.holdout_share)))
  const coupons = treated.map((customer_id) => ({ coupon_code: couponCode(), customer_id }))
  const [amount, threshold] = [toCents(input.amount), toCents(input.threshold)]
  const validFrom = new Date(input.valid_from)
  const validTo = new Date(input.valid_to)
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO campaigns (campaign_id, name, segment_id, segment_version, amount_cents, threshold_cents, valid_from, valid_to, channels, holdout_share, seed, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [id, input.name, segment.segment_id, segment.version, amount, threshold, validFrom, validTo, input.channels, input.holdout_share, seed, actor, at],
    )
    for (let i = 0; i < members.length; i += 5000) {
      const chunk = members.slice(i, i + 5000)
      await tx.query(
        'INSERT INTO campaign_members (campaign_id, customer_id, holdout) SELECT $1, c, h FROM unnest($2::text[], $3::boolean[]) AS u(c, h)',
        [id, chunk, chunk.map((m) => holdout.has(m))],
      )
    }
    const events: AnyEvent[] = []
    for (let i = 0; i < coupons.length; i += COUPONS_PER_EVENT) {
      const batch = coupons.slice(i, i + COUPONS_PER_EVENT)
      await tx.query('INSERT INTO coupons (coupon_code, campaign_id, customer_id, issued_at) SELECT k, $1, c, $2 FROM unnest($3::text[], $4::text[]) AS u(k, c)', [
        id,
        at,
        batch.map((c) => c.coupon_code),
        batch.map((c) => c.customer_id),
      ])
      events.push(
        createEvent(
          'coupon.issued',
          input.channels[0]!,
          { campaign_id: id, amount_cents: amount, threshold_cents: threshold, valid_from: validFrom.toISOString(), valid_to: validTo.toISOString(), channels: input.channels, coupons: batch },
          { occurredAt: at },
        ),
      )
    }
    await appendToOutbox(tx, events)
  })
  return getCampaign(db, id)
}

type CampaignRow = {
  campaign_id: string
  name: string
  segment_id: string
  segment_version: number
  amount_cents: string | number
  threshold_cents: string | number
  valid_from: Date
  valid_to: Date
  channels: string[]
  holdout_share: number
  seed: string
  created_by: string
  created_at: Date
}

/** A campaign's coupon terms as the API gives them: money as strings, times as ISO instants. */
export const couponTerms = (r: Pick<CampaignRow, 'amount_cents' | 'threshold_cents' | 'valid_from' | 'valid_to'>) => ({
  amount: fromCents(Number(r.amount_cents)),
  threshold: fromCents(Number(r.threshold_cents)),
  valid_from: new Date(r.valid_from).toISOString(),
  valid_to: new Date(r.valid_to).toISOString(),
})

const toCampaign = (r: CampaignRow) => ({
  campaign_id: r.campaign_id,
  name: r.name,
  segment_id: r.segment_id,
  segment_version: r.segment_version,
  ...couponTerms(r),
  channels: r.channels,
  holdout_share: r.holdout_share,
  seed: r.seed,
  created_by: r.created_by,
  created_at: new Date(r.created_at).toISOString(),
})
export type Campaign = ReturnType<typeof toCampaign>

export async function listCampaigns(db: Sql): Promise<Campaign[]> {
  return (await db.query<CampaignRow>('SELECT * FROM campaigns ORDER BY created_at DESC, campaign_id')).map(toCampaign)
}

export async function getCampaign(db: Sql, id: string): Promise<Campaign> {
  const [row] = await db.query<CampaignRow>('SELECT * FROM campaigns WHERE campaign_id = $1', [id])
  if (!row) throw notFound('campaign', id)
  return toCampaign(row)
}

/** Orders that count as revenue in a window: paid in it and not cancelled or refunded since. */
const COUNTED = `o.paid_at >= $2 AND o.paid_at < $3 AND o.status NOT IN ('cancelled', 'refunded')`

/**
 * Issued, redeemed (coupons used on paid orders in the validity window), redemption rate,
 * revenue of the orders that used a coupon, and revenue per customer in the window for the
 * treated and the holdout group, with the incremental revenue and its 95 % interval. Customers
 * are compared by merged id, so orders of records merged since launch still count.
 */
export async function campaignReport(db: Sql, id: string) {
  const campaign = await getCampaign(db, id)
  const params = [id, campaign.valid_from, campaign.valid_to]
  const [redeemed] = await db.query<{ redeemed: number; orders: number; revenue: number }>(
    `SELECT count(DISTINCT k.coupon_code)::int8 AS redeemed, count(DISTINCT o.order_id)::int8 AS orders, COALESCE(sum(o.total_cents), 0)::int8 AS revenue
       FROM coupons k JOIN orders o ON o.coupon_code = k.coupon_code
      WHERE k.campaign_id = $1 AND ${COUNTED}`,
    params,
  )
  const groups = await db.query<{ holdout: boolean; n: number; mean: number; variance: number; total: number }>(
    `WITH revenue AS (
       SELECT COALESCE(c.merged_into, o.customer_id) AS customer_id, sum(o.total_cents)::float8 AS cents
         FROM orders o LEFT JOIN customers c ON c.customer_id = o.customer_id
        WHERE o.customer_id <> '' AND ${COUNTED}
        GROUP BY 1)
     SELECT m.holdout, count(*)::int8 AS n, avg(COALESCE(r.cents, 0))::float8 AS mean,
            COALESCE(var_samp(COALESCE(r.cents, 0)), 0)::float8 AS variance, COALESCE(sum(r.cents), 0)::int8 AS total
       FROM campaign_members m
       LEFT JOIN customers mc ON mc.customer_id = m.customer_id
       LEFT JOIN revenue r ON r.customer_id = COALESCE(mc.merged_into, m.customer_id)
      WHERE m.campaign_id = $1
      GROUP BY m.holdout`,
    params,
  )
  const stats = (holdout: boolean): GroupStats & { revenue_cents: number } => {
    const g = groups.find((x) => x.holdout === holdout)
    return { n: Number(g?.n ?? 0), mean: Number(g?.mean ?? 0), variance: Number(g?.variance ?? 0), revenue_cents: Number(g?.total ?? 0) }
  }
  const treated = stats(false)
  const holdout = stats(true)
  const lift = incrementalRevenue(treated, holdout)
  const money = (c: number) => fromCents(Math.round(c))
  return {
    campaign,
    issued: treated.n,
    holdout: holdout.n,
    redeemed: Number(redeemed?.redeemed ?? 0),
    redemption_rate: treated.n ? Number(redeemed?.redeemed ?? 0) / treated.n : 0,
    redeemer_orders: Number(redeemed?.orders ?? 0),
    redeemer_revenue: fromCents(Number(redeemed?.revenue ?? 0)),
    treated: { customers: treated.n, revenue: fromCents(treated.revenue_cents), revenue_per_customer: money(treated.mean) },
    control: { customers: holdout.n, revenue: fromCents(holdout.revenue_cents), revenue_per_customer: money(holdout.mean) },
    lift: lift && {
      per_customer: money(lift.per_customer),
      incremental_revenue: money(lift.incremental),
      ci95_low: money(lift.ci_low),
      ci95_high: money(lift.ci_high),
      std_error: money(lift.std_error),
      degrees_of_freedom: Number.isFinite(lift.degrees_of_freedom) ? Math.round(lift.degrees_of_freedom * 10) / 10 : null,
      significant: lift.significant,
    },
  }
}
export type CampaignReport = Awaited<ReturnType<typeof campaignReport>>
