'use client'

import Link from 'next/link'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useI18n } from '@/lib/i18n'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { fetchProgrammes, fetchReport } from './api'
import { CreateProgrammeForm, ManualBaselineForm, MeasureForm, SettingsForm } from './forms'
import { RoiReportView } from './report-view'

/**
 * The ROI page: pick a programme (`?id=`), see baseline · target · current per KPI, the finance
 * summary and weekly trends. Edit controls only for roles with roi:write (the API says which).
 */
export function Roi() {
  const { t } = useI18n()
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const queryClient = useQueryClient()
  const list = useQuery({ queryKey: ['roi-programmes'], queryFn: ({ signal }) => fetchProgrammes({ signal }) })
  const id = params.get('id') ?? list.data?.programmes[0]?.id ?? null
  const report = useQuery({ queryKey: ['roi-report', id], queryFn: ({ signal }) => fetchReport(id ?? '', { signal }), enabled: id !== null })
  const canEdit = list.data?.can_edit ?? false
  const select = (next: string) => router.replace(`${pathname}?id=${encodeURIComponent(next)}`)
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['roi-report', id] })
    void queryClient.invalidateQueries({ queryKey: ['roi-programmes'] })
  }

  return (
    <div className="dashboard" data-testid="roi-page" data-can-edit={canEdit ? 'true' : 'false'}>
      <header className="page-header">
        <div>
          <h1>{t('roi.title')}</h1>
          <p className="muted">{t('roi.subtitle')}</p>
        </div>
        <div className="toolbar">
          {list.data && list.data.programmes.length > 0 && (
            <label className="field-inline">
              {t('roi.programme')}
              <select data-testid="roi-programme-select" value={id ?? ''} onChange={(e) => select(e.target.value)}>
                {list.data.programmes.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} · {p.go_live}
                  </option>
                ))}
              </select>
            </label>
          )}
          {id && (
            <Link className="button" href={`/roi/print?id=${encodeURIComponent(id)}`} data-testid="roi-print-link">
              {t('roi.print')}
            </Link>
          )}
        </div>
      </header>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} path="/api/v1/roi" />
      ) : !list.data ? (
        <Skeleton height={120} />
      ) : (
        <>
          {!canEdit && (
            <p className="muted" data-testid="roi-read-only">
              {t('roi.readOnly')}
            </p>
          )}
          {list.data.programmes.length === 0 && <p data-testid="roi-empty">{t('roi.noProgrammes')}</p>}
          {report.error ? (
            <ErrorState error={report.error} onRetry={() => void report.refetch()} path={`/api/v1/roi/${id ?? ''}`} />
          ) : id && !report.data ? (
            <Skeleton height={240} />
          ) : report.data ? (
            <>
              <h2 data-testid="roi-programme-name">{report.data.programme.name}</h2>
              <RoiReportView report={report.data} />
              {canEdit && (
                <div className="two-col" data-testid="roi-edit">
                  <ManualBaselineForm key={`b-${report.data.programme.id}`} report={report.data} onSaved={refresh} />
                  <MeasureForm key={`m-${report.data.programme.id}`} report={report.data} onSaved={refresh} />
                  <SettingsForm key={`s-${report.data.programme.id}-${report.dataUpdatedAt}`} report={report.data} onSaved={refresh} />
                </div>
              )}
            </>
          ) : null}
          {canEdit && (
            <details open={list.data.programmes.length === 0} data-testid="roi-new">
              <summary className="button">{t('roi.newProgramme')}</summary>
              <CreateProgrammeForm
                onCreated={(newId) => {
                  refresh()
                  select(newId)
                }}
              />
            </details>
          )}
        </>
      )}
    </div>
  )
}
