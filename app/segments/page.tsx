import { SegmentsPage } from '@/components/customers/segments-page'

/** Saved segments and ready-made RFM segments. */
export default function Page() {
  return <SegmentsPage />
}
