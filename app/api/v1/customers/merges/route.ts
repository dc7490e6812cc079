import { NextResponse } from 'next/server'
import { mergeBodySchema } from '@/lib/customers/api'
import { mergeCustomers } from '@/lib/customers/merge'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** Merges two customers by hand (recorded with reason `manual`; undoable). */
export const POST = route({ permission: 'customers:write', body: mergeBodySchema }, async ({ body, principal }) => {
  const merged = await mergeCustomers(await db(), body.customer_ids[0], body.customer_ids[1], principal!.name)
  return NextResponse.json(merged ?? { merge_id: null, merged_id: null, already_merged: true }, { status: merged ? 201 : 200 })
})
