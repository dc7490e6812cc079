import { Suspense } from 'react'
import { NewSegmentPage } from '@/components/customers/segment-page'

/** The segment builder for a new segment (optionally from an RFM template). */
export default function Page() {
  return (
    <Suspense>
      <NewSegmentPage />
    </Suspense>
  )
}
