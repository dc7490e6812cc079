import { NextResponse } from 'next/server'
import { health } from '@/lib/health'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

export const GET = route({ permission: 'public' }, async () => {
  const report = await health()
  return NextResponse.json(report, { status: report.status === 'ok' ? 200 : 503 })
})
