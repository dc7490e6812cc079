import { z } from 'zod'
import { fromCents } from '@/lib/money'
import type { CustomerSummary } from './attributes'
import { MONETARY_CENTS } from './rfm'
import type { SegmentCount } from './segments/query'
import { ruleGroupSchema } from './segments/rules'

/** Query and body schemas of the customer, segment and campaign routes (the OpenAPI document reuses them). */

/** A rule tree passed in a query string, as JSON. */
export const rulesParam = z
  .string()
  .max(20_000)
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON rule tree' })
      return z.NEVER
    }
  })
  .pipe(ruleGroupSchema)

const EMPTY = { combinator: 'and' as const, rules: [] }

export const customerListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  rules: rulesParam.optional(),
  sort: z.enum(['spend', 'last_purchase', 'orders', 'customer_id']).default('spend'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
})

export const emptyRules = () => structuredClone(EMPTY)

export const previewBodySchema = z.object({
  rules: ruleGroupSchema,
  sample: z.number().int().min(0).max(100).default(20),
})

export const membersQuerySchema = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(100_000).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
})

export const mergeBodySchema = z.object({
  customer_ids: z.tuple([z.string().trim().min(1).max(128), z.string().trim().min(1).max(128)]),
})

/*
 * The wire shapes of customer answers: money leaves as a "1234.50" yuan string (docs/api.md),
 * while the domain and SQL keep integer cents. Every route converts through these, nowhere else.
 */

/** A customer's attributes as the API answers them. */
export function customerJson<T extends CustomerSummary>({ spend_cents, aov_cents, ...rest }: T) {
  return { ...rest, spend: fromCents(spend_cents), aov: fromCents(aov_cents) }
}

/** A segment's size and revenue, and the totals its shares are of, as the API answers them. */
export function segmentCountJson({ revenue_cents, all_revenue_cents, ...rest }: SegmentCount) {
  return { ...rest, revenue: fromCents(revenue_cents), all_revenue: fromCents(all_revenue_cents) }
}

/** The RFM monetary thresholds: from which net spend a customer gets each M score. */
export const rfmMonetaryJson = () => MONETARY_CENTS.map((t) => ({ score: t.score, min_spend: fromCents(t.minCents) }))
