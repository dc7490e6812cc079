import { Suspense } from 'react'
import { CustomersPage } from '@/components/customers/customers-page'

/** Customer list: merged customers, searchable, with the segment filters. */
export default function Page() {
  return (
    <Suspense>
      <CustomersPage />
    </Suspense>
  )
}
