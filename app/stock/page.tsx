import { Suspense } from 'react'
import { config } from '@/lib/config'
import { Stock } from '@/components/stock/stock'

/** Stock balances by SKU or location with the ledger, transfers, replenishment and channel availability. */
export default function StockPage() {
  return (
    <Suspense>
      <Stock timeZone={config().TIME_ZONE} />
    </Suspense>
  )
}
