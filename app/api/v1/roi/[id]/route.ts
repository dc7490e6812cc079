import { can } from '@/lib/auth/permissions'
import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { roiReport } from '@/lib/roi/report'
import { reportQuerySchema, updateProgrammeSchema } from '@/lib/roi/schema'
import { updateProgramme } from '@/lib/roi/store'

export const dynamic = 'force-dynamic'

/** The ROI report: per KPI baseline, target, current, improvement and share of target; weekly trend; finance summary. */
export const GET = route({ permission: 'roi:read', query: reportQuerySchema }, async ({ params, query, principal }) => {
  const current = query.from && query.to ? { from: query.from, to: query.to } : undefined
  const report = await roiReport(await clickhouse(), await db(), params.id ?? '', config().TIME_ZONE, { current })
  return { ...report, can_edit: can(principal!.role, 'roi:write') }
})

/** Changes the programme's settings: name, go-live, windows, tracked KPIs and targets, assumptions. */
export const POST = route({ permission: 'roi:write', body: updateProgrammeSchema }, async ({ params, body, principal }) => {
  await updateProgramme(await db(), params.id ?? '', body, principal!.name)
  return { ok: true }
})
