import { Suspense } from 'react'
import { can } from '@/lib/auth/permissions'
import { pageRole } from '@/lib/auth/page-role'
import { config } from '@/lib/config'
import { Finance } from '@/components/commerce/finance'
import { NotAllowed } from '@/components/commerce/not-allowed'

export const dynamic = 'force-dynamic'

/** Distributor finance: credit holds, accounts, payments, statements, rebates. */
export default async function FinancePage() {
  const role = await pageRole()
  if (!role || !can(role, 'distributors:read')) return <NotAllowed />
  return (
    <Suspense>
      <Finance timeZone={config().TIME_ZONE} canApprove={can(role, 'credit:approve')} canWrite={can(role, 'finance:write')} />
    </Suspense>
  )
}
