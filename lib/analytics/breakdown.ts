import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { readRowSets } from '@/lib/clickhouse/one-statement'
import { toCents } from '@/lib/money'
import { comparisonRange, comparisonShift, kpiChanges, type Comparison, type KpiChange } from './compare'
import { readSources, type BuyerVisits } from './buyer-visits'
import { customerRowsRead } from './customers'
import { memberKey, membersOf, NO_SHIFT, timeMemberInRange, type Members, type Shift } from './dimensions'
import { isLineDimension, isTimeDimension, type BreakdownQuery, type Dimension, type RangeQuery } from './filters'
import {
  ALL_SOURCES,
  customerKpis,
  NO_ORDER_FLOW,
  orderFlowKpis,
  salesKpis,
  ZERO_CUSTOMERS,
  ZERO_ORDER_FLOW,
  ZERO_SALES,
  type BreakdownKpis,
  type CustomerTotals,
  type Kpis,
  type OrderFlowTotals,
  type SalesTotals,
  type KpiKey,
  type KpiSource,
  SALES_KPIS,
} from './kpis'
import { orderFlowRowsRead, pairedTimesRead } from './order-flow'
import { salesRowsRead, type Grouped } from './sales'
import { settledPeriods } from './settled'

export type Compared<K> = { kpis: K; change: Record<keyof K, KpiChange> }
export type BreakdownRow = Members & BreakdownKpis & { comparison?: Compared<BreakdownKpis> }
type Cell = { members: Members; kpis: BreakdownKpis }

/**
 * Every KPI per row of `dims`: sales sums from a rollup, customers (distinct, new, repeat:
 * counted once) from customer_days or the lines, order flow from its rollups (null by
 * category or SKU: lifecycle events have no lines).
 */
export async function kpisBy(ch: ClickHouseClient, q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift = NO_SHIFT, sources = ALL_SOURCES): Promise<Map<string, Cell>> {
  return (await kpisAndTotal(ch, q, timeZone, dims, shift, false, sources)).cells
}

/**
 * kpisBy and, with `withTotal`, the KPIs of the whole range from the same statements: the
 * sales sums, placed and oversold orders add up across the rows; distinct, new and repeat
 * customers and the processing-time quantiles are grouped per row and over the range in one
 * pass. By category or SKU the rows have no order flow, so the total's is read on its own.
 */
async function kpisAndTotal(ch: ClickHouseClient, q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, withTotal: boolean, sources: ReadonlySet<KpiSource>) {
  const { daily, visits } = await readSources(ch, timeZone, q, customerDims(sources, dims))
  const read = kpisAndTotalRead(q, timeZone, dims, shift, daily, withTotal, sources, visits)
  // Every part in ONE statement (readRowSets): embedded chDB runs statements one at a time.
  return read.assemble(await readRowSets(ch, read.reads))
}

/**
 * kpisAndTotal's reads, and how their rows become cells and the total, to share a statement
 * with other reads. Only `sources` are read: the KPIs of the others hold zeros and nulls, not
 * figures (breakdownAnswer leaves them out).
 */
function kpisAndTotalRead(q: RangeQuery, timeZone: string, dims: readonly Dimension[], shift: Shift, daily: boolean, withTotal: boolean, sources: ReadonlySet<KpiSource>, visits: BuyerVisits | null) {
  const orderLevel = !dims.some(isLineDimension)
  const salesRead = salesRowsRead(q, timeZone, dims, shift, daily)
  const customersRead = sources.has('customers') ? customerRowsRead(q, timeZone, dims, shift, daily, withTotal, visits) : null
  const flowRead = !sources.has('order_flow') ? null : orderLevel ? orderFlowRowsRead(q, timeZone, dims, shift, daily, withTotal) : withTotal ? orderFlowRowsRead(q, timeZone, [], shift, daily, false) : null
  const assemble = ([salesRows, customerRows, placed, times]: Record<string, unknown>[][]) => {
    const sales = salesRead.parse(salesRows!)
    const customers = customersRead ? customersRead.parse(customerRows!) : { rows: new Map() as Grouped<CustomerTotals>, total: ZERO_CUSTOMERS }
    const flowParsed = flowRead ? flowRead.parse(placed!, times!) : null
    const flow = orderLevel ? flowParsed : null
    const flowTotal = orderLevel ? null : ([...(flowParsed?.rows.values() ?? [])][0]?.totals ?? null)
    const cells = new Map<string, Cell>()
    for (const [key, { members }] of [...sales, ...customers.rows, ...(flow?.rows ?? [])]) {
      if (cells.has(key)) continue
      cells.set(key, {
        members,
        kpis: {
          ...salesKpis({ ...(sales.get(key)?.totals ?? ZERO_SALES), customers: customers.rows.get(key)?.totals.customers ?? 0 }),
          ...customerKpis(customers.rows.get(key)?.totals ?? ZERO_CUSTOMERS),
          ...(flow ? orderFlowKpis(flow.rows.get(key)?.totals ?? ZERO_ORDER_FLOW) : NO_ORDER_FLOW),
        },
      })
    }
    const total = withTotal ? totalKpis(sumSales(sales), customers.total ?? ZERO_CUSTOMERS, flow?.total ?? flowTotal ?? ZERO_ORDER_FLOW) : null
    return { cells, total }
  }
  // The processing time is the last read: breakdown may read it for both periods at once.
  return { reads: [salesRead, customersRead, flowRead?.placed ?? null, flowRead?.times ?? null], assemble, flow: flowRead }
}

/** The sales sums of every row together: each line falls in exactly one row. */
function sumSales(rows: Grouped<SalesTotals>): SalesTotals {
  const t = { ...ZERO_SALES }
  for (const { totals } of rows.values()) {
    t.gross_cents += totals.gross_cents
    t.net_cents += totals.net_cents
    t.cost_cents += totals.cost_cents
    t.paid_orders += totals.paid_orders
  }
  return t
}

const totalKpis = (sales: SalesTotals, customers: CustomerTotals, flow: OrderFlowTotals): Kpis => ({
  ...salesKpis({ ...sales, customers: customers.customers }),
  ...customerKpis(customers),
  ...orderFlowKpis(flow),
})

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
export async function breakdown(ch: ClickHouseClient, q: BreakdownQuery, timeZone: string, sources = ALL_SOURCES): Promise<BreakdownResult> {
  const dims = breakdownDims(q)
  if (!q.compare) {
    const { cells, total } = await topKpisBy(ch, q, timeZone, dims, sources)
    return { rows: sortRows(dims, [...cells.values()].map(toRow), q.sort, q.limit), total, comparison: null }
  }
  const range = comparisonRange(q.from, q.to, q.compare)
  const thenQ = { ...q, ...range }
  // The comparison period's rows, once read, are remembered while settled (settled.ts): its rows depend on the range's dates too (time members shift).
  const [{ daily, visits }, settled] = await Promise.all([
    readSources(ch, timeZone, q, customerDims(sources, dims)),
    settledPeriods<PeriodKpis>(ch, timeZone, 'breakdown', [thenQ], new Date(), [q.from, q.to, q.compare, dims, [...sources].sort()]),
  ])
  const now = kpisAndTotalRead(q, timeZone, dims, NO_SHIFT, daily, true, sources, visits)
  const [known] = settled.known
  const then = known ? null : kpisAndTotalRead(thenQ, timeZone, dims, comparisonShift(q.from, q.to, q.compare), daily, true, sources, visits)
  const { cells, total, before } = then ? await bothPeriods(ch, now, then) : { ...now.assemble(await readRowSets(ch, now.reads)), before: known! }
  settled.remember([before])
  const rows = matchComparison(dims, cells, before.cells, q.from, q.to)
  return {
    rows: sortRows(dims, rows, q.sort, q.limit),
    total: { ...total!, comparison: { kpis: before.total!, change: kpiChanges(total!, before.total!) } },
    comparison: { mode: q.compare, range },
  }
}

type PeriodRead = ReturnType<typeof kpisAndTotalRead>
type PeriodKpis = ReturnType<PeriodRead['assemble']>

/** Both periods in one statement, so the comparison's pipelines run beside the range's. */
async function bothPeriods(ch: ClickHouseClient, now: PeriodRead, then: PeriodRead) {
  // Both periods' processing time per row in one pair of passes where each takes two; its rows carry the period.
  const times = now.flow && then.flow ? pairedTimesRead(now.flow, then.flow) : null
  const own = (reads: PeriodRead['reads']) => (times ? [...reads.slice(0, -1), null] : reads)
  const rowSets = await readRowSets(ch, [...own(now.reads), ...own(then.reads), times])
  const n = now.reads.length
  const withTimes = (sets: Record<string, unknown>[][], period: number) => (times ? [...sets.slice(0, -1), rowSets.at(-1)!.filter((r) => Number(r.period) === period)] : sets)
  return { ...now.assemble(withTimes(rowSets.slice(0, n), 0)), before: then.assemble(withTimes(rowSets.slice(n, 2 * n), 1)) }
}

/** The dimensions customers are read by when `sources` hold them, else null (no buyer-visit look-up: the top lists ask for sales alone). */
const customerDims = (sources: ReadonlySet<KpiSource>, dims: readonly Dimension[]) => (sources.has('customers') ? dims : null)

/** The dimensions a breakdown's rows are keyed by: `by`, then `split` when it differs. */
export const breakdownDims = (q: Pick<BreakdownQuery, 'by' | 'split'>): Dimension[] => (q.split && q.split !== q.by ? [q.by, q.split] : [q.by])

const toRow = (c: Cell): BreakdownRow => ({ ...c.members, ...c.kpis })

const FILTER_OF: Partial<Record<Dimension, keyof RangeQuery & Dimension>> = { channel: 'channel', region: 'region', city: 'city', store: 'store', category: 'category', sku: 'sku' }

/**
 * Whether a breakdown's top N is picked before its expensive parts: kept by a sales KPI, by
 * SKU (so no member exists by order flow alone: a member with customers has sales; and only
 * SKUs run to hundreds of members — for a few dozen categories, the second statement costs
 * more than it saves: a category top 10 took 51–57 ms picked first, 37–42 ms whole), and no
 * time dimension (members must be expressible as filters).
 */
export function limitPushable(dims: readonly Dimension[], sort: KpiKey | undefined, limit: number | undefined): boolean {
  return limit !== undefined && SALES_KPIS.includes(sort ?? 'net_revenue') && dims.includes('sku') && dims.every((d) => FILTER_OF[d] !== undefined)
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
 * Every KPI per row and the total — or, when the top N is kept by a sales KPI, the top N
 * members by the sales sums (the cheap part; all members' sums also give the total's), then
 * the other sources' KPIs for those members only (customers read the lines by SKU), and the
 * total's customers and order flow on their own. Asked for sales KPIs alone, the sums are all.
 */
async function topKpisBy(ch: ClickHouseClient, q: BreakdownQuery, timeZone: string, dims: readonly Dimension[], sources: ReadonlySet<KpiSource>): Promise<{ cells: Map<string, Cell>; total: Kpis }> {
  const salesOnly = sources.size === 1 && sources.has('sales')
  if (!salesOnly && !limitPushable(dims, q.sort, q.limit)) {
    const { cells, total } = await kpisAndTotal(ch, q, timeZone, dims, NO_SHIFT, true, sources)
    return { cells, total: total! }
  }
  const { daily, visits } = await readSources(ch, timeZone, q, customerDims(sources, []))
  // Every member's sums and the total's customers and order flow in one statement.
  const salesRead = salesRowsRead(q, timeZone, dims, NO_SHIFT, daily)
  const customersRead = sources.has('customers') ? customerRowsRead(q, timeZone, [], NO_SHIFT, daily, true, visits) : null
  const flowRead = sources.has('order_flow') ? orderFlowRowsRead(q, timeZone, [], NO_SHIFT, daily, true) : null
  const [salesRows, customerRows, placed, times] = await readRowSets(ch, [salesRead, customersRead, flowRead?.placed ?? null, flowRead?.times ?? null])
  const sales = salesRead.parse(salesRows!)
  const customersTotal = customersRead ? customersRead.parse(customerRows!).total! : ZERO_CUSTOMERS
  const total = totalKpis(sumSales(sales), customersTotal, flowRead ? flowRead.parse(placed!, times!).total! : ZERO_ORDER_FLOW)
  const empty = emptyKpis(dims)
  // Object.assign, not spreads: spreading two objects into a literal measured ~15× slower in V8 over 500 members.
  const ranked = sortRows(dims, [...sales.values()].map(({ members, totals }): BreakdownRow => Object.assign({}, members, empty, salesKpis(totals))), q.sort, q.limit)
  if (salesOnly) return { cells: new Map(ranked.map((r) => [memberKey(dims, r), { members: membersOf(dims, r), kpis: r }])), total }
  if (ranked.length === 0) return { cells: new Map(), total }
  const keep = new Set(ranked.map((r) => memberKey(dims, r)))
  const cells = await kpisBy(ch, narrowTo(q, dims, ranked), timeZone, dims, NO_SHIFT, sources)
  return { cells: new Map([...cells].filter(([key]) => keep.has(key))), total }
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
