import { Suspense } from 'react'
import { config } from '@/lib/config'
import { Inventory } from '@/components/inventory/inventory'

/** Stock value, turnover and cover; stock-outs, low stock, slow movers. */
export default function InventoryPage() {
  return (
    <Suspense>
      <Inventory defaultTimeZone={config().TIME_ZONE} />
    </Suspense>
  )
}
