import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { decideSuggestion, decideSuggestionSchema } from '@/lib/ops/replenishment'

export const dynamic = 'force-dynamic'

/** Accept (a transfer suggestion requests the transfer) or dismiss an open suggestion. */
export const POST = route({ permission: 'stock:write', body: decideSuggestionSchema }, async ({ params, body, principal }) =>
  decideSuggestion(await db(), params.id ?? '', body.decision, principal!),
)
