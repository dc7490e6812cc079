'use client'

import Link from 'next/link'
import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'next/navigation'
import { useI18n } from '@/lib/i18n'
import { formatDateTime } from '@/lib/i18n/format'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { fetchReport } from './api'
import { RoiReportView } from './report-view'

const PRINT_CSS = `
@media print {
  .topbar, .roi-print-actions, .table-card button, .card-header button { display: none !important; }
  .page { padding: 0 !important; max-width: none !important; }
  .card { break-inside: avoid; box-shadow: none !important; }
}`

/** The ROI report laid out for paper: no edit controls, a print button, no change log. */
export function RoiPrint() {
  const { t, locale } = useI18n()
  const id = useSearchParams().get('id') ?? ''
  const report = useQuery({ queryKey: ['roi-report', id], queryFn: ({ signal }) => fetchReport(id, { signal }), enabled: id !== '' })
  return (
    <div className="dashboard roi-print" data-testid="roi-print">
      <style>{PRINT_CSS}</style>
      <div className="roi-print-actions toolbar">
        <Link className="button" href={`/roi?id=${encodeURIComponent(id)}`}>
          {t('roi.back')}
        </Link>
        <button type="button" className="button button-primary" onClick={() => window.print()}>
          {t('roi.printNow')}
        </button>
      </div>
      {report.error ? (
        <ErrorState error={report.error} path={`/api/v1/roi/${id}`} />
      ) : !report.data ? (
        <Skeleton height={240} />
      ) : (
        <>
          <h1>
            {t('roi.title')} · {report.data.programme.name}
          </h1>
          <p className="muted">{t('roi.printedAt', { time: formatDateTime(new Date().toISOString(), report.data.time_zone, locale) })}</p>
          <RoiReportView report={report.data} printable />
        </>
      )}
    </div>
  )
}
