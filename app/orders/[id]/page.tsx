import { config } from '@/lib/config'
import { OrderDetailView } from '@/components/orders/order-detail'

/** One order with its timeline and the actions its state allows. */
export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return <OrderDetailView id={decodeURIComponent(id)} timeZone={config().TIME_ZONE} />
}
