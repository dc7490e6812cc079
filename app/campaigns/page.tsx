import { CampaignsPage } from '@/components/customers/campaigns-page'

/** Coupon campaigns. */
export default function Page() {
  return <CampaignsPage />
}
