'use client'

import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { useI18n } from '@/lib/i18n'
import {
  DEFAULT_RANGE_PRESET,
  computeTimeRange,
  granularityFor,
  isValidTimeZone,
  type RangePreset,
} from '@/lib/i18n/time-range'
import {
  ApiError,
  dashboardKeys,
  fetchChannelBreakdown,
  fetchKpis,
  fetchTimeBreakdown,
  shouldRetry,
} from '@/components/dashboard/api'
import { ChannelChart } from '@/components/dashboard/channel-chart'
import { ChannelTable } from '@/components/dashboard/channel-table'
import { FreshnessBadge } from '@/components/dashboard/freshness-badge'
import { KpiCards, KpiCardsSkeleton } from '@/components/dashboard/kpi-cards'
import { RangeSelect } from '@/components/dashboard/range-select'
import { EmptyState, ErrorState } from '@/components/dashboard/states'
import { useNow } from '@/components/dashboard/use-now'

export const REFRESH_INTERVAL_MS = 5000

function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.kind === 'unauthorized'
}

export interface DashboardProps {
  /** The configured business time zone, used until the API reports `range.time_zone`. */
  defaultTimeZone: string
}

export function Dashboard({ defaultTimeZone }: DashboardProps) {
  const { t } = useI18n()
  const [preset, setPreset] = useState<RangePreset>(DEFAULT_RANGE_PRESET)
  const [paused, setPaused] = useState(false)
  const [timeZone, setTimeZone] = useState(() => (isValidTimeZone(defaultTimeZone) ? defaultTimeZone : 'UTC'))
  const now = useNow(1000)

  // Recomputed every tick, but only a new day changes from/to (and so the query keys).
  const { from, to } = computeTimeRange(preset, new Date(now), timeZone)
  const range = useMemo(() => ({ from, to }), [from, to])
  const granularity = granularityFor(range)

  const live = {
    // Polling stops while paused, and once the session is gone (retrying cannot fix a 401).
    refetchInterval: (query: { state: { error: unknown } }) =>
      paused || isUnauthorized(query.state.error) ? false : REFRESH_INTERVAL_MS,
    placeholderData: keepPreviousData,
    retry: shouldRetry,
  }
  const kpisQuery = useQuery({
    queryKey: dashboardKeys.kpis(range),
    queryFn: ({ signal }) => fetchKpis(range, { signal }),
    ...live,
  })
  const channelsQuery = useQuery({
    queryKey: dashboardKeys.channels(range),
    queryFn: ({ signal }) => fetchChannelBreakdown(range, { signal }),
    ...live,
  })
  const timeQuery = useQuery({
    queryKey: dashboardKeys.time(granularity, range),
    queryFn: ({ signal }) => fetchTimeBreakdown(granularity, range, { signal }),
    ...live,
  })

  // Follow the server's business time zone once it is known.
  const apiTimeZone = kpisQuery.data?.range.time_zone
  if (apiTimeZone && apiTimeZone !== timeZone && isValidTimeZone(apiTimeZone)) {
    setTimeZone(apiTimeZone)
  }

  const queries = [kpisQuery, channelsQuery, timeQuery]
  const unauthorized = queries.find((q) => isUnauthorized(q.error))
  const refreshFailed = queries.some((q) => q.isRefetchError && q.data !== undefined)
  const kpis = kpisQuery.data
  const noData = kpis !== undefined && kpis.freshness.newest_event_at === null && kpis.kpis.orders === 0
  const shownRange = kpis?.range ?? { ...range, time_zone: timeZone }

  return (
    <div className="dashboard">
      <header className="page-header">
        <div>
          <h1>{t('dashboard.title')}</h1>
          <p className="muted">
            {t('dashboard.rangeDates', { from: shownRange.from, to: shownRange.to })}
            {' · '}
            {t('dashboard.timeZone', { timeZone: shownRange.time_zone })}
          </p>
        </div>
        <div className="toolbar">
          <RangeSelect value={preset} onChange={setPreset} />
          <button
            type="button"
            className="button"
            data-testid="pause-toggle"
            aria-pressed={paused}
            onClick={() => setPaused((p) => !p)}
          >
            {paused ? t('dashboard.resume') : t('dashboard.pause')}
          </button>
          <FreshnessBadge
            freshness={kpis?.freshness}
            receivedAt={kpisQuery.dataUpdatedAt}
            now={now}
            timeZone={shownRange.time_zone}
            paused={paused}
            failed={!kpis && kpisQuery.isError}
          />
        </div>
      </header>

      {unauthorized ? (
        <ErrorState error={unauthorized.error} />
      ) : (
        <>
          {refreshFailed && (
            <p className="notice notice-warning" role="status">
              {t('states.refreshFailed')}
            </p>
          )}

          {kpis ? (
            <div className={kpisQuery.isPlaceholderData ? 'is-updating' : undefined}>
              <KpiCards kpis={kpis.kpis} resetKey={`${kpis.range.from}|${kpis.range.to}`} />
            </div>
          ) : kpisQuery.error ? (
            <ErrorState error={kpisQuery.error} onRetry={() => void kpisQuery.refetch()} />
          ) : (
            <KpiCardsSkeleton />
          )}

          {noData ? (
            <EmptyState />
          ) : (
            <div className="dashboard-panels">
              <ChannelChart
                data={timeQuery.data}
                error={timeQuery.error}
                updating={timeQuery.isPlaceholderData}
                now={now}
                timeZone={timeQuery.data?.range.time_zone ?? timeZone}
                onRetry={() => void timeQuery.refetch()}
              />
              <ChannelTable
                data={channelsQuery.data}
                error={channelsQuery.error}
                updating={channelsQuery.isPlaceholderData}
                onRetry={() => void channelsQuery.refetch()}
              />
            </div>
          )}
        </>
      )}
    </div>
  )
}
