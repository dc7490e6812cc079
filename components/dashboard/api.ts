/**
 * Client side of the KPI API (`/api/v1/kpis`, `/api/v1/breakdown`). Every response is
 * parsed with zod: a response that does not match the contract becomes an `ApiError`
 * of kind `invalid_response` (an error state in the UI), never a crash further down.
 */
import { z } from 'zod'
import type { DayRange, Granularity } from '@/lib/i18n/time-range'

/** Decimal yuan string with exactly two decimals, e.g. "1234.50". */
export const moneySchema = z.string().regex(/^-?\d+\.\d{2}$/, 'money must be a decimal string with two decimals')

export const rangeSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  time_zone: z.string().min(1),
})

export const freshnessSchema = z.object({
  newest_event_at: z.iso.datetime({ offset: true }).nullable(),
  as_of: z.iso.datetime({ offset: true }),
})

export const kpiFieldsSchema = z.object({
  net_revenue: moneySchema,
  gmv: moneySchema,
  cogs: moneySchema,
  gross_profit: moneySchema,
  gross_margin: z.number().nullable(),
  orders: z.number().int().nonnegative(),
  aov: moneySchema.nullable(),
  customers: z.number().int().nonnegative(),
})

export const kpisResponseSchema = z.object({
  range: rangeSchema,
  kpis: kpiFieldsSchema,
  freshness: freshnessSchema,
})

// Channels are configurable: an id this build does not know is shown as-is, not rejected.
const channelIdSchema = z.string().min(1)

export const channelBreakdownResponseSchema = z.object({
  range: rangeSchema,
  by: z.literal('channel'),
  rows: z.array(kpiFieldsSchema.extend({ channel: channelIdSchema })),
  total: kpiFieldsSchema,
  freshness: freshnessSchema,
})

const dayBreakdownSchema = z.object({
  range: rangeSchema,
  by: z.literal('day'),
  rows: z.array(kpiFieldsSchema.extend({ day: z.iso.date(), channel: channelIdSchema })),
  freshness: freshnessSchema,
})

const hourBreakdownSchema = z.object({
  range: rangeSchema,
  by: z.literal('hour'),
  rows: z.array(
    kpiFieldsSchema.extend({
      hour: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:00$/, 'hour must be "YYYY-MM-DD HH:00"'),
      channel: channelIdSchema,
    }),
  ),
  freshness: freshnessSchema,
})

export const timeBreakdownResponseSchema = z.discriminatedUnion('by', [dayBreakdownSchema, hourBreakdownSchema])

export const apiErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
})

export type KpiFields = z.infer<typeof kpiFieldsSchema>
export type Freshness = z.infer<typeof freshnessSchema>
export type ApiRange = z.infer<typeof rangeSchema>
export type KpisResponse = z.infer<typeof kpisResponseSchema>
export type ChannelBreakdownResponse = z.infer<typeof channelBreakdownResponseSchema>
export type ChannelRow = ChannelBreakdownResponse['rows'][number]

/** One (time bucket, channel) cell; `bucket` is the API's `day` or `hour`. */
export type TimeChannelRow = KpiFields & { bucket: string; channel: string }

export interface TimeBreakdown {
  range: ApiRange
  by: Granularity
  rows: TimeChannelRow[]
  freshness: Freshness
}

/** `not_found`: the endpoint (or the thing asked for) does not exist on this server (yet). */
export type ApiErrorKind = 'unauthorized' | 'invalid_parameter' | 'invalid_response' | 'not_found' | 'network' | 'server'

export class ApiError extends Error {
  readonly kind: ApiErrorKind
  readonly status: number | null
  readonly code: string | undefined
  readonly field: string | undefined

  constructor(kind: ApiErrorKind, status: number | null, message: string, code?: string, field?: string) {
    super(message)
    this.name = 'ApiError'
    this.kind = kind
    this.status = status
    this.code = code
    this.field = field
  }
}

export interface RequestOptions {
  signal?: AbortSignal
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError'
}

export async function getJson<S extends z.ZodType>(
  path: string,
  params: Record<string, string> | string[][],
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const url = `${path}?${new URLSearchParams(params).toString()}`
  let response: Response
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    })
  } catch (error) {
    if (isAbort(error)) throw error
    throw new ApiError('network', null, error instanceof Error ? error.message : String(error))
  }

  // A proxy that answers an API call with a redirect to the sign-in page means "no session".
  if (response.redirected && new URL(response.url, 'http://localhost').pathname.endsWith('/signin')) {
    throw new ApiError('unauthorized', 401, 'redirected to sign-in')
  }

  let body: unknown
  try {
    body = await response.json()
  } catch (error) {
    if (isAbort(error)) throw error
    body = undefined
  }

  if (!response.ok) {
    const parsed = apiErrorBodySchema.safeParse(body)
    const code = parsed.success ? parsed.data.error.code : undefined
    const message = parsed.success ? parsed.data.error.message : `HTTP ${response.status}`
    const field = parsed.success ? parsed.data.error.field : undefined
    const kind: ApiErrorKind =
      response.status === 401 || code === 'unauthorized'
        ? 'unauthorized'
        : response.status === 400
          ? 'invalid_parameter'
          : response.status === 404
            ? 'not_found'
            : 'server'
    throw new ApiError(kind, response.status, message, code, field)
  }

  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    throw new ApiError('invalid_response', response.status, z.prettifyError(parsed.error))
  }
  return parsed.data
}

/** POSTs JSON to an API route; a refusal throws an ApiError carrying the code and the field to blame. */
export async function postJson(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const json: unknown = await response.json().catch(() => undefined)
  if (!response.ok) {
    const parsed = apiErrorBodySchema.safeParse(json)
    const kind = response.status === 401 ? 'unauthorized' : response.status === 400 ? 'invalid_parameter' : response.status === 404 ? 'not_found' : 'server'
    throw new ApiError(kind, response.status, parsed.success ? parsed.data.error.message : `HTTP ${response.status}`, parsed.success ? parsed.data.error.code : undefined, parsed.success ? parsed.data.error.field : undefined)
  }
  return json
}

/** A refusal as one line for the UI: the field to blame first when there is one. */
export function refusalText(e: unknown): string {
  if (e instanceof ApiError && e.field) return `${e.field}: ${e.message}`
  return e instanceof Error ? e.message : String(e)
}

export function fetchKpis(range: DayRange, options?: RequestOptions): Promise<KpisResponse> {
  return getJson('/api/v1/kpis', { from: range.from, to: range.to }, kpisResponseSchema, options)
}

export function fetchChannelBreakdown(range: DayRange, options?: RequestOptions): Promise<ChannelBreakdownResponse> {
  return getJson(
    '/api/v1/breakdown',
    { by: 'channel', from: range.from, to: range.to },
    channelBreakdownResponseSchema,
    options,
  )
}

export async function fetchTimeBreakdown(
  granularity: Granularity,
  range: DayRange,
  options?: RequestOptions,
): Promise<TimeBreakdown> {
  const data = await getJson(
    '/api/v1/breakdown',
    { by: granularity, split: 'channel', from: range.from, to: range.to },
    timeBreakdownResponseSchema,
    options,
  )
  if (data.by !== granularity) {
    throw new ApiError('invalid_response', 200, `asked for by=${granularity}, got by=${data.by}`)
  }
  const rows: TimeChannelRow[] =
    data.by === 'day'
      ? data.rows.map(({ day, ...rest }) => ({ ...rest, bucket: day }))
      : data.rows.map(({ hour, ...rest }) => ({ ...rest, bucket: hour }))
  return { range: data.range, by: data.by, rows, freshness: data.freshness }
}

/** react-query keys; the range is part of every key so changing it starts a new query. */
export const dashboardKeys = {
  all: ['dashboard'] as const,
  kpis: (range: DayRange) => ['dashboard', 'kpis', range.from, range.to] as const,
  channels: (range: DayRange) => ['dashboard', 'breakdown', 'channel', range.from, range.to] as const,
  time: (granularity: Granularity, range: DayRange) =>
    ['dashboard', 'breakdown', granularity, 'channel', range.from, range.to] as const,
}

/** Do not hammer the API with retries for errors a retry cannot fix. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.kind !== 'network' && error.kind !== 'server') return false
  return failureCount < 2
}
