import { SegmentPage } from '@/components/customers/segment-page'

/** A saved segment: builder, versions, snapshots, export, campaign. */
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return <SegmentPage id={decodeURIComponent(id)} />
}
