import { db } from '@/lib/db'
import { getDistributor, portalAccount } from '@/lib/distributors/accounts'
import { creditPosition, creditView, portalOrderSchema, quoteForDistributor, quoteView } from '@/lib/distributors/requests'
import { fromCents } from '@/lib/money'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Prices the caller's cart and says whether it fits the credit limit (nothing is reserved). */
export const POST = route({ permission: 'distributor:portal', body: portalOrderSchema }, async ({ principal, body }) => {
  const store = await db()
  const d = await getDistributor(store, portalAccount(principal))
  const quote = await quoteForDistributor(store, d, body.lines, new Date())
  const credit = await creditPosition(store, d)
  const exposure = credit.exposure_cents + quote.total_cents
  return { quote: quoteView(quote), credit: creditView(credit), exposure_with_order: fromCents(exposure), within_limit: exposure <= d.credit_limit_cents }
})
