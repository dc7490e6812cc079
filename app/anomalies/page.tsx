import { Suspense } from 'react'
import { config } from '@/lib/config'
import { Anomalies } from '@/components/anomalies/anomalies'

/** Today's KPI anomalies with their explanations. */
export default function AnomaliesPage() {
  return (
    <Suspense>
      <Anomalies defaultTimeZone={config().TIME_ZONE} />
    </Suspense>
  )
}
