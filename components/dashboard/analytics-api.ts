/**
 * Client side of the executive analytics API (issue 3): every KPI with comparison and
 * anomalies, breakdowns at any drill level, inventory, oversells and anomalies. Every
 * response is parsed with zod; optional parts the server does not send yet (a KPI, the
 * comparison, anomalies) parse to `null` ("not available"), never to an error.
 */
import { z } from 'zod'
import {
  ApiError,
  freshnessSchema,
  getJson,
  moneySchema,
  rangeSchema,
  type RequestOptions,
} from '@/components/dashboard/api'
import { moneyToCents } from '@/lib/i18n/format'
import { memberOf, type DayRange, type TimeLevel } from '@/lib/i18n/time-range'

export const FILTER_DIMS = ['channel', 'region', 'city', 'store', 'category', 'sku'] as const
export type FilterDim = (typeof FILTER_DIMS)[number]
export type Filters = Partial<Record<FilterDim, readonly string[]>>

export const BREAKDOWN_DIMS = [...FILTER_DIMS, 'year', 'quarter', 'month', 'week', 'day', 'hour'] as const
export type BreakdownDim = (typeof BREAKDOWN_DIMS)[number]

export type CompareMode = 'previous' | 'yoy'

// ---- schemas ----

const count = z.number().int().nonnegative()
const optionalNumber = z.number().nullable().optional().transform((v) => v ?? null)
const optionalCount = count.nullable().optional().transform((v) => v ?? null)
const optionalMoney = moneySchema.nullable().optional().transform((v) => v ?? null)

/** Every KPI; the sales ones are required, the rest may be missing (→ null). */
export const allKpisSchema = z.object({
  net_revenue: moneySchema,
  gmv: moneySchema,
  cogs: optionalMoney,
  gross_profit: moneySchema,
  gross_margin: optionalNumber,
  orders: optionalCount,
  aov: optionalMoney,
  customers: optionalCount,
  new_customers: optionalCount,
  returning_customers: optionalCount,
  repurchase_rate: optionalNumber,
  placed_orders: optionalCount,
  oversold_orders: optionalCount,
  oversell_rate: optionalNumber,
  processing_time_p50_hours: optionalNumber,
  processing_time_p90_hours: optionalNumber,
  inventory_turnover_days: optionalNumber,
})
export type AllKpis = z.infer<typeof allKpisSchema>
export type KpiKey = keyof AllKpis

const changeValue = z.union([z.string(), z.number()]).nullable()
export const kpiChangeSchema = z.object({ previous: changeValue, change: changeValue, change_pct: z.number().nullable() })
export type KpiChange = z.infer<typeof kpiChangeSchema>

const comparisonSchema = z.object({
  mode: z.enum(['previous', 'yoy']),
  range: z.object({ from: z.iso.date(), to: z.iso.date() }),
  kpis: allKpisSchema,
  change: z.record(z.string(), kpiChangeSchema),
})
export type KpiComparison = z.infer<typeof comparisonSchema>

export const anomalySchema = z.object({
  kpi: z.string(),
  scope: z.object({ by: z.string(), member: z.string() }).nullable().optional().transform((v) => v ?? null),
  value: z.union([z.number(), z.string()]),
  expected: z.union([z.number(), z.string()]),
  low: z.union([z.number(), z.string()]).nullable().optional(),
  high: z.union([z.number(), z.string()]).nullable().optional(),
  direction: z.enum(['above', 'below']),
  explanation_zh: z.string(),
  explanation_en: z.string(),
})
export type Anomaly = z.infer<typeof anomalySchema>

// An anomaly list that does not parse is "not available", not a broken page.
const optionalAnomalies = z
  .array(z.unknown())
  .nullable()
  .optional()
  .transform((items) =>
    (items ?? []).flatMap((item) => {
      const parsed = anomalySchema.safeParse(item)
      return parsed.success ? [parsed.data] : []
    }),
  )

export const overviewKpisSchema = z.object({
  range: rangeSchema,
  kpis: allKpisSchema,
  comparison: comparisonSchema.nullable().optional().transform((v) => v ?? null),
  anomalies: optionalAnomalies,
  freshness: freshnessSchema,
})
export type OverviewKpis = z.infer<typeof overviewKpisSchema>

const breakdownRowSchema = z.looseObject({
  ...allKpisSchema.shape,
  comparison: z
    .object({ kpis: allKpisSchema, change: z.record(z.string(), kpiChangeSchema) })
    .nullable()
    .optional(),
})

export const breakdownResponseSchema = z.object({
  range: rangeSchema,
  by: z.string(),
  split: z.string().nullable().optional(),
  rows: z.array(breakdownRowSchema),
  total: breakdownRowSchema.optional(),
  freshness: freshnessSchema,
})

export interface BreakdownRow {
  member: string
  split: string | null
  kpis: AllKpis
  change: Record<string, KpiChange> | null
}

export interface Breakdown {
  range: z.infer<typeof rangeSchema>
  by: BreakdownDim
  split: BreakdownDim | null
  rows: BreakdownRow[]
  total: BreakdownRow | null
  freshness: z.infer<typeof freshnessSchema>
  /** Rolled up in the browser from daily rows (the server does not offer this level yet). */
  rolledUp: boolean
}

// ---- request helpers ----

export function filterParams(filters: Filters): string[][] {
  const out: string[][] = []
  for (const dim of FILTER_DIMS) for (const member of filters[dim] ?? []) out.push([dim, member])
  return out
}

function rangeParams(range: DayRange): string[][] {
  return [
    ['from', range.from],
    ['to', range.to],
  ]
}

export interface KpiQuery {
  range: DayRange
  filters: Filters
  compare: CompareMode | null
}

/** GET /api/v1/kpis's query parameters for `q`. */
export function kpisParams(q: KpiQuery): string[][] {
  return [...rangeParams(q.range), ...(q.compare ? [['compare', q.compare]] : []), ...filterParams(q.filters)]
}

export function fetchOverviewKpis(q: KpiQuery, options?: RequestOptions): Promise<OverviewKpis> {
  return getJson('/api/v1/kpis', kpisParams(q), overviewKpisSchema, options)
}

export interface BreakdownQuery extends KpiQuery {
  by: BreakdownDim
  split?: BreakdownDim | null
  limit?: number
  sort?: KpiKey
  /** Only these KPIs (every one when absent): the server reads only what they need. */
  fields?: readonly KpiKey[]
}

function memberKey(row: Record<string, unknown>, dim: string): string | null {
  const value = row[dim]
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null
}

function toRow(raw: z.infer<typeof breakdownRowSchema>, by: string, split: string | null): BreakdownRow | null {
  const member = memberKey(raw, by)
  if (member === null) return null
  const kpis = allKpisSchema.parse(raw)
  return {
    member,
    split: split ? memberKey(raw, split) : null,
    kpis,
    change: raw.comparison?.change ?? null,
  }
}

export function normaliseBreakdown(data: z.infer<typeof breakdownResponseSchema>, by: BreakdownDim, split: BreakdownDim | null): Breakdown {
  const rows: BreakdownRow[] = []
  for (const raw of data.rows) {
    const row = toRow(raw, by, split)
    if (!row) throw new ApiError('invalid_response', 200, `a breakdown row has no "${by}"`)
    rows.push(row)
  }
  const total = data.total
    ? { member: '', split: null, kpis: allKpisSchema.parse(data.total), change: data.total.comparison?.change ?? null }
    : null
  return { range: data.range, by, split, rows, total, freshness: data.freshness, rolledUp: false }
}

const ROLL_UP_LEVELS: readonly BreakdownDim[] = ['year', 'quarter', 'month', 'week']

function isUnsupportedBy(error: unknown): boolean {
  return error instanceof ApiError && error.kind === 'invalid_parameter' && (error.field === 'by' || error.field === 'split')
}

/**
 * A breakdown. Rows are sorted by `sort` (default net revenue, descending) and cut to
 * `limit` on the client as well, so a server that ignores those still gives the same view.
 * Year/quarter/month/week fall back to rolling daily rows up when the server rejects them.
 */
/** GET /api/v1/breakdown's query parameters for `q`. */
export function breakdownParams(q: BreakdownQuery): string[][] {
  return [
    ['by', q.by],
    ...(q.split ? [['split', q.split]] : []),
    ...rangeParams(q.range),
    ...(q.compare ? [['compare', q.compare]] : []),
    ...(q.limit ? [['limit', String(q.limit)], ['sort', q.sort ?? 'net_revenue']] : []),
    ...(q.fields ? [['fields', q.fields.join(',')]] : []),
    ...filterParams(q.filters),
  ]
}

export async function fetchBreakdown(q: BreakdownQuery, options?: RequestOptions): Promise<Breakdown> {
  const split = q.split ?? null
  let result: Breakdown
  try {
    const data = await getJson('/api/v1/breakdown', breakdownParams(q), breakdownResponseSchema, options)
    result = normaliseBreakdown(data, q.by, split)
  } catch (error) {
    if (!ROLL_UP_LEVELS.includes(q.by) || !isUnsupportedBy(error)) throw error
    const level = q.by as TimeLevel
    const daily = await fetchBreakdown({ ...q, by: 'day', limit: undefined }, options)
    result = { ...daily, by: q.by, rows: rollUpRows(daily.rows, (day) => memberOf(level, day)), rolledUp: true }
  }
  if (q.limit) result = { ...result, rows: topRows(result.rows, q.sort ?? 'net_revenue', q.limit) }
  return result
}

function sortValue(kpis: AllKpis, key: KpiKey): number {
  const value = kpis[key]
  if (value === null) return Number.NEGATIVE_INFINITY
  return typeof value === 'string' ? (moneyToCents(value) ?? 0) : value
}

/** The `limit` rows with the highest `sort` KPI, highest first (ties by member). */
export function topRows(rows: readonly BreakdownRow[], sort: KpiKey, limit: number): BreakdownRow[] {
  return [...rows]
    .sort((a, b) => sortValue(b.kpis, sort) - sortValue(a.kpis, sort) || a.member.localeCompare(b.member))
    .slice(0, limit)
}

const centsToMoney = (cents: number) => {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * Rolls rows up to coarser members (e.g. days → months). Sums (money, orders, placed and
 * oversold orders) add up exactly; ratios are recomputed from the sums; distinct counts
 * (customers) and percentiles cannot be rolled up and become null.
 */
export function rollUpRows(rows: readonly BreakdownRow[], toMember: (member: string) => string): BreakdownRow[] {
  interface Acc {
    member: string
    split: string | null
    net: number
    gmv: number
    cogs: number | null
    gp: number
    orders: number | null
    placed: number | null
    oversold: number | null
  }
  const groups = new Map<string, Acc>()
  const add = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b)
  for (const row of rows) {
    const member = toMember(row.member)
    const key = `${member}\u0000${row.split ?? ''}`
    const acc = groups.get(key) ?? {
      member,
      split: row.split,
      net: 0,
      gmv: 0,
      cogs: 0,
      gp: 0,
      orders: 0,
      placed: 0,
      oversold: 0,
    }
    const k = row.kpis
    acc.net += moneyToCents(k.net_revenue) ?? 0
    acc.gmv += moneyToCents(k.gmv) ?? 0
    acc.cogs = add(acc.cogs, k.cogs === null ? null : moneyToCents(k.cogs))
    acc.gp += moneyToCents(k.gross_profit) ?? 0
    acc.orders = add(acc.orders, k.orders)
    acc.placed = add(acc.placed, k.placed_orders)
    acc.oversold = add(acc.oversold, k.oversold_orders)
    groups.set(key, acc)
  }
  return [...groups.values()]
    .sort((a, b) => a.member.localeCompare(b.member) || (a.split ?? '').localeCompare(b.split ?? ''))
    .map((a) => ({
      member: a.member,
      split: a.split,
      change: null,
      kpis: {
        net_revenue: centsToMoney(a.net),
        gmv: centsToMoney(a.gmv),
        cogs: a.cogs === null ? null : centsToMoney(a.cogs),
        gross_profit: centsToMoney(a.gp),
        gross_margin: a.net !== 0 ? a.gp / a.net : null,
        orders: a.orders,
        aov: a.orders ? centsToMoney(Math.round(a.net / a.orders)) : null,
        customers: null,
        new_customers: null,
        returning_customers: null,
        repurchase_rate: null,
        placed_orders: a.placed,
        oversold_orders: a.oversold,
        oversell_rate: a.placed ? (a.oversold ?? 0) / a.placed : null,
        processing_time_p50_hours: null,
        processing_time_p90_hours: null,
        inventory_turnover_days: null,
      },
    }))
}

// ---- inventory ----

const optionalDays = z.number().nullable().optional().transform((v) => v ?? null)

export const inventoryResponseSchema = z.object({
  range: rangeSchema.optional(),
  summary: z.object({ stock_value: moneySchema, turnover_days: optionalDays, days_of_cover: optionalDays }),
  by_category: z.array(
    z.object({
      category: z.string(),
      stock_value: moneySchema,
      turnover_days: optionalDays,
      days_of_cover: optionalDays,
      on_hand: z.number(),
    }),
  ),
  by_location: z.array(
    z.object({
      location_id: z.string(),
      region: z.string().nullable().optional(),
      city: z.string().nullable().optional(),
      stock_value: moneySchema,
      turnover_days: optionalDays,
      days_of_cover: optionalDays,
      on_hand: z.number(),
    }),
  ),
  stockouts: z.array(
    z.object({ sku: z.string(), location_id: z.string(), available: z.number(), units_sold_30d: z.number().nullable().optional() }),
  ),
  low_stock: z.array(z.object({ sku: z.string(), location_id: z.string(), available: z.number(), days_of_cover: optionalDays })),
  slow_moving: z.array(
    z.object({
      sku: z.string(),
      location_id: z.string(),
      on_hand: z.number(),
      stock_value: moneySchema,
      days_of_cover: optionalDays,
      last_sale_at: z.string().nullable().optional(),
    }),
  ),
  freshness: freshnessSchema.optional(),
})
export type InventoryResponse = z.infer<typeof inventoryResponseSchema>

export function fetchInventory(q: { range: DayRange; filters: Filters }, options?: RequestOptions): Promise<InventoryResponse> {
  return getJson('/api/v1/inventory', [...rangeParams(q.range), ...filterParams(q.filters)], inventoryResponseSchema, options)
}

// ---- oversells ----

export const oversellsResponseSchema = z.object({
  range: rangeSchema.optional(),
  series: z.array(
    z.object({
      day: z.string(),
      channel: z.string(),
      placed_orders: z.number(),
      oversold_orders: z.number(),
      oversell_rate: z.number().nullable(),
    }),
  ),
  orders: z.array(
    z.object({
      order_id: z.string(),
      external_id: z.string().nullable().optional(),
      channel: z.string(),
      occurred_at: z.string(),
      location_id: z.string().nullable().optional(),
      region: z.string().nullable().optional(),
      city: z.string().nullable().optional(),
      skus: z.array(z.string()),
    }),
  ),
  freshness: freshnessSchema.optional(),
})
export type OversellsResponse = z.infer<typeof oversellsResponseSchema>

export function fetchOversells(q: { range: DayRange; filters: Filters }, options?: RequestOptions): Promise<OversellsResponse> {
  return getJson('/api/v1/oversells', [...rangeParams(q.range), ...filterParams(q.filters)], oversellsResponseSchema, options)
}

// ---- anomalies ----

export const anomaliesResponseSchema = z.object({
  date: z.string().optional(),
  anomalies: z.array(anomalySchema),
  freshness: freshnessSchema.optional(),
})
export type AnomaliesResponse = z.infer<typeof anomaliesResponseSchema>

export function fetchAnomalies(q: { date: string; filters: Filters }, options?: RequestOptions): Promise<AnomaliesResponse> {
  return getJson('/api/v1/anomalies', [['date', q.date], ...filterParams(q.filters)], anomaliesResponseSchema, options)
}
