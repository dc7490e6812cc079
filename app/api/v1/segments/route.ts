import { NextResponse } from 'next/server'
import { can } from '@/lib/auth/permissions'
import { config } from '@/lib/config'
import { createSegment, listSegments, saveSegmentSchema } from '@/lib/customers/segments/store'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Saved segments, most recently changed first. */
export const GET = route({ permission: 'segments:read' }, async ({ principal }) => ({
  segments: await listSegments(await db()),
  can_edit: can(principal!.role, 'segments:write'),
  time_zone: config().TIME_ZONE,
}))

/** Saves a new segment (version 1). */
export const POST = route({ permission: 'segments:write', body: saveSegmentSchema }, async ({ body, principal }) =>
  NextResponse.json(await createSegment(await db(), body, principal!.name), { status: 201 }),
)
