import { z } from 'zod'
import { channelSchema } from '@/lib/events'

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real calendar date')

const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(100))

/** Date range (inclusive, in the configured time zone) and drill filters shared by every KPI call. */
export const rangeQuerySchema = z
  .object({
    from: isoDate,
    to: isoDate,
    channel: many(channelSchema),
    region: many(z.string().max(64)),
    city: many(z.string().max(64)),
    store: many(z.string().max(64)),
    category: many(z.string().max(128)),
    sku: many(z.string().max(64)),
  })
  .refine((q) => q.from <= q.to, { message: 'must not be after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 3 * 366 * 86_400_000, { message: 'range may span at most three years', path: ['to'] })

export type RangeQuery = z.infer<typeof rangeQuerySchema>

export const DIMENSIONS = ['channel', 'region', 'city', 'store', 'category', 'sku', 'day', 'hour'] as const
export type Dimension = (typeof DIMENSIONS)[number]
