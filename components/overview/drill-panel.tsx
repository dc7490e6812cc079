'use client'

import dynamic from 'next/dynamic'
import { useId, useMemo } from 'react'
import { useI18n } from '@/lib/i18n'
import { moneyToYuan } from '@/lib/i18n/format'
import { topRows, type Anomaly, type Breakdown, type BreakdownRow } from '@/components/dashboard/analytics-api'
import { csvFileName } from '@/components/dashboard/csv'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { buildBreakdownBarOption } from '@/components/charts/breakdown-bar'
import { channelColor } from '@/components/charts/palette'
import { DataTable } from '@/components/tables/data-table'
import { memberName } from '@/components/drill/names'
import { breakdownColumns } from '@/components/overview/columns'
import { anomalyText } from '@/components/overview/kpi-grid'

const EChart = dynamic(() => import('@/components/charts/echart'), {
  ssr: false,
  loading: () => <Skeleton height={280} />,
})

export function anomaliesAt(anomalies: readonly Anomaly[], by: string, locale: 'zh' | 'en'): Map<string, string> {
  const out = new Map<string, string>()
  for (const a of anomalies) {
    if (a.scope?.by !== by) continue
    const prev = out.get(a.scope.member)
    out.set(a.scope.member, prev ? `${prev}\n${anomalyText(a, locale)}` : anomalyText(a, locale))
  }
  return out
}

interface Props {
  title: string
  level: string
  levelChoices: readonly string[]
  onLevel: (level: string) => void
  levelTestId: string
  data: Breakdown | undefined
  error: unknown
  updating: boolean
  onRetry: () => void
  /** Absent at the finest level (rows are not clickable then). */
  onDrill?: (member: string) => void
  anomalies: readonly Anomaly[]
  withChange: boolean
  tableTestId: string
  exportTestId: string
}

/** One hierarchy at its current level: a bar chart and a table with a total row, both drill on click. */
export function DrillPanel(props: Props) {
  const { t, locale } = useI18n()
  const selectId = useId()
  const { data, level, onDrill } = props
  const flagged = useMemo(() => anomaliesAt(props.anomalies, level, locale), [props.anomalies, level, locale])
  // Largest first, like the chart.
  const rows = useMemo(() => (data ? topRows(data.rows, 'net_revenue', data.rows.length) : undefined), [data])
  const option = useMemo(() => {
    if (!data || data.rows.length === 0) return null
    return buildBreakdownBarOption({
      items: data.rows.map((r) => ({
        member: r.member,
        label: memberName(level, r.member, locale),
        value: moneyToYuan(r.kpis.net_revenue) ?? 0,
        color: level === 'channel' ? channelColor(r.member) : undefined,
      })),
      locale,
      title: `${props.title} · ${t('kpi.netRevenue')}`,
      fileName: `fourflow-${level}-${data.range.from}_${data.range.to}`,
      anomalies: [...flagged].map(([member, text]) => ({ member, text })),
    })
  }, [data, level, locale, flagged, props.title, t])
  const { members, ...chartOption } = option ?? { members: [] as string[] }
  const columns = useMemo(
    () => breakdownColumns(level, t, locale, data?.total?.kpis.net_revenue ?? null, props.withChange),
    [level, t, locale, data, props.withChange],
  )
  const total: BreakdownRow | null = data?.total ?? null

  const levelSelect =
    props.levelChoices.length > 1 ? (
      <span className="field-inline">
        <label htmlFor={selectId}>{t('drill.level')}</label>
        <select id={selectId} data-testid={props.levelTestId} value={level} onChange={(e) => props.onLevel(e.target.value)}>
          {props.levelChoices.map((l) => (
            <option key={l} value={l}>
              {t(`levels.${l}` as 'levels.channel')}
            </option>
          ))}
        </select>
      </span>
    ) : null

  return (
    <div className="drill-panel">
      <section className={`card chart-card${props.updating ? ' is-updating' : ''}`} data-testid={`${props.tableTestId}-chart`}>
        <header className="card-header">
          <h2>
            {props.title} · {t('drill.byLevel', { level: t(`levels.${level}` as 'levels.channel') })}
          </h2>
          <span className="muted">{onDrill ? t('drill.hint') : t('drill.leaf')}</span>
        </header>
        {!data && props.error ? (
          <ErrorState error={props.error} onRetry={props.onRetry} compact path="/api/v1/breakdown" />
        ) : !option ? (
          data ? (
            <div className="chart-empty" style={{ height: 280 }} role="status">
              {t('states.emptyFilteredBody')}
            </div>
          ) : (
            <Skeleton height={280} />
          )
        ) : (
          <EChart
            option={chartOption}
            height={Math.max(200, Math.min(420, members.length * 30 + 60))}
            ariaLabel={props.title}
            onItemClick={onDrill ? (i) => { const m = members[i]; if (m !== undefined) onDrill(m) } : undefined}
          />
        )}
      </section>
      <DataTable
        title={props.title}
        columns={columns}
        rows={rows}
        rowKey={(row) => row.member}
        total={total}
        onRowClick={onDrill ? (row) => onDrill(row.member) : undefined}
        rowTitle={t('drill.hint')}
        error={props.error}
        errorPath="/api/v1/breakdown"
        onRetry={props.onRetry}
        updating={props.updating}
        empty={t('states.emptyFilteredBody')}
        csvFileName={data ? csvFileName(level, data.range) : 'fourflow.csv'}
        testId={props.tableTestId}
        exportTestId={props.exportTestId}
        actions={levelSelect}
        flagged={flagged}
        footnote={data?.rolledUp ? t('drill.rolledUp') : undefined}
      />
    </div>
  )
}
