import { db } from '@/lib/db'
import { portalAccount } from '@/lib/distributors/accounts'
import { distributorStatement, statementQuerySchema } from '@/lib/distributors/finance'
import { statementView } from '@/lib/distributors/ledger'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** The caller's statement of receivables for local days from … to. */
export const GET = route({ permission: 'distributor:portal', query: statementQuerySchema }, async ({ principal, query }) =>
  statementView(await distributorStatement(await db(), portalAccount(principal), query.from, query.to)),
)
