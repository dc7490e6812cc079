import { Suspense } from 'react'
import { can } from '@/lib/auth/permissions'
import { pageRole } from '@/lib/auth/page-role'
import { config } from '@/lib/config'
import { NotAllowed } from '@/components/commerce/not-allowed'
import { PricingAdmin } from '@/components/commerce/pricing-admin'

export const dynamic = 'force-dynamic'

/** Tier price lists, rebate brackets and promotions. */
export default async function PricingPage() {
  const role = await pageRole()
  if (!role || !can(role, 'pricing:read')) return <NotAllowed />
  return (
    <Suspense>
      <PricingAdmin timeZone={config().TIME_ZONE} canWrite={can(role, 'pricing:write')} />
    </Suspense>
  )
}
