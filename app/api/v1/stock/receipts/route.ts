import { NextResponse } from 'next/server'
import { db } from '@/lib/db'
import { route } from '@/lib/http/route'
import { receiveStock, stockReceiptSchema } from '@/lib/ops/stock'

export const dynamic = 'force-dynamic'

export const POST = route({ permission: 'stock:write', body: stockReceiptSchema }, async ({ body, principal }) =>
  NextResponse.json(await receiveStock(await db(), body, `${principal!.kind}:${principal!.name}`), { status: 201 }),
)
