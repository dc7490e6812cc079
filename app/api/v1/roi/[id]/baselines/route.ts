import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { manualBaselineSchema } from '@/lib/roi/schema'
import { setManualBaseline } from '@/lib/roi/store'

export const dynamic = 'force-dynamic'

/** Enters a tracked KPI's baseline by hand (marked manual, with who and when); `value: null` clears it. */
export const POST = route({ permission: 'roi:write', body: manualBaselineSchema }, async ({ params, body, principal }) => {
  await setManualBaseline(await db(), params.id ?? '', body, principal!.name)
  return { ok: true }
})
