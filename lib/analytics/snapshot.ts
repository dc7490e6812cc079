import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { comparisonRange, kpiChanges, type Comparison } from './compare'
import { readSingleRow, readsInOne, type SingleRowRead } from '@/lib/clickhouse/one-statement'
import { localDay } from '@/lib/i18n/time-range'
import { customerTotalsRead } from './customers'
import type { RangeQuery } from './filters'
import { inventoryWindow, stockValueDaysRead, turnoverOf } from './inventory'
import { customerKpis, orderFlowKpis, salesKpis, type Kpis, type SalesTotals } from './kpis'
import { orderFlowRead } from './order-flow'
import { dailyRollupsFit } from './rollups'
import { channelSalesSumsRead, salesSumsRead } from './sales'

export type KpiSnapshot = Kpis & { inventory_turnover_days: number | null }

/**
 * Every KPI for one range and set of filters, inventory turnover included, in ONE statement:
 * the reads are independent single-row aggregates (readsInOne), and embedded chDB would run
 * them one at a time, each with its own parse, plan and round trip. Turnover's COGS is over all
 * channels and up to today: when the range does not reach past today, that is the range's own
 * COGS — or, with a channel filter, the same pass's sum over every channel.
 */
export async function kpiSnapshot(ch: ClickHouseClient, q: RangeQuery, timeZone: string, now = new Date()): Promise<KpiSnapshot> {
  return readSingleRow(ch, kpiSnapshotRead(q, timeZone, await dailyRollupsFit(ch, timeZone), now))
}

/** kpiSnapshot as a single-row read, to share a statement with other reads (the comparison period's). */
export function kpiSnapshotRead(q: RangeQuery, timeZone: string, daily: boolean, now = new Date()): SingleRowRead<KpiSnapshot> {
  const w = inventoryWindow(q.from, q.to, localDay(now, timeZone))
  const sameDays = w.as_of === q.to
  const sales: SingleRowRead<SalesTotals & { all_channels_cost_cents?: number }> = q.channel.length && sameDays ? channelSalesSumsRead(q, timeZone, daily) : salesSumsRead(q, timeZone, daily)
  const reads = readsInOne([sales, customerTotalsRead(q, timeZone, daily), orderFlowRead(q, timeZone, daily), stockValueDaysRead(q, w, timeZone, daily)] as const)
  const allChannelsCogs = w.days === 0 || sameDays ? null : salesSumsRead({ ...q, channel: [], from: w.from, to: w.as_of }, timeZone, daily)
  const read = allChannelsCogs ? readsInOne([reads, allChannelsCogs]) : readsInOne([reads])
  return {
    ...read,
    parse: (row) => {
      const [[sums, customers, flow, valueDays], cogs] = read.parse(row) as [typeof reads extends SingleRowRead<infer T> ? T : never, SalesTotals | undefined]
      const kpis = { ...salesKpis({ ...sums, customers: customers.customers }), ...customerKpis(customers), ...orderFlowKpis(flow) }
      const allChannelsCost = cogs?.cost_cents ?? sums.all_channels_cost_cents ?? sums.cost_cents
      const inventory = turnoverOf(valueDays, w.days === 0 ? 0 : allChannelsCost, w.days)
      return { ...kpis, inventory_turnover_days: inventory.turnover_days }
    },
  }
}

/**
 * The KPIs of the range and, when asked, of the comparison range with the change against it:
 * both periods' reads in one statement, so the second's pipelines run beside the first's.
 */
export async function kpisWithComparison(ch: ClickHouseClient, q: RangeQuery, timeZone: string, compare?: Comparison) {
  const daily = await dailyRollupsFit(ch, timeZone)
  const now = new Date()
  if (!compare) return { kpis: await readSingleRow(ch, kpiSnapshotRead(q, timeZone, daily, now)), comparison: null }
  const range = comparisonRange(q.from, q.to, compare)
  const [current, previous] = await readSingleRow(ch, readsInOne([kpiSnapshotRead(q, timeZone, daily, now), kpiSnapshotRead({ ...q, ...range }, timeZone, daily, now)]))
  return { kpis: current, comparison: { mode: compare, range, kpis: previous, change: kpiChanges(current, previous) } }
}
