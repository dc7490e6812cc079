import { z } from 'zod'
import { channelSchema } from '@/lib/events'
import { COMPARISONS } from './compare'
import { KPI_KEYS } from './kpis'

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real calendar date')

const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(100))

/** The drill filters; each may repeat (`channel=tmall&channel=jd`). */
export const filterFields = {
  channel: many(channelSchema),
  region: many(z.string().max(64)),
  city: many(z.string().max(64)),
  store: many(z.string().max(64)),
  category: many(z.string().max(128)),
  sku: many(z.string().max(64)),
}

/** A drill filter's name. */
export type FilterKey = keyof typeof filterFields

/** Date range (inclusive, in the configured time zone) and drill filters shared by every KPI call. */
export const rangeQuerySchema = z
  .object({ from: isoDate, to: isoDate, ...filterFields })
  .refine((q) => q.from <= q.to, { message: 'must not be after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 3 * 366 * 86_400_000, { message: 'range may span at most three years', path: ['to'] })

/**
 * A range and its filters. Set by code, never by a request: `days` keeps only those local days
 * of the range (the anomaly watch: one weekday over past weeks, a seventh of the reading), and
 * `before_hour` only each day's local hours before it (the watch on today: the hours so far
 * against the same hours of past weeks) — which only hourly rows can tell (grain.ts).
 */
export type RangeQuery = z.infer<typeof rangeQuerySchema> & { days?: readonly string[]; before_hour?: number }

/** Time members are local to the configured time zone; weeks start on Monday (ISO). */
export const TIME_DIMENSIONS = ['year', 'quarter', 'month', 'week', 'day', 'hour'] as const
export const DIMENSIONS = ['channel', 'region', 'city', 'store', 'category', 'sku', ...TIME_DIMENSIONS] as const
export type Dimension = (typeof DIMENSIONS)[number]
export type TimeDimension = (typeof TIME_DIMENSIONS)[number]

export const isTimeDimension = (d: Dimension): d is TimeDimension => (TIME_DIMENSIONS as readonly string[]).includes(d)
/** Lifecycle events (placed, cancelled, shipped) have no lines: order-level KPIs cannot be split by these. */
export const isLineDimension = (d: Dimension) => d === 'category' || d === 'sku'
/** The places a sale, a shipment or a stock position is at; only tables that keep them can filter or group by them. */
export const PLACE_DIMENSIONS = ['region', 'city', 'store'] as const
export const isPlaceDimension = (d: Dimension) => (PLACE_DIMENSIONS as readonly string[]).includes(d)

const compare = z.enum(COMPARISONS).optional()

/** GET /api/v1/kpis */
export const kpisQuerySchema = rangeQuerySchema.and(z.object({ compare }))

/**
 * GET /api/v1/breakdown: rows by `by` (× `split`); `sort` by a KPI, descending; `limit` keeps
 * the top N; `fields` (comma-separated KPIs, every one by default) the KPIs to answer with.
 */
export const breakdownQuerySchema = rangeQuerySchema.and(
  z.object({
    by: z.enum(DIMENSIONS),
    split: z.enum(DIMENSIONS).optional(),
    compare,
    sort: z.enum(KPI_KEYS).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    fields: z.preprocess((v) => (v === undefined ? undefined : [v].flat().flatMap((f) => String(f).split(',')).filter(Boolean)), z.array(z.enum(KPI_KEYS)).min(1).optional()),
  }),
)
export type BreakdownQuery = z.infer<typeof breakdownQuerySchema>

/** GET /api/v1/oversells */
export const oversellsQuerySchema = rangeQuerySchema.and(z.object({ compare }))

/** GET /api/v1/anomalies: one day against the same weekday of the previous `weeks` weeks. */
export const anomaliesQuerySchema = z.object({
  date: isoDate,
  weeks: z.coerce.number().int().min(3).max(12).default(6),
  ...filterFields,
})
export type AnomaliesQuery = z.infer<typeof anomaliesQuerySchema>
