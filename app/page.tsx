import { Suspense } from 'react'
import { config } from '@/lib/config'
import { Overview } from '@/components/overview/overview'

/** The executive overview. The shell passes the configured time zone; the view lives in the URL. */
export default function OverviewPage() {
  return (
    <Suspense>
      <Overview defaultTimeZone={config().TIME_ZONE} />
    </Suspense>
  )
}
