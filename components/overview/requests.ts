import type { BreakdownDim, BreakdownQuery, KpiQuery } from '@/components/dashboard/analytics-api'
import { apiCompare, apiFilters, currentLevel, currentTimeLevel, resolveTime, type ViewState } from '@/components/drill/state'
import { SALES_KPIS } from '@/lib/analytics/kpis'

/** The top lists, in the order the overview shows them, and how many members each keeps. */
export const TOP_DIMS = ['region', 'store', 'category', 'sku'] as const satisfies readonly BreakdownDim[]
export const TOP_LIMIT = 10

/**
 * Every API call the overview makes for a view, in one place: the page fetches these, and
 * bench/query times them. The KPIs (compared); the trend at the time level (every KPI: the
 * cards' sparklines) and its split by channel; the geo and product panels at their levels,
 * compared; the top lists. The split trend and the top lists show sales KPIs only (revenue,
 * margin, share), so they ask for those alone.
 */
export function overviewRequests(state: ViewState, now: Date, timeZone: string) {
  const { range } = resolveTime(state, now, timeZone)
  const kpis: KpiQuery = { range, filters: apiFilters(state), compare: apiCompare(state) }
  const levels = { time: currentTimeLevel(state, now, timeZone), geo: currentLevel(state, 'geo'), product: currentLevel(state, 'product') }
  const at = (by: BreakdownDim, extra: Partial<BreakdownQuery> = {}): BreakdownQuery => ({ ...kpis, compare: null, by, ...extra })
  return {
    kpis,
    levels,
    trend: at(levels.time),
    trendByChannel: at(levels.time, { split: 'channel', fields: SALES_KPIS }),
    geo: at(levels.geo, { compare: kpis.compare }),
    product: at(levels.product, { compare: kpis.compare }),
    top: TOP_DIMS.map((by) => at(by, { limit: TOP_LIMIT, fields: SALES_KPIS })),
  }
}

/** Every breakdown of overviewRequests, in a list. */
export const overviewBreakdowns = (r: ReturnType<typeof overviewRequests>): BreakdownQuery[] => [r.trend, r.trendByChannel, r.geo, r.product, ...r.top]
