import { NextResponse } from 'next/server'
import { startImportSchema } from '@/lib/import/api'
import { startImportJob } from '@/lib/import/jobs'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Starts importing an upload in the background; poll GET /api/v1/imports/{id}. */
export const POST = route({ permission: 'imports:write', body: startImportSchema }, async ({ body, principal }) =>
  NextResponse.json(await startImportJob(body.upload_id, body.mapping, `${principal!.kind}:${principal!.name}`), { status: 202 }),
)
