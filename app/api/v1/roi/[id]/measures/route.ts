import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { measureSchema } from '@/lib/roi/schema'
import { enterMeasure } from '@/lib/roi/store'

export const dynamic = 'force-dynamic'

/** Enters a measure the system cannot see (labour cost, staff hours, satisfaction) for one period; audited. */
export const POST = route({ permission: 'roi:write', body: measureSchema }, async ({ params, body, principal }) => {
  await enterMeasure(await db(), params.id ?? '', body, principal!.name)
  return { ok: true }
})
