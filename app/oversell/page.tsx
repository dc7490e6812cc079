import { Suspense } from 'react'
import { config } from '@/lib/config'
import { Oversell } from '@/components/oversell/oversell'

/** Oversell rate by channel and the orders cancelled out of stock. */
export default function OversellPage() {
  return (
    <Suspense>
      <Oversell defaultTimeZone={config().TIME_ZONE} />
    </Suspense>
  )
}
