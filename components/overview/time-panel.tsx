'use client'

import dynamic from 'next/dynamic'
import { useMemo } from 'react'
import { useI18n } from '@/lib/i18n'
import { moneyToCents } from '@/lib/i18n/format'
import {
  currentBucket,
  listBucketsUntil,
  listMembers,
  memberOf,
  type DayRange,
  type TimeLevel,
} from '@/lib/i18n/time-range'
import type { Anomaly, Breakdown } from '@/components/dashboard/analytics-api'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { buildTrendOption, type TrendPoint } from '@/components/charts/trend'
import { anomalyText } from '@/components/overview/kpi-grid'

const HEIGHT = 320

const EChart = dynamic(() => import('@/components/charts/echart'), {
  ssr: false,
  loading: () => <Skeleton height={HEIGHT} />,
})

/** The members of the range at `level`, up to the one containing `currentHour` (no empty future). */
export function expectedBuckets(range: DayRange, level: TimeLevel, currentHour: string): string[] {
  if (level === 'hour') return listBucketsUntil(range, 'hour', currentHour)
  const limit = memberOf(level, currentHour.slice(0, 10))
  return listMembers(range, level).filter((m) => m <= limit)
}

/** Anomalies of `kpi` as chart marks: scoped to a member of this level, or (unscoped) at the current bucket. */
function marksFor(anomalies: readonly Anomaly[], kpi: string, level: TimeLevel, current: string, locale: 'zh' | 'en') {
  return anomalies
    .filter((a) => a.kpi === kpi && (a.scope === null || a.scope.by === level))
    .map((a) => ({ bucket: a.scope?.member ?? current, text: anomalyText(a, locale) }))
}

interface Props {
  data: Breakdown | undefined
  error: unknown
  updating: boolean
  onRetry: () => void
  level: TimeLevel
  now: number
  timeZone: string
  anomalies: readonly Anomaly[]
  onDrill?: (member: string) => void
}

/** Net revenue (stacked by channel) and gross margin (a line per channel) over time; bars drill into time. */
export function TimePanel({ data, error, updating, onRetry, level, now, timeZone, anomalies, onDrill }: Props) {
  const { t, locale } = useI18n()
  // Re-list buckets only when the current bucket changes, not on every tick.
  const current = currentBucket('hour', new Date(now), timeZone)
  const from = data?.range.from
  const to = data?.range.to
  const buckets = useMemo(
    () => (from && to ? expectedBuckets({ from, to }, level, current) : []),
    [from, to, level, current],
  )
  const currentMember = memberOf(level, current)

  const { revenue, margin } = useMemo(() => {
    if (!data) return { revenue: null, margin: null }
    const money: TrendPoint[] = data.rows.map((r) => ({ bucket: r.member, channel: r.split ?? '', value: moneyToCents(r.kpis.net_revenue) }))
    const rate: TrendPoint[] = data.rows.map((r) => ({
      bucket: r.member,
      channel: r.split ?? '',
      value: r.kpis.gross_margin,
      num: moneyToCents(r.kpis.gross_profit) ?? 0,
      den: moneyToCents(r.kpis.net_revenue) ?? 0,
    }))
    const suffix = `${data.range.from}_${data.range.to}`
    return {
      revenue: buildTrendOption({
        kind: 'money',
        rows: money,
        buckets,
        level,
        locale,
        title: t('drill.revenueTitle'),
        fileName: `fourflow-net-revenue-${suffix}`,
        anomalies: marksFor(anomalies, 'net_revenue', level, currentMember, locale),
      }),
      margin: buildTrendOption({
        kind: 'rate',
        rows: rate,
        buckets,
        level,
        locale,
        title: t('drill.marginTitle'),
        fileName: `fourflow-gross-margin-${suffix}`,
        anomalies: marksFor(anomalies, 'gross_margin', level, currentMember, locale),
      }),
    }
  }, [data, buckets, level, locale, t, anomalies, currentMember])

  let state: string
  if (!data && error) state = 'error'
  else if (!data || !revenue) state = 'loading'
  else if (data.rows.length === 0) state = 'empty'
  else state = 'ready'

  const render = (option: typeof revenue, title: string, testId: string | undefined, clickable: boolean) => {
    let body
    if (state === 'error') body = <ErrorState error={error} onRetry={onRetry} compact path="/api/v1/breakdown" />
    else if (state === 'loading' || !option) body = <Skeleton height={HEIGHT} />
    else if (state === 'empty')
      body = (
        <div className="chart-empty" style={{ height: HEIGHT }} role="status">
          {t('chart.empty')}
        </div>
      )
    else {
      const { buckets: keys, ...chartOption } = option
      body = (
        <EChart
          option={chartOption}
          height={HEIGHT}
          ariaLabel={title}
          onItemClick={
            clickable && onDrill
              ? (i) => {
                  const member = keys[i]
                  if (member !== undefined) onDrill(member)
                }
              : undefined
          }
        />
      )
    }
    return (
      <section
        className={`card chart-card${updating ? ' is-updating' : ''}`}
        data-testid={testId}
        data-state={state}
        aria-busy={state === 'loading'}
      >
        <header className="card-header">
          <h2>{title}</h2>
          <span className="muted">
            {t('drill.byLevel', { level: t(`levels.${level}`) })}
            {onDrill ? ` · ${t('drill.hint')}` : ''}
          </span>
        </header>
        {body}
        {data?.rolledUp && <p className="muted table-footnote">{t('drill.rolledUp')}</p>}
      </section>
    )
  }

  return (
    <div className="trend-grid">
      {render(revenue, t('drill.revenueTitle'), 'dashboard-chart', true)}
      {render(margin, t('drill.marginTitle'), 'margin-chart', true)}
    </div>
  )
}
