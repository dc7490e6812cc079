import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { comparisonRange, kpiChanges, type Comparison, type KpiChange } from './compare'
import { readSingleRow, readsInOne, type SingleRowRead } from '@/lib/clickhouse/one-statement'
import { localDay } from '@/lib/i18n/time-range'
import { NOTHING_BUILT, readSources, type Built, type BuyerVisits } from './buyer-visits'
import { customerTotalsRead } from './customers'
import type { RangeQuery } from './filters'
import { inventoryWindow, stockValueDaysRead, turnoverOf, windowsValueDaysRead, type InventoryWindow } from './inventory'
import { customerKpis, orderFlowKpis, salesKpis, type Kpis, type SalesTotals } from './kpis'
import { orderFlowRead } from './order-flow'
import { channelSalesSumsRead, salesSumsRead } from './sales'
import { NOTHING_SETTLED, settledPeriods, type SettledPeriods } from './settled'

export type KpiSnapshot = Kpis & { inventory_turnover_days: number | null }

/**
 * Every KPI for one range and set of filters, inventory turnover included, in ONE statement:
 * the reads are independent single-row aggregates (readsInOne), and embedded chDB would run
 * them one at a time, each with its own parse, plan and round trip. Turnover's COGS is over all
 * channels and up to today: when the range does not reach past today, that is the range's own
 * COGS — or, with a channel filter, the same pass's sum over every channel.
 */
export async function kpiSnapshot(ch: ClickHouseClient, q: RangeQuery, timeZone: string, now = new Date()): Promise<KpiSnapshot> {
  const settled = await settledSnapshots(ch, timeZone, [q], now)
  if (settled.known[0]) return settled.known[0]
  const { daily, ...built } = await readSources(ch, timeZone, q, [], { stock: true })
  const read = kpiSnapshotsRead([q], timeZone, daily, now, built, settled)
  return (await readSingleRow(ch, read))[0]!
}

/** The remembered snapshots of the periods of `qs` that ended before today (settled.ts). */
export const settledSnapshots = (ch: ClickHouseClient, timeZone: string, qs: readonly RangeQuery[], now = new Date()) => settledPeriods<KpiSnapshot>(ch, timeZone, 'kpis', qs, now)

/**
 * The snapshots of periods under the same filters (a range and its comparison) as one
 * single-row read: each period's sales, customer and order-flow reads, and the stock valued
 * for every period in one read (windowsValueDaysRead: from the built values and the ledger
 * after them) when the daily rollups serve it. The `settled` periods known are not read, and
 * the parse remembers those it read.
 */
export function kpiSnapshotsRead(
  all: readonly RangeQuery[],
  timeZone: string,
  daily: boolean,
  now = new Date(),
  built: Built = NOTHING_BUILT,
  settled: SettledPeriods<KpiSnapshot> = NOTHING_SETTLED,
): SingleRowRead<KpiSnapshot[]> {
  const withRemembered = (read: KpiSnapshot[]) => {
    let next = 0
    const snapshots = all.map((_, i) => settled.known[i] ?? read[next++]!)
    settled.remember(snapshots)
    return snapshots
  }
  const qs = all.filter((_, i) => !settled.known[i])
  if (!qs.length) return { sql: 'SELECT 1 AS known', params: {}, parse: () => withRemembered([]) }
  const today = localDay(now, timeZone)
  const windows = qs.map((q) => inventoryWindow(q.from, q.to, today))
  const periods = readsInOne(qs.map((q, i) => periodRead(q, windows[i]!, timeZone, daily, built.visits)))
  const stock = daily ? windowsValueDaysRead(qs[0]!, windows, built.stock) : readsInOne(qs.map((q, i) => stockValueDaysRead(q, windows[i]!, timeZone, false)))
  const read = readsInOne([periods, stock] as const)
  return {
    ...read,
    parse: (row) => {
      const [parts, valueDays] = read.parse(row)
      return withRemembered(parts.map((p, i) => ({ ...p.kpis, inventory_turnover_days: p.turnover(valueDays[i]!) })))
    },
  }
}

/**
 * A period's KPIs but turnover, and its turnover as a function of the stock's value-days.
 * Turnover's COGS is over all channels and up to today: when the range does not reach past
 * today, that is the range's own COGS — or, with a channel filter, the same pass's sum over
 * every channel.
 */
function periodRead(q: RangeQuery, w: InventoryWindow, timeZone: string, daily: boolean, visits: BuyerVisits | null): SingleRowRead<{ kpis: Kpis; turnover: (valueDays: number) => number | null }> {
  const sameDays = w.as_of === q.to
  const sales: SingleRowRead<SalesTotals & { all_channels_cost_cents?: number }> = q.channel.length && sameDays ? channelSalesSumsRead(q, timeZone, daily) : salesSumsRead(q, timeZone, daily)
  const reads = readsInOne([sales, customerTotalsRead(q, timeZone, daily, visits), orderFlowRead(q, timeZone, daily)] as const)
  const allChannelsCogs = w.days === 0 || sameDays ? null : salesSumsRead({ ...q, channel: [], from: w.from, to: w.as_of }, timeZone, daily)
  const read = allChannelsCogs ? readsInOne([reads, allChannelsCogs]) : readsInOne([reads])
  return {
    ...read,
    parse: (row) => {
      const [[sums, customers, flow], cogs] = read.parse(row) as [typeof reads extends SingleRowRead<infer T> ? T : never, SalesTotals | undefined]
      const allChannelsCost = cogs?.cost_cents ?? sums.all_channels_cost_cents ?? sums.cost_cents
      return {
        kpis: { ...salesKpis({ ...sums, customers: customers.customers }), ...customerKpis(customers), ...orderFlowKpis(flow) },
        turnover: (valueDays) => turnoverOf(valueDays, w.days === 0 ? 0 : allChannelsCost, w.days).turnover_days,
      }
    },
  }
}

/**
 * The KPIs of the range and, when asked, of the comparison range with the change against it:
 * both periods' reads in one statement, so the second's pipelines run beside the first's.
 */
export async function kpisWithComparison(ch: ClickHouseClient, q: RangeQuery, timeZone: string, compare?: Comparison, now = new Date()) {
  return readSingleRow(ch, (await kpisWithComparisonRead(ch, q, timeZone, compare, now)).read)
}

/** The range and, when asked, its comparison range under the same filters. */
export const comparedPeriods = (q: RangeQuery, compare?: Comparison): RangeQuery[] => (compare ? [q, { ...q, ...comparisonRange(q.from, q.to, compare) }] : [q])

export type KpisCompared = {
  kpis: KpiSnapshot
  comparison: { mode: Comparison; range: { from: string; to: string }; kpis: KpiSnapshot; change: Record<keyof KpiSnapshot, KpiChange> } | null
}

/**
 * kpisWithComparison as a single-row read, to share a statement with other reads, once its
 * sources and the periods remembered are looked up (one statement each); and whether the daily
 * rollups serve it.
 */
export async function kpisWithComparisonRead(
  ch: ClickHouseClient,
  q: RangeQuery,
  timeZone: string,
  compare?: Comparison,
  now = new Date(),
): Promise<{ read: SingleRowRead<KpisCompared>; daily: boolean }> {
  const periods = comparedPeriods(q, compare)
  const [{ daily, ...built }, settled] = await Promise.all([readSources(ch, timeZone, q, [], { stock: true }), settledSnapshots(ch, timeZone, periods, now)])
  const read = kpiSnapshotsRead(periods, timeZone, daily, now, built, settled)
  return {
    daily,
    read: {
      ...read,
      parse: (row) => {
        const [kpis, previous] = read.parse(row) as [KpiSnapshot, KpiSnapshot]
        if (!compare) return { kpis, comparison: null }
        const range = { from: periods[1]!.from, to: periods[1]!.to }
        return { kpis, comparison: { mode: compare, range, kpis: previous, change: kpiChanges(kpis, previous) } }
      },
    },
  }
}
