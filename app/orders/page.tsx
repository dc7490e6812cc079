import { Suspense } from 'react'
import { config } from '@/lib/config'
import { OrderList } from '@/components/orders/order-list'

/** The order centre: every channel's orders, filters, search; store notices. */
export default function OrdersPage() {
  return (
    <Suspense>
      <OrderList timeZone={config().TIME_ZONE} />
    </Suspense>
  )
}
