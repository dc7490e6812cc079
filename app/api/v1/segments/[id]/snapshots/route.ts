import { NextResponse } from 'next/server'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { nowContext, segmentMemberIds } from '@/lib/customers/segments/query'
import { getSegment, snapshotSegment } from '@/lib/customers/segments/store'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Freezes the segment's current membership (merged customer ids) under its current version. */
export const POST = route({ permission: 'segments:write' }, async ({ params, principal }) => {
  const store = await db()
  const segment = await getSegment(store, params.id ?? '')
  const members = await segmentMemberIds(await clickhouse(), segment.rules, nowContext(config().TIME_ZONE))
  return NextResponse.json(await snapshotSegment(store, segment, members, principal!.name), { status: 201 })
})
