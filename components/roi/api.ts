/**
 * Client side of the ROI API (`/api/v1/roi…`). Answers are parsed with zod like every other
 * API call of the UI; a refusal becomes an ApiError that names the field.
 */
import { z } from 'zod'
import { getJson, postJson, type RequestOptions } from '@/components/dashboard/api'
import { MEASURES, ROI_KPIS } from '@/lib/roi/catalogue'

const value = z.union([z.string(), z.number()]).nullable()
const unit = z.enum(['money', 'rate', 'hours', 'days', 'count', 'ratio', 'score'])
const day = z.iso.date()

export const programmesSchema = z.object({
  programmes: z.array(z.object({ id: z.string(), name: z.string(), go_live: day, created_at: z.string() })),
  can_edit: z.boolean(),
})

export const roiRowSchema = z.object({
  kpi: z.enum(ROI_KPIS),
  unit,
  direction: z.enum(['lower', 'higher']),
  source: z.enum(['data', 'data+measure', 'measure']),
  baseline: value,
  baseline_source: z.enum(['computed', 'manual']),
  baseline_computed: value,
  baseline_manual: z.object({ by: z.string(), at: z.string() }).nullable(),
  target: value,
  target_direction_ok: z.boolean().nullable(),
  current: value,
  improvement_pct: z.number().nullable(),
  target_share: z.number().nullable(),
  target_share_display: z.number().nullable(),
})
export type RoiRow = z.infer<typeof roiRowSchema>

const assumptions = z.object({
  hourly_labour_cost: z.string().nullable(),
  labour_hours_per_processing_hour: z.number().nullable(),
  cost_of_capital_rate: z.number().nullable(),
})

export const reportSchema = z.object({
  programme: z.object({
    id: z.string(),
    name: z.string(),
    go_live: day,
    baseline: z.object({ from: day, to: day, days: z.number() }),
    current: z.object({ from: day, to: day, days: z.number(), default: z.boolean() }),
    assumptions,
    created_by: z.string(),
    created_at: z.string(),
  }),
  time_zone: z.string(),
  kpis: z.array(roiRowSchema),
  trend: z.object({
    weeks: z.array(z.object({ week: day, from: day, to: day, window: z.enum(['baseline', 'current', 'between', 'other']) })),
    series: z.record(z.string(), z.array(value)),
  }),
  summary: z.object({
    period: z.object({ from: day, to: day, days: z.number() }),
    items: z.array(z.object({ kpi: z.enum(ROI_KPIS), kind: z.enum(['cost_saving', 'revenue']), amount: z.string().nullable(), inputs: z.record(z.string(), z.number().nullable()), missing: z.array(z.string()) })),
    total: z.string(),
  }),
  measures: z.array(z.object({ measure: z.enum(MEASURES), from: day, to: day, value, entered_by: z.string(), entered_at: z.string() })),
  audit: z.array(z.object({ subject: z.string(), item: z.string(), old_value: z.string().nullable(), new_value: z.string().nullable(), actor: z.string(), at: z.string() })),
  can_edit: z.boolean(),
})
export type RoiReport = z.infer<typeof reportSchema>
export type FinanceItem = RoiReport['summary']['items'][number]

export function fetchProgrammes(options?: RequestOptions) {
  return getJson('/api/v1/roi', {}, programmesSchema, options)
}

export function fetchReport(id: string, options?: RequestOptions) {
  return getJson(`/api/v1/roi/${encodeURIComponent(id)}`, {}, reportSchema, options)
}

/** POSTs JSON to an ROI route; a refusal throws an ApiError carrying the field to blame. */
export function postRoi(path: string, body: unknown): Promise<unknown> {
  return postJson(path, body)
}
