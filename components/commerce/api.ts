/**
 * Client side of the pricing, distributor and portal API. Answers are parsed with zod; a
 * refusal becomes a FormError carrying every field the server named, so forms can show the
 * message next to the field it is about.
 */
import { z } from 'zod'
import { apiErrorBodySchema, getJson, type RequestOptions } from '@/components/dashboard/api'

const money = z.string()

export const creditSchema = z.object({ credit_limit: money, receivable: money, open_orders: money, held: money, exposure: money, headroom: money })
export type Credit = z.infer<typeof creditSchema>

export const quoteSchema = z.object({
  lines: z.array(z.object({ sku: z.string(), quantity: z.number(), list_price: money, tier_unit_price: money, tier_rule_id: z.string().nullable(), promotion_discount: money, unit_price: money, amount: money })),
  promotions: z.array(z.object({ promotion_id: z.string(), name: z.string(), discount: money })),
  list_total: money,
  tier_total: money,
  promotion_discount: money,
  total: money,
})
export type QuoteView = z.infer<typeof quoteSchema>

export const requestSchema = z.object({
  request_id: z.string(),
  distributor_id: z.string(),
  status: z.enum(['placing', 'held', 'placed', 'rejected', 'cancelled']),
  total: money,
  exposure_at_request: money,
  credit_limit_at_request: money,
  order_id: z.string().nullable(),
  order_status: z.string().nullable(),
  requested_by: z.string(),
  requested_at: z.string(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  note: z.string().nullable(),
  quote: quoteSchema,
})
export type RequestRow = z.infer<typeof requestSchema>

export const catalogueSchema = z.object({
  distributor: z.object({ distributor_id: z.string(), name: z.string(), tier_id: z.string(), tier_name: z.string() }),
  items: z.array(
    z.object({
      sku: z.string(),
      name_zh: z.string(),
      name_en: z.string(),
      category: z.string(),
      list_price: money,
      tier_price: money,
      breaks: z.array(z.object({ min_quantity: z.number(), unit_price: money })),
      available: z.number(),
      available_at_one_warehouse: z.number(),
    }),
  ),
})
export type CatalogueItem = z.infer<typeof catalogueSchema>['items'][number]

export const portalOrdersSchema = z.object({ requests: z.array(requestSchema), credit: creditSchema })
export const portalQuoteSchema = z.object({ quote: quoteSchema, credit: creditSchema, exposure_with_order: money, within_limit: z.boolean() })
export const orderOutcomeSchema = z.object({ status: z.enum(['placed', 'held']), request: requestSchema, order: z.object({ order_id: z.string(), status: z.string() }).nullable(), credit: creditSchema })

export const statementSchema = z.object({
  from: z.string(),
  to: z.string(),
  opening_balance: money,
  invoiced: money,
  credited: money,
  paid: money,
  closing_balance: money,
  lines: z.array(z.object({ day: z.string(), kind: z.enum(['invoice', 'credit_note', 'payment']), reference: z.string(), amount: money, balance: money })),
})
export type StatementView = z.infer<typeof statementSchema>

export const distributorsSchema = z.object({
  distributors: z.array(z.object({ distributor_id: z.string(), name: z.string(), tier_id: z.string(), credit_limit: money, credit: creditSchema })),
})
export type DistributorRow = z.infer<typeof distributorsSchema>['distributors'][number]

export const holdsSchema = z.object({ requests: z.array(requestSchema) })

export const settlementSchema = z.object({
  period: z.string(),
  settlements: z.array(z.object({ distributor_id: z.string(), name: z.string(), tier_id: z.string(), period: z.string(), volume: money, rebate_percent: z.number(), earned: money, paid: money, due: money })),
})
export type SettlementRow = z.infer<typeof settlementSchema>['settlements'][number]

const ruleSchema = z.object({
  rule_id: z.string(),
  scope: z.enum(['sku', 'category']),
  target: z.string(),
  min_quantity: z.number(),
  kind: z.enum(['price', 'percent_off']),
  price: z.string().optional(),
  percent_off: z.number().optional(),
})
export type RuleView = z.infer<typeof ruleSchema>
export const tiersSchema = z.object({
  tiers: z.array(z.object({ tier_id: z.string(), name: z.string(), price_rules: z.array(ruleSchema), rebate_brackets: z.array(z.object({ min_volume: money, percent: z.number() })), updated_by: z.string(), updated_at: z.string() })),
})
export type TierView = z.infer<typeof tiersSchema>['tiers'][number]

export const promotionsSchema = z.object({
  promotions: z.array(
    z.object({
      promotion_id: z.string(),
      name: z.string(),
      threshold: money,
      discount: money,
      repeating: z.boolean(),
      cap: money.nullable(),
      channels: z.array(z.string()),
      starts_at: z.string(),
      ends_at: z.string(),
      priority: z.number(),
      exclusive: z.boolean(),
      active: z.boolean(),
    }),
  ),
})
export type PromotionView = z.infer<typeof promotionsSchema>['promotions'][number]

export const fetchFrom =
  <S extends z.ZodType>(path: string, schema: S, params: Record<string, string> = {}) =>
  ({ signal }: RequestOptions) =>
    getJson(path, params, schema, { signal })

const errorWithIssues = apiErrorBodySchema.extend({
  error: apiErrorBodySchema.shape.error.extend({ issues: z.array(z.object({ field: z.string(), message: z.string() })).optional() }),
})

/** A refusal: the message, and the message per field the server named (`lines.0.quantity` …). */
export class FormError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly fields: Record<string, string>,
  ) {
    super(message)
  }
}

/** POSTs JSON and parses the answer; a refusal throws a FormError. */
export async function sendJson<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, credentials: 'same-origin', body: JSON.stringify(body) })
  const json: unknown = await response.json().catch(() => undefined)
  if (!response.ok) {
    const parsed = errorWithIssues.safeParse(json)
    if (!parsed.success) throw new FormError(`HTTP ${response.status}`, response.status, undefined, {})
    const { message, code, field, issues } = parsed.data.error
    const fields: Record<string, string> = {}
    for (const i of issues ?? []) fields[i.field] ??= i.message
    if (field) fields[field] ??= message
    throw new FormError(message, response.status, code, fields)
  }
  return schema.parse(json)
}
