import { Suspense } from 'react'
import { can } from '@/lib/auth/permissions'
import { pageRole } from '@/lib/auth/page-role'
import { config } from '@/lib/config'
import { NotAllowed } from '@/components/commerce/not-allowed'
import { Portal } from '@/components/commerce/portal'

export const dynamic = 'force-dynamic'

/** The distributor portal: catalogue at tier prices, cart with the credit check, orders, statement. */
export default async function PortalPage() {
  const role = await pageRole()
  if (!role || !can(role, 'distributor:portal')) return <NotAllowed />
  return (
    <Suspense>
      <Portal timeZone={config().TIME_ZONE} />
    </Suspense>
  )
}
