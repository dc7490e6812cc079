import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { getSettings, settingsAudit, updateSettings, updateSettingsSchema } from '@/lib/ops/settings'

export const dynamic = 'force-dynamic'

/** The operational rules in force and the audit of their changes (settings and replenishment thresholds). */
export const GET = route({ permission: 'settings:read' }, async () => {
  const store = await db()
  return { settings: await getSettings(store), audit: await settingsAudit(store) }
})

/** Changes some rules; effective at once in this process, within seconds in others. */
export const POST = route({ permission: 'settings:write', body: updateSettingsSchema }, async ({ body, principal }) => {
  const store = await db()
  return { settings: await updateSettings(store, body, `${principal!.kind}:${principal!.name}`), audit: await settingsAudit(store) }
})
