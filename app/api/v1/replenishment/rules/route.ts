import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { listRules, replenishmentRuleSchema, rulesQuerySchema, upsertRule } from '@/lib/ops/replenishment'

export const dynamic = 'force-dynamic'

/** Safety stock, reorder point and target level per (sku, location), with the position's available and incoming. */
export const GET = route({ permission: 'stock:read', query: rulesQuerySchema }, async ({ query, principal }) => ({
  rules: await listRules(await db(), { ...query, location_id: principal?.role === 'store' ? (principal.location_id ?? '(none)') : query.location_id }),
}))

/** Sets one position's thresholds (audited). */
export const POST = route({ permission: 'settings:write', body: replenishmentRuleSchema }, async ({ body, principal }) => ({
  rule: await upsertRule(await db(), body, `${principal!.kind}:${principal!.name}`),
}))
