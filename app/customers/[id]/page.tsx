import { ProfilePage } from '@/components/customers/profile-page'

/** Customer 360 profile. */
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return <ProfilePage id={decodeURIComponent(id)} />
}
