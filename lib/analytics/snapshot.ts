import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { comparisonRange, kpiChanges, type Comparison } from './compare'
import { customerTotals } from './customers'
import type { RangeQuery } from './filters'
import { inventoryTurnover, inventoryWindow } from './inventory'
import { localDay } from '@/lib/i18n/time-range'
import { customerKpis, orderFlowKpis, salesKpis, type Kpis, type SalesTotals } from './kpis'
import { orderFlowTotals } from './order-flow'
import { salesSums } from './sales'

export type KpiSnapshot = Kpis & { inventory_turnover_days: number | null }

/** The sales, customer and order-flow KPIs: those a breakdown gives for every member too. */
export async function orderKpis(ch: ClickHouseClient, q: RangeQuery, timeZone: string, sums?: Promise<SalesTotals>): Promise<Kpis> {
  // Distinct customers are counted once, with new and repeat customers, not again with the sums.
  const [sales, customers, flow] = await Promise.all([sums ?? salesSums(ch, q, timeZone, { customers: false }), customerTotals(ch, q, timeZone), orderFlowTotals(ch, q, timeZone)])
  return { ...salesKpis({ ...sales, customers: customers.customers }), ...customerKpis(customers), ...orderFlowKpis(flow) }
}

/**
 * Every KPI for one range and set of filters, inventory turnover included. Turnover's COGS is
 * over all channels and up to today: when the range has no channel filter and does not reach
 * past today, that is the range's own COGS, read once for both.
 */
export async function kpiSnapshot(ch: ClickHouseClient, q: RangeQuery, timeZone: string, now = new Date()): Promise<KpiSnapshot> {
  const sums = salesSums(ch, q, timeZone, { customers: false })
  const w = inventoryWindow(q.from, q.to, localDay(now, timeZone))
  const shared = q.channel.length === 0 && w.as_of === q.to
  const [kpis, inventory] = await Promise.all([orderKpis(ch, q, timeZone, sums), inventoryTurnover(ch, q, timeZone, now, shared ? sums : undefined)])
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
