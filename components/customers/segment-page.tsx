'use client'

import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'next/navigation'
import { useI18n } from '@/lib/i18n'
import { rfmSegmentRules } from '@/lib/customers/segments/rules'
import { RFM_CLASSES, type RfmClass } from '@/lib/customers/rfm'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { fetchSegment } from './api'
import { rfmLabel } from './format'
import { SegmentEditor } from './segment-editor'

/** /segments/new: an empty builder, or an RFM template (`?rfm=champions`). */
export function NewSegmentPage() {
  const { t, locale } = useI18n()
  const params = useSearchParams()
  const rfm = params.get('rfm')
  const template = rfm && (RFM_CLASSES as readonly string[]).includes(rfm) ? (rfm as RfmClass) : null
  return (
    <div className="dashboard">
      <header className="page-header">
        <h1>{t('segments.new')}</h1>
      </header>
      <SegmentEditor initial={{ name: template ? rfmLabel(template, locale) : '', description: '', rules: template ? rfmSegmentRules(template) : { combinator: 'and', rules: [] } }} />
    </div>
  )
}

/** /segments/[id]: the saved segment in the builder, with versions, snapshots, export and a campaign. */
export function SegmentPage({ id }: { id: string }) {
  const { t } = useI18n()
  const q = useQuery({ queryKey: ['segment', id], queryFn: ({ signal }) => fetchSegment(id, { signal }) })
  return (
    <div className="dashboard">
      <header className="page-header">
        <h1 data-testid="segment-title">{q.data?.segment.name ?? t('segments.title')}</h1>
      </header>
      {q.error ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} path={`/api/v1/segments/${id}`} />
      ) : !q.data ? (
        <Skeleton height={240} />
      ) : (
        <SegmentEditor key={`${id}-${q.data.segment.version}`} initial={q.data.segment} detail={q.data} />
      )}
    </div>
  )
}
