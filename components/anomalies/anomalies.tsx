'use client'

import { useQuery } from '@tanstack/react-query'
import { useI18n } from '@/lib/i18n'
import { localDay } from '@/lib/i18n/time-range'
import { fetchAnomalies, type Anomaly } from '@/components/dashboard/analytics-api'
import { ErrorState } from '@/components/dashboard/states'
import { DataTable, type Column } from '@/components/tables/data-table'
import { memberName } from '@/components/drill/names'
import { apiFilters } from '@/components/drill/state'
import { useViewState } from '@/components/drill/use-view-state'
import { firstUnauthorized, useLive } from '@/components/live/use-live'
import { PageFrame } from '@/components/live/page-frame'
import { KPI_DEFS, formatKpi } from '@/components/overview/kpi-defs'
import { anomalyText } from '@/components/overview/kpi-grid'

const PATH = '/api/v1/anomalies'

function asKpiValue(value: string | number | null | undefined): string | number | null {
  return value ?? null
}

/** Today's anomalies (KPIs far from what their history predicts), with explanations. */
export function Anomalies({ defaultTimeZone }: { defaultTimeZone: string }) {
  const { t, locale } = useI18n()
  const { state, navigate } = useViewState()
  const live = useLive(defaultTimeZone)
  const date = localDay(new Date(live.now), live.timeZone)
  const filters = apiFilters(state)
  const query = useQuery({
    queryKey: ['anomalies', date, JSON.stringify(filters)],
    queryFn: ({ signal }) => fetchAnomalies({ date, filters }, { signal }),
    ...live.queryOptions,
  })
  const unauthorized = firstUnauthorized([query.error])
  const kpiDef = (kpi: string) => KPI_DEFS.find((d) => d.key === kpi)
  const fmt = (a: Anomaly, v: string | number | null | undefined) => {
    const def = kpiDef(a.kpi)
    return def ? formatKpi(def.format, asKpiValue(v), locale) : String(v ?? '—')
  }
  const columns: Column<Anomaly>[] = [
    {
      id: 'kpi',
      header: t('anomalies.kpi'),
      cell: (a) => {
        const def = kpiDef(a.kpi)
        return def ? t(def.label) : a.kpi
      },
      csv: (a) => a.kpi,
    },
    {
      id: 'scope',
      header: t('anomalies.scope'),
      cell: (a) => (a.scope ? `${t(`levels.${a.scope.by}` as 'levels.channel')}：${memberName(a.scope.by, a.scope.member, locale)}` : t('anomalies.scopeAll')),
      csv: (a) => (a.scope ? `${a.scope.by}:${a.scope.member}` : ''),
    },
    { id: 'value', header: t('anomalies.value'), numeric: true, cell: (a) => fmt(a, a.value), csv: (a) => a.value },
    { id: 'expected', header: t('anomalies.expected'), numeric: true, cell: (a) => fmt(a, a.expected), csv: (a) => a.expected },
    {
      id: 'band',
      header: t('anomalies.band'),
      numeric: true,
      cell: (a) => `${fmt(a, a.low)} – ${fmt(a, a.high)}`,
      csv: (a) => `${a.low ?? ''}..${a.high ?? ''}`,
    },
    {
      id: 'direction',
      header: t('anomalies.direction'),
      cell: (a) => <span className={`kpi-change tone-${a.direction === 'above' ? 'up' : 'down'}`}>{t(`anomalies.${a.direction}`)}</span>,
      csv: (a) => a.direction,
    },
    { id: 'explanation', header: t('anomalies.explanation'), cell: (a) => anomalyText(a, locale), csv: (a) => anomalyText(a, locale) },
  ]
  return (
    <PageFrame
      title={t('anomalies.title')}
      subtitle={t('anomalies.subtitle', { date })}
      state={state}
      navigate={navigate}
      live={live}
      query={query}
    >
      {unauthorized ? (
        <ErrorState error={unauthorized} />
      ) : (
        <DataTable
          title={t('anomalies.title')}
          columns={columns}
          rows={query.data?.anomalies}
          rowKey={(a) => `${a.kpi}|${a.scope?.by ?? ''}|${a.scope?.member ?? ''}`}
          error={query.error}
          errorPath={PATH}
          onRetry={() => void query.refetch()}
          updating={query.isPlaceholderData}
          empty={t('anomalies.empty')}
          csvFileName={`fourflow-anomalies-${date}.csv`}
          testId="anomalies-table"
        />
      )}
    </PageFrame>
  )
}
