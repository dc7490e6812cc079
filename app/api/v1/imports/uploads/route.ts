import { NextResponse } from 'next/server'
import { saveUpload } from '@/lib/import/jobs'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Stores a CSV sent as the raw request body; answers its header, a sample and a suggested mapping. */
export const POST = route({ permission: 'imports:write' }, async ({ req }) => NextResponse.json(await saveUpload(req.body), { status: 201 }))
