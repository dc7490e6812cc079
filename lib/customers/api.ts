import { z } from 'zod'
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
