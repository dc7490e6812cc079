import { NextResponse } from 'next/server'
import { can } from '@/lib/auth/permissions'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { createProgrammeSchema } from '@/lib/roi/schema'
import { createProgramme, listProgrammes } from '@/lib/roi/store'

export const dynamic = 'force-dynamic'

/** The ROI programmes, newest first; `can_edit` tells the UI whether to show edit controls. */
export const GET = route({ permission: 'roi:read' }, async ({ principal }) => ({
  programmes: await listProgrammes(await db()),
  can_edit: can(principal!.role, 'roi:write'),
}))

/** A new programme with its go-live date, windows, tracked KPIs with targets, and assumptions. */
export const POST = route({ permission: 'roi:write', body: createProgrammeSchema }, async ({ body, principal }) =>
  NextResponse.json({ id: await createProgramme(await db(), body, principal!.name) }, { status: 201 }),
)
