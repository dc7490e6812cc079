import { Suspense } from 'react'
import { Roi } from '@/components/roi/roi'

/** ROI tracking: baseline before go-live versus current versus target, per programme. */
export default function RoiPage() {
  return (
    <Suspense>
      <Roi />
    </Suspense>
  )
}
