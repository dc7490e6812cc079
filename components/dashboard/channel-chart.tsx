'use client'

import dynamic from 'next/dynamic'
import { useMemo } from 'react'
import { useI18n } from '@/lib/i18n'
import { currentBucket, listBucketsUntil, type DayRange, type Granularity } from '@/lib/i18n/time-range'
import { buildChannelRevenueOption } from '@/components/charts/channel-revenue'
import type { TimeBreakdown } from '@/components/dashboard/api'
import { ErrorState, Skeleton } from '@/components/dashboard/states'

const CHART_HEIGHT = 340

// ECharts needs the DOM: load it on the client only, with a same-size placeholder.
const EChart = dynamic(() => import('@/components/charts/echart'), {
  ssr: false,
  loading: () => <Skeleton height={CHART_HEIGHT} />,
})

interface Props {
  data: TimeBreakdown | undefined
  error: unknown
  updating: boolean
  now: number
  timeZone: string
  onRetry: () => void
}

function useBuckets(range: DayRange | undefined, granularity: Granularity | undefined, now: number, timeZone: string) {
  // Only the bucket containing `now` matters, so the list changes once an hour, not every tick.
  const current = granularity ? currentBucket(granularity, new Date(now), timeZone) : ''
  const from = range?.from
  const to = range?.to
  return useMemo(
    () => (from && to && granularity ? listBucketsUntil({ from, to }, granularity, current) : []),
    [from, to, granularity, current],
  )
}

export function ChannelChart({ data, error, updating, now, timeZone, onRetry }: Props) {
  const { t, locale } = useI18n()
  const buckets = useBuckets(data?.range, data?.by, now, timeZone)
  const option = useMemo(
    () =>
      data
        ? buildChannelRevenueOption({
            rows: data.rows,
            buckets,
            granularity: data.by,
            locale,
            range: data.range,
          })
        : null,
    [data, buckets, locale],
  )

  let body
  let state: string
  if (!data && error) {
    state = 'error'
    body = <ErrorState error={error} onRetry={onRetry} compact />
  } else if (!data || !option) {
    state = 'loading'
    body = <Skeleton height={CHART_HEIGHT} />
  } else if (data.rows.length === 0) {
    state = 'empty'
    body = (
      <div className="chart-empty" style={{ height: CHART_HEIGHT }} role="status">
        {t('chart.empty')}
      </div>
    )
  } else {
    state = 'ready'
    body = <EChart option={option} height={CHART_HEIGHT} ariaLabel={t('chart.title')} />
  }

  return (
    <section
      className={`card chart-card${updating ? ' is-updating' : ''}`}
      data-testid="dashboard-chart"
      data-state={state}
      aria-busy={state === 'loading'}
    >
      <header className="card-header">
        <h2>{t('chart.title')}</h2>
        {data && <span className="muted">{t(data.by === 'hour' ? 'chart.hourly' : 'chart.daily')}</span>}
      </header>
      {body}
    </section>
  )
}
