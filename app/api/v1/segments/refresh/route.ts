import { clickhouse } from '@/lib/clickhouse/client'
import { attributesBuiltAt, refreshCustomerAttributes } from '@/lib/customers/attributes'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Rebuilds the customer attributes segments read now (the server does it every minute). */
export const POST = route({ permission: 'segments:write' }, async () => {
  const ch = await clickhouse()
  const rebuilt = await refreshCustomerAttributes(ch)
  return { rebuilt, built_at: await attributesBuiltAt(ch) }
})
