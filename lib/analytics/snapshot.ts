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
  const daily = await dailyRollupsFit(ch, timeZone)
  const w = inventoryWindow(q.from, q.to, localDay(now, timeZone))
  const sameDays = w.as_of === q.to
  const sales: SingleRowRead<SalesTotals & { all_channels_cost_cents?: number }> = q.channel.length && sameDays ? channelSalesSumsRead(q, timeZone, daily) : salesSumsRead(q, timeZone, daily)
  const reads = [sales, customerTotalsRead(q, timeZone, daily), orderFlowRead(q, timeZone, daily), stockValueDaysRead(q, w, timeZone, daily)] as const
  const [[sums, customers, flow, valueDays], cogs] =
    w.days === 0 || sameDays
      ? [await readSingleRow(ch, readsInOne(reads)), null]
      : await readSingleRow(ch, readsInOne([readsInOne(reads), salesSumsRead({ ...q, channel: [], from: w.from, to: w.as_of }, timeZone, daily)]))
  const kpis = { ...salesKpis({ ...sums, customers: customers.customers }), ...customerKpis(customers), ...orderFlowKpis(flow) }
  const allChannelsCost = cogs?.cost_cents ?? sums.all_channels_cost_cents ?? sums.cost_cents
  const inventory = turnoverOf(valueDays, w.days === 0 ? 0 : allChannelsCost, w.days)
  return { ...kpis, inventory_turnover_days: inventory.turnover_days }
}

/** The KPIs of the range and, when asked, of the comparison range with the change against it. */
export async function kpisWithComparison(ch: ClickHouseClient, q: RangeQuery, timeZone: string, compare?: Comparison) {
  const current = await kpiSnapshot(ch, q, timeZone)
  if (!compare) return { kpis: current, comparison: null }
  const range = comparisonRange(q.from, q.to, compare)
  const previous = await kpiSnapshot(ch, { ...q, ...range }, timeZone)
  return { kpis: current, comparison: { mode: compare, range, kpis: previous, change: kpiChanges(current, previous) } }
}
