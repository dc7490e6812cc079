import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { listSuggestions, suggestionsQuerySchema } from '@/lib/ops/replenishment'

export const dynamic = 'force-dynamic'

export const GET = route({ permission: 'stock:read', query: suggestionsQuerySchema }, async ({ query, principal }) => ({
  suggestions: await listSuggestions(await db(), query, principal!),
}))
