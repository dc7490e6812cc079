'use client'

import dynamic from 'next/dynamic'
import type { EChartsOption } from 'echarts'
import { useI18n } from '@/lib/i18n'
import { formatDateTime, formatMoney } from '@/lib/i18n/format'
import { MEASURE_DEFS } from '@/lib/roi/catalogue'
import { Skeleton } from '@/components/dashboard/states'
import { DataTable, type Column } from '@/components/tables/data-table'
import type { FinanceItem, RoiReport, RoiRow } from './api'
import { financeExplanation, formatImprovement, formatRoiValue, formatShare, kpiCsvColumns } from './format'
import { buildRoiTrendOption } from './trend-option'

const EChart = dynamic(() => import('@/components/charts/echart'), { ssr: false, loading: () => <Skeleton height={220} /> })

type Measure = RoiReport['measures'][number]
type Audit = RoiReport['audit'][number]

/** The ROI report: KPI table, finance summary, weekly trends, measures and change log. Read-only; forms live beside it. */
export function RoiReportView({ report, printable = false }: { report: RoiReport; printable?: boolean }) {
  const { t, locale } = useI18n()
  const p = report.programme
  const range = { from: p.current.from, to: p.current.to }
  const file = (name: string) => `fourflow-roi-${name}-${p.id.slice(-8)}-${range.from}_${range.to}.csv`
  const when = (iso: string) => formatDateTime(iso, report.time_zone, locale)
  const csv = kpiCsvColumns(locale)

  const kpiColumns: Column<RoiRow>[] = [
    {
      id: 'kpi',
      header: t('roi.kpi'),
      cell: (r) => (
        <>
          {t(`roi.kpis.${r.kpi}`)} <span className="muted">· {t(r.direction === 'lower' ? 'roi.lower' : 'roi.higher')}</span>
        </>
      ),
      csv: csv[0]!.csv,
    },
    { id: 'id', header: 'id', cell: (r) => <code className="muted">{r.kpi}</code>, csv: csv[1]!.csv },
    {
      id: 'baseline',
      header: t('roi.baseline'),
      numeric: true,
      cell: (r) => (
        <span data-testid={`roi-baseline-${r.kpi}`} data-source={r.baseline_source}>
          {formatRoiValue(r.unit, r.baseline, locale)}
          {r.baseline_manual && (
            <span className="badge" data-testid={`roi-manual-${r.kpi}`} title={`${t('roi.manualBy', { by: r.baseline_manual.by, at: when(r.baseline_manual.at) })} · ${t('roi.computedWas', { value: formatRoiValue(r.unit, r.baseline_computed, locale) })}`}>
              {' '}
              {t('roi.manual')} · {r.baseline_manual.by} · {when(r.baseline_manual.at)}
            </span>
          )}
        </span>
      ),
      csv: csv[3]!.csv,
    },
    { id: 'source', header: t('roi.source'), cell: (r) => (r.baseline_manual ? t('roi.manual') : t('roi.computed')), csv: csv[4]!.csv },
    {
      id: 'target',
      header: t('roi.target'),
      numeric: true,
      cell: (r) => (
        <span data-testid={`roi-target-value-${r.kpi}`} title={r.target_direction_ok === false ? t('roi.wrongDirection') : undefined}>
          {formatRoiValue(r.unit, r.target, locale)}
          {r.target_direction_ok === false && ' ⚠'}
        </span>
      ),
      csv: csv[5]!.csv,
    },
    { id: 'current', header: t('roi.current'), numeric: true, cell: (r) => <span data-testid={`roi-current-${r.kpi}`}>{formatRoiValue(r.unit, r.current, locale)}</span>, csv: csv[6]!.csv },
    { id: 'improvement', header: t('roi.improvement'), numeric: true, cell: (r) => formatImprovement(r.improvement_pct), csv: csv[7]!.csv },
    {
      id: 'share',
      header: t('roi.targetShare'),
      numeric: true,
      cell: (r) => (
        <span data-testid={`roi-share-${r.kpi}`}>
          {r.target_share_display !== null && (
            <progress max={1} value={r.target_share_display} style={{ width: 64, marginRight: 6, verticalAlign: 'middle' }} />
          )}
          {formatShare(r.target_share)}
        </span>
      ),
      csv: csv[8]!.csv,
    },
  ]

  const financeColumns: Column<FinanceItem>[] = [
    { id: 'kpi', header: t('roi.kpi'), cell: (i) => t(`roi.kpis.${i.kpi}`), csv: (i) => t(`roi.kpis.${i.kpi}`) },
    { id: 'kind', header: t('roi.subject'), cell: (i) => t(i.kind === 'revenue' ? 'roi.revenue' : 'roi.costSaving'), csv: (i) => t(i.kind === 'revenue' ? 'roi.revenue' : 'roi.costSaving') },
    { id: 'amount', header: t('roi.amount'), numeric: true, cell: (i) => <span data-testid={`roi-money-${i.kpi}`}>{formatMoney(i.amount)}</span>, csv: (i) => i.amount },
    {
      id: 'how',
      header: t('roi.how'),
      cell: (i) => (i.missing.length > 0 ? t('roi.missing', { what: i.missing.join(', ') }) : financeExplanation(i, locale)),
      csv: (i) => (i.missing.length > 0 ? t('roi.missing', { what: i.missing.join(', ') }) : financeExplanation(i, locale)),
    },
  ]
  const a = p.assumptions
  const notEntered = t('roi.notEntered')

  const measureColumns: Column<Measure>[] = [
    { id: 'measure', header: t('roi.measure'), cell: (m) => t(`roi.measureNames.${m.measure}`), csv: (m) => m.measure },
    { id: 'period', header: t('roi.period'), cell: (m) => `${m.from} – ${m.to}`, csv: (m) => `${m.from}..${m.to}` },
    { id: 'value', header: t('roi.value'), numeric: true, cell: (m) => formatRoiValue(MEASURE_DEFS[m.measure].unit, m.value, locale), csv: (m) => m.value },
    { id: 'by', header: t('roi.enteredBy'), cell: (m) => m.entered_by, csv: (m) => m.entered_by },
    { id: 'at', header: t('roi.enteredAt'), cell: (m) => when(m.entered_at), csv: (m) => m.entered_at },
  ]
  const subjectLabel = (s: string) => (['target', 'baseline', 'measure', 'assumption', 'programme'].includes(s) ? t(`roi.subjects.${s as 'target'}`) : s)
  const auditColumns: Column<Audit>[] = [
    { id: 'at', header: t('roi.when'), cell: (x) => when(x.at), csv: (x) => x.at },
    { id: 'who', header: t('roi.who'), cell: (x) => x.actor, csv: (x) => x.actor },
    { id: 'subject', header: t('roi.subject'), cell: (x) => subjectLabel(x.subject), csv: (x) => x.subject },
    { id: 'item', header: t('roi.item'), cell: (x) => x.item, csv: (x) => x.item },
    { id: 'old', header: t('roi.oldValue'), cell: (x) => x.old_value ?? '—', csv: (x) => x.old_value ?? '' },
    { id: 'new', header: t('roi.newValue'), cell: (x) => x.new_value ?? '—', csv: (x) => x.new_value ?? '' },
  ]

  const weeks = report.trend.weeks.map((w) => w.week)
  return (
    <div className="dashboard-panels" data-testid="roi-report">
      <p className="muted" data-testid="roi-windows">
        {t('roi.goLive')}: {p.go_live} · {t('roi.baselineWindow')}: {t('roi.windowDates', { from: p.baseline.from, to: p.baseline.to, days: p.baseline.days })} · {t('roi.currentWindow')}:{' '}
        {t('roi.windowDates', { from: p.current.from, to: p.current.to, days: p.current.days })}
      </p>
      <DataTable title={t('roi.kpiTable')} columns={kpiColumns} rows={report.kpis} rowKey={(r) => r.kpi} empty={t('roi.noTrend')} csvFileName={file('kpis')} testId="roi-kpi-table" />

      <section className="card" data-testid="roi-finance">
        <header className="card-header">
          <h2>{t('roi.finance')}</h2>
        </header>
        <p>{t('roi.financeIntro', { from: report.summary.period.from, to: report.summary.period.to, days: report.summary.period.days })}</p>
        <p>
          <strong>
            {t('roi.total')}: <span data-testid="roi-money-total">{formatMoney(report.summary.total)}</span>
          </strong>
        </p>
        <p className="muted" data-testid="roi-assumptions">
          {t('roi.assumptions')}: {t('roi.hourlyLabourCost')} {a.hourly_labour_cost === null ? notEntered : formatMoney(a.hourly_labour_cost)} · {t('roi.labourHoursPerProcessingHour')}{' '}
          {a.labour_hours_per_processing_hour ?? notEntered} · {t('roi.costOfCapitalRate')} {a.cost_of_capital_rate === null ? notEntered : formatRoiValue('rate', a.cost_of_capital_rate, locale)}
        </p>
      </section>
      <DataTable title={t('roi.finance')} columns={financeColumns} rows={report.summary.items} rowKey={(i) => i.kpi} empty={t('roi.noTrend')} csvFileName={file('finance')} testId="roi-finance-table" />

      <section className="roi-charts two-col">
        {report.kpis.map((row) => {
          const title = `${t(`roi.kpis.${row.kpi}`)} · ${t('roi.trend')}`
          const option = buildRoiTrendOption({ weeks, values: report.trend.series[row.kpi] ?? [], baseline: row.baseline, target: row.target, unit: row.unit, locale, title, fileName: `fourflow-roi-${row.kpi}` })
          return (
            <section key={row.kpi} className="card chart-card" data-testid={`roi-chart-${row.kpi}`}>
              <header className="card-header">
                <h2>{title}</h2>
              </header>
              {weeks.length === 0 ? <p className="muted">{t('roi.noTrend')}</p> : <EChart option={option as EChartsOption} height={printable ? 200 : 240} ariaLabel={title} />}
            </section>
          )
        })}
      </section>

      <DataTable title={t('roi.measures')} columns={measureColumns} rows={report.measures} rowKey={(m) => `${m.measure}:${m.from}:${m.to}`} empty={t('roi.notEntered')} csvFileName={file('measures')} testId="roi-measures-table" />
      {!printable && <DataTable title={t('roi.audit')} columns={auditColumns} rows={report.audit} rowKey={(x) => `${x.at}:${x.subject}:${x.item}:${x.old_value ?? ''}:${x.new_value ?? ''}`} empty={t('roi.notEntered')} csvFileName={file('audit')} testId="roi-audit-table" maxRows={50} />}
    </div>
  )
}
