'use client'

import type { ReactNode } from 'react'
import { useI18n } from '@/lib/i18n'
import type { Freshness } from '@/components/dashboard/api'
import { Breadcrumbs } from '@/components/drill/breadcrumbs'
import { resolveTime, type ViewState } from '@/components/drill/state'
import { LiveToolbar } from '@/components/live/toolbar'
import type { useLive } from '@/components/live/use-live'
import { useRangeLabel } from '@/components/overview/overview'

/** Header (title, dates, time zone, toolbar) and breadcrumbs shared by the drill-down pages. */
export function PageFrame({
  title,
  state,
  navigate,
  live,
  query,
  subtitle,
  children,
}: {
  title: string
  state: ViewState
  navigate: (next: ViewState) => void
  live: ReturnType<typeof useLive>
  /** The page's query: its freshness, when it answered, whether it failed with nothing to show. */
  query: { data?: { freshness?: Freshness }; dataUpdatedAt: number; isError: boolean }
  subtitle?: string
  children: ReactNode
}) {
  const { t } = useI18n()
  const { range, steps } = resolveTime(state, new Date(live.now), live.timeZone)
  const rootLabel = useRangeLabel(state)
  return (
    <div className="dashboard">
      <header className="page-header">
        <div>
          <h1>{title}</h1>
          <p className="muted">
            {subtitle ?? t('dashboard.rangeDates', { from: range.from, to: range.to })}
            {' · '}
            {t('dashboard.timeZone', { timeZone: live.timeZone })}
          </p>
        </div>
        <LiveToolbar
          state={state}
          navigate={navigate}
          range={range}
          paused={live.paused}
          onPause={live.setPaused}
          freshness={query.data?.freshness}
          receivedAt={query.dataUpdatedAt}
          now={live.now}
          timeZone={live.timeZone}
          failed={!query.data && query.isError}
          showCompare={false}
        />
      </header>
      <Breadcrumbs state={state} navigate={navigate} timeSteps={steps} timeRootLabel={rootLabel} />
      {children}
    </div>
  )
}
