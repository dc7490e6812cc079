/**
 * Client side of the customer, segment and campaign API (`/api/v1/customers…`, `/segments…`,
 * `/campaigns…`). Answers are parsed with zod like every other API call of the UI.
 */
import { z } from 'zod'
import { getJson, type RequestOptions } from '@/components/dashboard/api'
import { postRoi } from '@/components/roi/api'
import type { RuleGroup } from '@/lib/customers/segments/rules'

const summarySchema = z.object({
  customer_id: z.string(),
  first_purchase_at: z.string().nullable(),
  last_purchase_at: z.string().nullable(),
  orders: z.number(),
  /** Money as "1234.50" yuan strings, like every API answer. */
  spend: z.string(),
  aov: z.string(),
  channels: z.array(z.string()),
  categories: z.array(z.string()),
  stores: z.array(z.string()),
  region: z.string(),
  city: z.string(),
  member_tier: z.string(),
  coupons_received: z.number(),
  coupons_used: z.number(),
  days_since_last_order: z.number().nullable(),
  rfm: z.object({ r: z.number(), f: z.number(), m: z.number(), cls: z.string() }),
})
export type CustomerSummary = z.infer<typeof summarySchema>

const countSchema = z.object({ customers: z.number(), revenue: z.string(), all_customers: z.number(), all_revenue: z.string() })
export type SegmentCount = z.infer<typeof countSchema>

export const previewSchema = z.object({ count: countSchema, sample: z.array(summarySchema), built_at: z.string().nullable(), time_zone: z.string() })
export type Preview = z.infer<typeof previewSchema>

const customerListSchema = z.object({ customers: z.array(summarySchema), count: countSchema.nullable(), built_at: z.string().nullable(), time_zone: z.string() })

const rules = z.custom<RuleGroup>((v) => typeof v === 'object' && v !== null && 'combinator' in v)

const segmentSchema = z.object({
  segment_id: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.number(),
  rules,
  created_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
})
export type Segment = z.infer<typeof segmentSchema>

const segmentDetailSchema = z.object({
  segment: segmentSchema,
  count: countSchema,
  versions: z.array(z.object({ version: z.number(), name: z.string(), saved_by: z.string(), saved_at: z.string() })),
  snapshots: z.array(z.object({ snapshot_id: z.number(), version: z.number(), member_count: z.number(), taken_by: z.string(), taken_at: z.string() })),
  can_edit: z.boolean(),
  can_launch: z.boolean(),
  time_zone: z.string(),
})
export type SegmentDetail = z.infer<typeof segmentDetailSchema>

const rfmSchema = z.object({
  thresholds: z.object({
    recency_days: z.array(z.object({ score: z.number(), maxDays: z.number() })),
    frequency_orders: z.array(z.object({ score: z.number(), minOrders: z.number() })),
    monetary: z.array(z.object({ score: z.number(), min_spend: z.string() })),
  }),
  classes: z.array(z.object({ cls: z.string(), rules, rule: z.object({ r: z.tuple([z.number(), z.number()]), f: z.tuple([z.number(), z.number()]) }).nullable(), count: countSchema })),
})
export type RfmOverview = z.infer<typeof rfmSchema>

const profileSchema = z.object({
  customer_id: z.string(),
  name: z.string().nullable(),
  city: z.string(),
  region: z.string(),
  member_tier: z.string(),
  records: z.array(z.object({ customer_id: z.string(), created_at: z.string().nullable() })),
  identities: z.array(z.object({ kind: z.string(), customer_id: z.string(), value: z.string(), masked: z.boolean() })),
  channels: z.array(z.string()),
  orders: z.array(z.object({ order_id: z.string(), channel: z.string(), status: z.string(), location_id: z.string(), city: z.string(), total: z.string(), paid_at: z.string(), coupon_code: z.string().nullable() })),
  favourites: z.object({ categories: z.array(z.object({ name: z.string(), spend: z.string() })), stores: z.array(z.object({ name: z.string(), spend: z.string() })) }),
  coupons: z.array(z.object({ coupon_code: z.string(), campaign_id: z.string(), campaign: z.string(), amount: z.string(), threshold: z.string(), valid_from: z.string(), valid_to: z.string(), used_order: z.string().nullable() })),
  merges: z.array(z.object({ merge_id: z.number(), customer_a: z.string(), customer_b: z.string(), reason: z.string(), identity_kind: z.string().nullable(), channel: z.string(), actor: z.string(), merged_at: z.string(), undone_at: z.string().nullable(), undone_by: z.string().nullable() })),
  attributes: summarySchema.extend({ skus: z.array(z.string()) }).nullable(),
  can_merge: z.boolean(),
  time_zone: z.string(),
})
export type Profile = z.infer<typeof profileSchema>

const campaignSchema = z.object({
  campaign_id: z.string(),
  name: z.string(),
  segment_id: z.string(),
  segment_version: z.number(),
  amount: z.string(),
  threshold: z.string(),
  valid_from: z.string(),
  valid_to: z.string(),
  channels: z.array(z.string()),
  holdout_share: z.number(),
  created_by: z.string(),
  created_at: z.string(),
})
export type Campaign = z.infer<typeof campaignSchema>

const group = z.object({ customers: z.number(), revenue: z.string(), revenue_per_customer: z.string() })
export const reportSchema = z.object({
  campaign: campaignSchema,
  issued: z.number(),
  holdout: z.number(),
  redeemed: z.number(),
  redemption_rate: z.number(),
  redeemer_orders: z.number(),
  redeemer_revenue: z.string(),
  treated: group,
  control: group,
  lift: z
    .object({ per_customer: z.string(), incremental_revenue: z.string(), ci95_low: z.string(), ci95_high: z.string(), std_error: z.string(), degrees_of_freedom: z.number().nullable(), significant: z.boolean() })
    .nullable(),
  time_zone: z.string(),
})
export type CampaignReport = z.infer<typeof reportSchema>

export const fetchPreview = async (body: { rules: RuleGroup; sample?: number }) => previewSchema.parse(await postRoi('/api/v1/segments/preview', body))
export const fetchCustomers = (params: Record<string, string>, o?: RequestOptions) => getJson('/api/v1/customers', params, customerListSchema, o)
export const fetchProfile = (id: string, o?: RequestOptions) => getJson(`/api/v1/customers/${encodeURIComponent(id)}`, {}, profileSchema, o)
export const fetchSegments = (o?: RequestOptions) => getJson('/api/v1/segments', {}, z.object({ segments: z.array(segmentSchema), can_edit: z.boolean(), time_zone: z.string() }), o)
export const fetchSegment = (id: string, o?: RequestOptions) => getJson(`/api/v1/segments/${encodeURIComponent(id)}`, {}, segmentDetailSchema, o)
export const fetchRfm = (o?: RequestOptions) => getJson('/api/v1/segments/rfm', {}, rfmSchema, o)
export const fetchCampaigns = (o?: RequestOptions) => getJson('/api/v1/campaigns', {}, z.object({ campaigns: z.array(campaignSchema), can_launch: z.boolean() }), o)
export const fetchCampaign = (id: string, o?: RequestOptions) => getJson(`/api/v1/campaigns/${encodeURIComponent(id)}`, {}, reportSchema, o)
export const saveSegment = async (id: string | null, body: { name: string; description?: string; rules: RuleGroup }) =>
  segmentSchema.parse(await postRoi(id ? `/api/v1/segments/${encodeURIComponent(id)}` : '/api/v1/segments', body))
export const launchCampaign = async (body: unknown) => campaignSchema.parse(await postRoi('/api/v1/campaigns', body))
export const post = postRoi
