import { Suspense } from 'react'
import { config } from '@/lib/config'
import { Settings } from '@/components/settings/settings'

/** Operational rules: radius, unpaid expiry, channel buffers, replenishment thresholds; audit. */
export default function SettingsPage() {
  return (
    <Suspense>
      <Settings timeZone={config().TIME_ZONE} />
    </Suspense>
  )
}
