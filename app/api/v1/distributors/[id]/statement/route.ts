import { db } from '@/lib/db'
import { distributorStatement, statementQuerySchema } from '@/lib/distributors/finance'
import { statementView } from '@/lib/distributors/ledger'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

export const GET = route({ permission: 'distributors:read', query: statementQuerySchema }, async ({ params, query }) =>
  statementView(await distributorStatement(await db(), params.id ?? '', query.from, query.to)),
)
