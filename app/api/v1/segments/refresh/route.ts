import { clickhouse } from '@/lib/clickhouse/client'
import { attributesBuiltAt, refreshCustomerAttributesIfChanged } from '@/lib/customers/attributes'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Rebuilds the customer attributes segments read now (the server does it every minute); false when another rebuild is running. */
export const POST = route({ permission: 'segments:write' }, async () => {
  const ch = await clickhouse()
  const rebuilt = await refreshCustomerAttributesIfChanged(await db(), ch, { force: true })
  return { rebuilt, built_at: await attributesBuiltAt(ch) }
})
