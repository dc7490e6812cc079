import { config } from '@/lib/config'
import { Dashboard } from '@/components/dashboard/dashboard'

/** The live dashboard. The shell passes the configured time zone; the rest is client-side. */
export default function DashboardPage() {
  return <Dashboard defaultTimeZone={config().TIME_ZONE} />
}
