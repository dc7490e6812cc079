import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { toCents } from '@/lib/money'
import { comparisonRange, comparisonShift, kpiChanges, type Comparison, type KpiChange } from './compare'
import { customerTotalsBy } from './customers'
import { memberKey, NO_SHIFT, timeMemberInRange, type Members, type Shift } from './dimensions'
import { isLineDimension, isTimeDimension, type BreakdownQuery, type Dimension, type RangeQuery } from './filters'
import {
  customerKpis,
  NO_ORDER_FLOW,
  orderFlowKpis,
  salesKpis,
  ZERO_CUSTOMERS,
  ZERO_ORDER_FLOW,
  ZERO_SALES,
  type BreakdownKpis,
  type Kpis,
  type KpiKey,
} from './kpis'
import { orderFlowTotalsBy } from './order-flow'
import { salesTotalsBy } from './sales'
import { orderKpis } from './snapshot'

export type Compared<K> = { kpis: K; change: Record<keyof K, KpiChange> }
export type BreakdownRow = Members & BreakdownKpis & { comparison?: Compared<BreakdownKpis> }
type Cell = { members: Members; kpis: BreakdownKpis }

/**
 * Every KPI per row of `dims`: sales sums from a rollup, customers (distinct, new, repeat:
 * counted once) from customer_days or the lines, order flow from its rollups (null by
 * category or SKU: lifecycle events have no lines).
 */
export async function kpisBy(ch: ClickHouseClient, q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift = NO_SHIFT): Promise<Map<string, Cell>> {
  const orderLevel = !dims.some(isLineDimension)
  const [sales, customers, flow] = await Promise.all([
    salesTotalsBy(ch, q, timeZone, dims, shift, { customers: false }),
    customerTotalsBy(ch, q, timeZone, dims, shift),
    orderLevel ? orderFlowTotalsBy(ch, q, timeZone, dims, shift) : Promise.resolve(null),
  ])
  const out = new Map<string, Cell>()
  for (const [key, { members }] of [...sales, ...customers, ...(flow ?? [])]) {
    if (out.has(key)) continue
    out.set(key, {
      members,
      kpis: {
        ...salesKpis({ ...(sales.get(key)?.totals ?? ZERO_SALES), customers: customers.get(key)?.totals.customers ?? 0 }),
        ...customerKpis(customers.get(key)?.totals ?? ZERO_CUSTOMERS),
        ...(flow ? orderFlowKpis(flow.get(key)?.totals ?? ZERO_ORDER_FLOW) : NO_ORDER_FLOW),
      },
    })
  }
  return out
}

/** The KPIs of a member with no data in a period: zero sums, no rates. */
export function emptyKpis(dims: readonly Dimension[]): BreakdownKpis {
  return {
    ...salesKpis(ZERO_SALES),
    ...customerKpis(ZERO_CUSTOMERS),
    ...(dims.some(isLineDimension) ? NO_ORDER_FLOW : orderFlowKpis(ZERO_ORDER_FLOW)),
  }
}

export type BreakdownResult = {
  rows: BreakdownRow[]
  total: Kpis & { comparison?: Compared<Kpis> }
  comparison: { mode: Comparison; range: { from: string; to: string } } | null
}

/**
 * A breakdown by `by` (× `split`) with the total, optionally each matched with the comparison
 * period by member (time members shifted by the comparison offset; a member missing on one
 * side compares with zeros and nulls), sorted and cut to the top `limit`.
 */
export async function breakdown(ch: ClickHouseClient, q: BreakdownQuery, timeZone: string): Promise<BreakdownResult> {
  const dims: Dimension[] = q.split && q.split !== q.by ? [q.by, q.split] : [q.by]
  if (!q.compare) {
    const [cells, total] = await Promise.all([topKpisBy(ch, q, timeZone, dims), orderKpis(ch, q, timeZone)])
    return { rows: sortRows(dims, [...cells.values()].map(toRow), q.sort, q.limit), total, comparison: null }
  }
  const [cells, total] = await Promise.all([kpisBy(ch, q, timeZone, dims), orderKpis(ch, q, timeZone)])

  const range = comparisonRange(q.from, q.to, q.compare)
  const then = { ...q, ...range }
  const [before, totalBefore] = await Promise.all([kpisBy(ch, then, timeZone, dims, comparisonShift(q.from, q.to, q.compare)), orderKpis(ch, then, timeZone)])
  const rows = matchComparison(dims, cells, before, q.from, q.to)
  return {
    rows: sortRows(dims, rows, q.sort, q.limit),
    total: { ...total, comparison: { kpis: totalBefore, change: kpiChanges(total, totalBefore) } },
    comparison: { mode: q.compare, range },
  }
}

const toRow = (c: Cell): BreakdownRow => ({ ...c.members, ...c.kpis })

/** KPIs a top N can be chosen by from the sales sums alone. */
const SALES_SORTS: readonly KpiKey[] = ['net_revenue', 'gmv', 'cogs', 'gross_profit', 'gross_margin', 'orders', 'aov']
const FILTER_OF: Partial<Record<Dimension, keyof RangeQuery & Dimension>> = { channel: 'channel', region: 'region', city: 'city', store: 'store', category: 'category', sku: 'sku' }

/**
 * Whether a breakdown's top N can be picked before its expensive parts: kept by a sales KPI,
 * with a line dimension (so no member exists by order flow alone: a member with customers has
 * sales) and no time dimension (members must be expressible as filters).
 */
export function limitPushable(dims: readonly Dimension[], sort: KpiKey | undefined, limit: number | undefined): boolean {
  return limit !== undefined && SALES_SORTS.includes(sort ?? 'net_revenue') && dims.some(isLineDimension) && dims.every((d) => FILTER_OF[d] !== undefined)
}

/** The query narrowed to the members of `rows`: each dimension's filter becomes the members it takes there. */
export function narrowTo(q: RangeQuery, dims: readonly Dimension[], rows: readonly Members[]): RangeQuery {
  const out = { ...q }
  for (const d of dims) {
    const f = FILTER_OF[d]
    if (f) out[f] = [...new Set(rows.map((r) => r[d] ?? ''))].sort() as never
  }
  return out
}

/**
 * kpisBy, or — when the top N is kept by a sales KPI — the top N members by the sales sums
 * (the cheap part), then every KPI for those members only (customers read the lines by SKU).
 */
async function topKpisBy(ch: ClickHouseClient, q: BreakdownQuery, timeZone: string, dims: readonly Dimension[]): Promise<Map<string, Cell>> {
  if (!limitPushable(dims, q.sort, q.limit)) return kpisBy(ch, q, timeZone, dims)
  const sales = await salesTotalsBy(ch, q, timeZone, dims, NO_SHIFT, { customers: false })
  const ranked = sortRows(dims, [...sales.values()].map(({ members, totals }) => ({ ...members, ...emptyKpis(dims), ...salesKpis(totals) })), q.sort, q.limit)
  if (ranked.length === 0) return new Map()
  const keep = new Set(ranked.map((r) => memberKey(dims, r)))
  const cells = await kpisBy(ch, narrowTo(q, dims, ranked), timeZone, dims)
  return new Map([...cells].filter(([key]) => keep.has(key)))
}

/** Pairs current and comparison rows by member; comparison-only time members outside the range are dropped. */
export function matchComparison(dims: readonly Dimension[], current: Map<string, Cell>, before: Map<string, Cell>, from: string, to: string): BreakdownRow[] {
  const rows: BreakdownRow[] = []
  const empty = emptyKpis(dims)
  for (const [key, cell] of current) {
    const prev = before.get(key)?.kpis ?? empty
    rows.push({ ...toRow(cell), comparison: { kpis: prev, change: kpiChanges(cell.kpis, prev) } })
  }
  for (const [key, cell] of before) {
    if (current.has(key)) continue
    if (dims.some((d) => isTimeDimension(d) && !timeMemberInRange(d, cell.members[d] ?? '', from, to))) continue
    rows.push({ ...cell.members, ...empty, comparison: { kpis: cell.kpis, change: kpiChanges(empty, cell.kpis) } })
  }
  return rows
}

/** A KPI as a number to sort by: money strings in cents; null sorts last. */
function sortValue(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return v
  return v.startsWith('-') ? -toCents(v.slice(1)) : toCents(v)
}

/**
 * Orders rows by `sort` descending (nulls last, ties by member), or by member when no sort
 * is asked; `limit` keeps the top N, by net revenue unless another KPI is named.
 */
export function sortRows(dims: readonly Dimension[], rows: BreakdownRow[], sort?: KpiKey, limit?: number): BreakdownRow[] {
  const by = sort ?? (limit ? 'net_revenue' : undefined)
  const keyed = rows.map((r) => ({ r, key: memberKey(dims, r), v: by ? sortValue(r[by]) : null }))
  keyed.sort((a, b) => {
    if (by) {
      if (a.v === null && b.v !== null) return 1
      if (b.v === null && a.v !== null) return -1
      if (a.v !== null && b.v !== null && a.v !== b.v) return b.v - a.v
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
  })
  return (limit ? keyed.slice(0, limit) : keyed).map((k) => k.r)
}
