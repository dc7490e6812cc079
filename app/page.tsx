import { Suspense } from 'react'
import { redirect } from 'next/navigation'
import { homePageFor, pageRole } from '@/lib/auth/page-role'
import { config } from '@/lib/config'
import { Overview } from '@/components/overview/overview'

/** The executive overview (distributors and finance start on their own pages). The view lives in the URL. */
export default async function OverviewPage() {
  const home = homePageFor(await pageRole())
  if (home) redirect(home)
  return (
    <Suspense>
      <Overview defaultTimeZone={config().TIME_ZONE} />
    </Suspense>
  )
}
