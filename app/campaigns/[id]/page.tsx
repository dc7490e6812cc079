import { CampaignPage } from '@/components/customers/campaigns-page'

/** A campaign's redemption and lift. */
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return <CampaignPage id={decodeURIComponent(id)} />
}
