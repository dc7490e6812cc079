import { Suspense } from 'react'
import { RoiPrint } from '@/components/roi/roi-print'

/** The ROI report as a printable page (`?id=`). */
export default function RoiPrintPage() {
  return (
    <Suspense>
      <RoiPrint />
    </Suspense>
  )
}
