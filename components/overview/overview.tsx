'use client'

import { useQuery } from '@tanstack/react-query'
import { useI18n } from '@/lib/i18n'
import { fetchBreakdown, fetchOverviewKpis, type BreakdownQuery } from '@/components/dashboard/analytics-api'
import { ErrorState, FilteredEmptyState } from '@/components/dashboard/states'
import { Breadcrumbs } from '@/components/drill/breadcrumbs'
import {
  canDrill,
  drillInto,
  drillTime,
  levelChoices,
  resolveTime,
  setLevel,
  type DrillDim,
  type ViewState,
} from '@/components/drill/state'
import { useViewState } from '@/components/drill/use-view-state'
import { firstUnauthorized, useLive } from '@/components/live/use-live'
import { LiveToolbar } from '@/components/live/toolbar'
import { DrillPanel } from '@/components/overview/drill-panel'
import { KpiGrid, KpiGridSkeleton } from '@/components/overview/kpi-grid'
import { TimePanel } from '@/components/overview/time-panel'
import { TopPanel } from '@/components/overview/top-panel'
import { overviewRequests, TOP_DIMS, TOP_LIMIT } from '@/components/overview/requests'

const TOP_TITLES = { region: 'drill.topRegions', store: 'drill.topStores', category: 'drill.topCategories', sku: 'drill.topSkus' } as const satisfies Record<(typeof TOP_DIMS)[number], string>

/** Range label for the time breadcrumb's root: the preset's name or the dates. */
export function useRangeLabel(state: ViewState): string {
  const { t } = useI18n()
  return state.range.preset === 'custom' ? `${state.range.from} – ${state.range.to}` : t(`ranges.${state.range.preset}`)
}

/** The executive overview: KPIs with comparison and anomalies, trends, drill panels, top lists. */
export function Overview({ defaultTimeZone }: { defaultTimeZone: string }) {
  const { t } = useI18n()
  const { state, navigate } = useViewState()
  const live = useLive(defaultTimeZone)
  const nowDate = new Date(live.now)
  const { steps } = resolveTime(state, nowDate, live.timeZone)
  const requests = overviewRequests(state, nowDate, live.timeZone)
  const { range, compare } = requests.kpis
  const { time: timeLevel, geo: geoLevel, product: productLevel } = requests.levels

  const key = [range.from, range.to, compare, JSON.stringify(requests.kpis.filters)] as const

  const kpisQuery = useQuery({
    queryKey: ['overview', 'kpis', ...key],
    queryFn: ({ signal }) => fetchOverviewKpis(requests.kpis, { signal }),
    ...live.queryOptions,
  })
  live.followTimeZone(kpisQuery.data?.range.time_zone)

  const breakdown = (q: BreakdownQuery) => ({
    queryKey: ['overview', 'breakdown', q.by, q.split ?? null, q.limit ?? null, q.fields?.join(',') ?? null, ...key, q.compare],
    queryFn: ({ signal }: { signal: AbortSignal }) => fetchBreakdown(q, { signal }),
    ...live.queryOptions,
  })
  const trendQuery = useQuery(breakdown(requests.trend))
  const timeQuery = useQuery(breakdown(requests.trendByChannel))
  const geoQuery = useQuery(breakdown(requests.geo))
  const productQuery = useQuery(breakdown(requests.product))
  const topQueries = [
    useQuery(breakdown(requests.top[0]!)),
    useQuery(breakdown(requests.top[1]!)),
    useQuery(breakdown(requests.top[2]!)),
    useQuery(breakdown(requests.top[3]!)),
  ]

  // Data kept from another level (while the new level loads) would label members wrongly: show it as loading.
  const atLevel = <T extends { by: string }>(data: T | undefined, level: string) => (data?.by === level ? data : undefined)
  const trendData = atLevel(trendQuery.data, timeLevel)
  const timeData = atLevel(timeQuery.data, timeLevel)
  const geoData = atLevel(geoQuery.data, geoLevel)
  const productData = atLevel(productQuery.data, productLevel)

  const all = [kpisQuery, trendQuery, timeQuery, geoQuery, productQuery, ...topQueries]
  const unauthorized = firstUnauthorized(all.map((q) => q.error))
  const refreshFailed = all.some((q) => q.isRefetchError && q.data !== undefined)
  const kpis = kpisQuery.data
  const anomalies = kpis?.anomalies ?? []
  const shownRange = kpis?.range ?? { ...range, time_zone: live.timeZone }
  const timeRootLabel = useRangeLabel(state)
  const noData = kpis !== undefined && kpis.kpis.net_revenue === '0.00' && (kpis.kpis.orders ?? 0) === 0
  const drill = (dim: DrillDim) => (member: string) => navigate(drillInto(state, dim, member))
  // The API's ranges are whole days: an hour is the finest level, shown but not drilled into.
  const timeLeaf = timeLevel === 'hour'

  return (
    <div className="dashboard">
      <header className="page-header">
        <div>
          <h1>{t('overview.title')}</h1>
          <p className="muted">
            {t('dashboard.rangeDates', { from: shownRange.from, to: shownRange.to })}
            {' · '}
            {t('dashboard.timeZone', { timeZone: shownRange.time_zone })}
          </p>
        </div>
        <LiveToolbar
          state={state}
          navigate={navigate}
          range={range}
          showCompare
          paused={live.paused}
          onPause={live.setPaused}
          freshness={kpis?.freshness}
          receivedAt={kpisQuery.dataUpdatedAt}
          now={live.now}
          timeZone={shownRange.time_zone}
          failed={!kpis && kpisQuery.isError}
        />
      </header>

      <Breadcrumbs state={state} navigate={navigate} timeSteps={steps} timeRootLabel={timeRootLabel} />

      {unauthorized ? (
        <ErrorState error={unauthorized} />
      ) : (
        <>
          {refreshFailed && (
            <p className="notice notice-warning" role="status">
              {t('states.refreshFailed')}
            </p>
          )}
          {kpis ? (
            <div className={kpisQuery.isPlaceholderData ? 'is-updating' : undefined}>
              <KpiGrid data={kpis} trend={trendData?.rows} resetKey={key.join('|')} />
            </div>
          ) : kpisQuery.error ? (
            <ErrorState error={kpisQuery.error} onRetry={() => void kpisQuery.refetch()} path="/api/v1/kpis" />
          ) : (
            <KpiGridSkeleton />
          )}

          {noData && <FilteredEmptyState />}

          <div className="dashboard-panels">
            <TimePanel
              data={timeData}
              error={timeQuery.error}
              updating={timeQuery.isPlaceholderData}
              onRetry={() => void timeQuery.refetch()}
              level={timeLevel}
              now={live.now}
              timeZone={live.timeZone}
              anomalies={anomalies}
              onDrill={timeLeaf ? undefined : (member) => navigate(drillTime(state, timeLevel, member, nowDate, live.timeZone))}
            />
            <DrillPanel
              title={t('drill.geoPanel')}
              level={geoLevel}
              levelChoices={levelChoices(state, 'geo')}
              onLevel={(level) => navigate(setLevel(state, 'geo', level))}
              levelTestId="drill-level-geo"
              data={geoData}
              error={geoQuery.error}
              updating={geoQuery.isPlaceholderData}
              onRetry={() => void geoQuery.refetch()}
              onDrill={canDrill(state, 'geo') ? drill(geoLevel) : undefined}
              anomalies={anomalies}
              withChange={compare !== null}
              tableTestId={geoLevel === 'channel' ? 'channel-table' : 'drill-table-geo'}
              exportTestId="export-csv"
            />
            <DrillPanel
              title={t('drill.productPanel')}
              level={productLevel}
              levelChoices={levelChoices(state, 'product')}
              onLevel={(level) => navigate(setLevel(state, 'product', level))}
              levelTestId="drill-level-product"
              data={productData}
              error={productQuery.error}
              updating={productQuery.isPlaceholderData}
              onRetry={() => void productQuery.refetch()}
              onDrill={canDrill(state, 'product') ? drill(productLevel) : undefined}
              anomalies={anomalies}
              withChange={compare !== null}
              tableTestId="drill-table-product"
              exportTestId="export-csv-product"
            />
            <div className="top-grid">
              {TOP_DIMS.map((dim, i) => {
                const q = topQueries[i]
                return q ? (
                  <TopPanel
                    key={dim}
                    title={`${t(TOP_TITLES[dim])} · ${t('drill.top', { n: TOP_LIMIT })}`}
                    dim={dim}
                    data={q.data}
                    error={q.error}
                    updating={q.isPlaceholderData}
                    onRetry={() => void q.refetch()}
                    onDrill={drill(dim)}
                    totalNet={kpis?.kpis.net_revenue ?? null}
                  />
                ) : null
              })}
            </div>
          </div>
        </>
      )}
    </div>
  )
}
