import { z } from 'zod'
import type { Db, Sql } from '@/lib/db'
import { uuidv7 } from '@/lib/events/uuidv7'
import { fromCents } from '@/lib/money'
import { DomainError, notFound } from '@/lib/ops/errors'
import { placeOrder, type OrderView } from '@/lib/ops/orders'
import type { Quote } from '@/lib/pricing/quote'
import { cartLinesSchema, quoteCart } from '@/lib/pricing/store'
import { getDistributor, type Distributor } from './accounts'
import { ORDER_OF_REQUEST } from './ledger'

/**
 * Distributor orders with the credit check. Exposure = unpaid receivables + open orders (placed,
 * not yet shipped) + requests held or being placed + this order. Within the credit limit the
 * order goes into the order centre through the normal intake (channel `distributor`, priced
 * with the tier's price list and the promotions running on the distributor channel, accepted
 * on account); over it, the request is held — counted in the exposure, not an order — until
 * finance approves (then it is placed the same way) or rejects it, or the distributor cancels.
 */
export const portalOrderSchema = z.object({ lines: cartLinesSchema })
export type PortalOrderInput = z.input<typeof portalOrderSchema>

export const decisionSchema = z.object({ note: z.string().trim().max(500).optional() })

export type CreditPosition = { credit_limit_cents: number; receivable_cents: number; open_orders_cents: number; held_cents: number; exposure_cents: number; headroom_cents: number }

/**
 * The exposure before any new order, read in the caller's transaction as one statement, so
 * one snapshot: an order shipping meanwhile moves from open orders to receivables, never out of
 * both. Receivables are the ledger's balance (lib/distributors/ledger.ts): shipped and completed
 * orders (a refunded one was invoiced and credited) less payments.
 */
export async function creditPosition(db: Sql, d: Distributor): Promise<CreditPosition> {
  const [row] = await db.query<{ invoiced: number; paid: number; orders: number; held: number }>(
    `SELECT (SELECT COALESCE(sum(o.total_cents), 0)::int8 FROM distributor_order_requests r JOIN orders o ON ${ORDER_OF_REQUEST}
              WHERE r.distributor_id = $1 AND o.status IN ('shipped', 'completed')) AS invoiced,
            (SELECT COALESCE(sum(amount_cents), 0)::int8 FROM distributor_payments WHERE distributor_id = $1) AS paid,
            (SELECT COALESCE(sum(o.total_cents), 0)::int8 FROM distributor_order_requests r JOIN orders o ON ${ORDER_OF_REQUEST}
              WHERE r.distributor_id = $1 AND o.status IN ('pending_payment', 'pending_shipment')) AS orders,
            (SELECT COALESCE(sum(r.total_cents), 0)::int8 FROM distributor_order_requests r
              WHERE r.distributor_id = $1
                AND (r.status = 'held'
                     -- a request being placed counts until its order exists; from then on the order counts
                     OR (r.status = 'placing' AND NOT EXISTS (SELECT 1 FROM orders o WHERE ${ORDER_OF_REQUEST})))) AS held`,
    [d.distributor_id],
  )
  const receivable = (row?.invoiced ?? 0) - (row?.paid ?? 0)
  const orders = row?.orders ?? 0
  const held = row?.held ?? 0
  const exposure = receivable + orders + held
  return { credit_limit_cents: d.credit_limit_cents, receivable_cents: receivable, open_orders_cents: orders, held_cents: held, exposure_cents: exposure, headroom_cents: d.credit_limit_cents - exposure }
}

export const creditView = (c: CreditPosition) => ({
  credit_limit: fromCents(c.credit_limit_cents),
  receivable: fromCents(c.receivable_cents),
  open_orders: fromCents(c.open_orders_cents),
  held: fromCents(c.held_cents),
  exposure: fromCents(c.exposure_cents),
  headroom: fromCents(c.headroom_cents),
})

/** Prices a cart for a distributor: its tier's price list, then the distributor-channel promotions. */
export function quoteForDistributor(db: Sql, d: Distributor, lines: PortalOrderInput['lines'], at: Date): Promise<Quote> {
  return quoteCart(db, { lines, tier_id: d.tier_id, channel: 'distributor', at })
}

type RequestRow = {
  request_id: string
  distributor_id: string
  status: 'placing' | 'held' | 'placed' | 'rejected' | 'cancelled'
  quote: Quote
  total_cents: number
  exposure_cents: number
  credit_limit_cents: number
  order_id: string | null
  requested_by: string
  requested_at: Date
  decided_by: string | null
  decided_at: Date | null
  note: string | null
  order_status?: string | null
}

export const quoteView = (q: Quote) => ({
  lines: q.lines.map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
    list_price: fromCents(l.list_price_cents),
    tier_unit_price: fromCents(l.tier_unit_price_cents),
    tier_rule_id: l.tier_rule_id,
    promotion_discount: fromCents(l.promotion_discount_cents),
    unit_price: fromCents(l.unit_price_cents),
    amount: fromCents(l.amount_cents),
  })),
  promotions: q.promotions.map((p) => ({ promotion_id: p.promotion_id, name: p.name, discount: fromCents(p.discount_cents) })),
  list_total: fromCents(q.list_total_cents),
  tier_total: fromCents(q.tier_total_cents),
  promotion_discount: fromCents(q.promotion_discount_cents),
  total: fromCents(q.total_cents),
})

export const requestView = (r: RequestRow) => ({
  request_id: r.request_id,
  distributor_id: r.distributor_id,
  status: r.status,
  total: fromCents(r.total_cents),
  exposure_at_request: fromCents(r.exposure_cents),
  credit_limit_at_request: fromCents(r.credit_limit_cents),
  order_id: r.order_id,
  order_status: r.order_status ?? null,
  requested_by: r.requested_by,
  requested_at: r.requested_at.toISOString(),
  decided_by: r.decided_by,
  decided_at: r.decided_at?.toISOString() ?? null,
  note: r.note,
  quote: quoteView(r.quote),
})
export type RequestView = ReturnType<typeof requestView>

const SELECT_REQUESTS = `SELECT r.*, o.status AS order_status FROM distributor_order_requests r LEFT JOIN orders o ON ${ORDER_OF_REQUEST}`

export async function listRequests(db: Sql, filter: { distributor_id?: string; status?: RequestRow['status'] }): Promise<RequestView[]> {
  const rows = await db.query<RequestRow>(
    `${SELECT_REQUESTS} WHERE ($1::text IS NULL OR r.distributor_id = $1) AND ($2::text IS NULL OR r.status = $2) ORDER BY r.requested_at DESC, r.request_id DESC LIMIT 500`,
    [filter.distributor_id ?? null, filter.status ?? null],
  )
  return rows.map(requestView)
}

async function getRequest(db: Sql, requestId: string): Promise<RequestView> {
  const [row] = await db.query<RequestRow>(`${SELECT_REQUESTS} WHERE r.request_id = $1`, [requestId])
  if (!row) throw notFound('order request', requestId)
  return requestView(row)
}

export type OrderOutcome = { status: 'placed' | 'held'; request: RequestView; order: OrderView | null; credit: CreditPosition }

/** A distributor's order: placed within the credit limit, held over it. */
export async function requestOrder(db: Db, distributorId: string, raw: PortalOrderInput, actor: string, at = new Date()): Promise<OrderOutcome> {
  const input = portalOrderSchema.parse(raw)
  const requestId = uuidv7(at.getTime())
  // The account row is locked while the exposure is read and this request counted in it, so two
  // orders at once cannot both fit into the same headroom.
  const { within, credit } = await db.transaction(async (tx) => {
    const d = await getDistributor(tx, distributorId, true)
    const quote = await quoteForDistributor(tx, d, input.lines, at)
    const credit = await creditPosition(tx, d)
    const exposure = credit.exposure_cents + quote.total_cents
    const within = exposure <= d.credit_limit_cents
    await tx.query(
      `INSERT INTO distributor_order_requests (request_id, distributor_id, status, quote, total_cents, exposure_cents, credit_limit_cents, requested_by, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [requestId, d.distributor_id, within ? 'placing' : 'held', JSON.stringify(quote), quote.total_cents, exposure, d.credit_limit_cents, actor, at],
    )
    return { within, credit }
  })
  if (!within) return { status: 'held', request: await getRequest(db, requestId), order: null, credit }
  try {
    const order = await placeRequest(db, requestId, actor, at)
    return { status: 'placed', request: await getRequest(db, requestId), order, credit }
  } catch (e) {
    // Never became an order (e.g. out of stock): it must not linger in the exposure.
    await db.query(`DELETE FROM distributor_order_requests WHERE request_id = $1 AND status = 'placing'`, [requestId])
    throw e
  }
}

/** Places a request (status `placing`) through the order intake, accepted on account. */
async function placeRequest(db: Db, requestId: string, actor: string, at: Date): Promise<OrderView> {
  const [r] = await db.query<RequestRow & { name: string }>(
    `SELECT r.*, d.name FROM distributor_order_requests r JOIN distributors d USING (distributor_id) WHERE r.request_id = $1`,
    [requestId],
  )
  if (!r) throw notFound('order request', requestId)
  const { order } = await placeOrder(
    db,
    {
      channel: 'distributor',
      external_id: `${r.distributor_id}:${r.request_id}`,
      customer: { member_no: `distributor:${r.distributor_id}`, name: r.name },
      lines: r.quote.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unit_price: fromCents(l.unit_price_cents), discount: fromCents(l.promotion_discount_cents) })),
      pay: true,
    },
    { actor, at },
  )
  await db.query(`UPDATE distributor_order_requests SET status = 'placed', order_id = $2 WHERE request_id = $1`, [requestId, order.order_id])
  return order
}

/** Moves a held request on (approval: to placing), locked, so two decisions cannot both win. */
async function decide(db: Db, requestId: string, to: 'placing' | 'rejected' | 'cancelled', actor: string, note: string | undefined, at: Date, distributorId?: string) {
  return db.transaction(async (tx) => {
    const [r] = await tx.query<{ status: string; distributor_id: string }>('SELECT status, distributor_id FROM distributor_order_requests WHERE request_id = $1 FOR UPDATE', [requestId])
    // Another distributor's request reads as not found, like an order out of scope.
    if (!r || (distributorId !== undefined && r.distributor_id !== distributorId)) throw notFound('order request', requestId)
    if (r.status !== 'held') throw new DomainError('illegal_transition', `the request is ${r.status}; only a held request can be approved, rejected or cancelled`, 409, 'status')
    await tx.query('UPDATE distributor_order_requests SET status = $2, decided_by = $3, decided_at = $4, note = $5 WHERE request_id = $1', [requestId, to, actor, at, note ?? null])
  })
}

/** Finance approves a held request: it is placed through the intake without a further credit check. */
export async function approveRequest(db: Db, requestId: string, actor: string, note?: string, at = new Date()): Promise<{ request: RequestView; order: OrderView }> {
  await decide(db, requestId, 'placing', actor, note, at)
  try {
    const order = await placeRequest(db, requestId, actor, at)
    return { request: await getRequest(db, requestId), order }
  } catch (e) {
    // Could not be placed (e.g. out of stock now): it stays held, with the reason.
    const reason = e instanceof Error ? e.message : String(e)
    await db.query(`UPDATE distributor_order_requests SET status = 'held', note = $2 WHERE request_id = $1 AND status = 'placing'`, [requestId, `approval failed: ${reason}`.slice(0, 500)])
    throw e
  }
}

export async function rejectRequest(db: Db, requestId: string, actor: string, note?: string, at = new Date()): Promise<RequestView> {
  await decide(db, requestId, 'rejected', actor, note, at)
  return getRequest(db, requestId)
}

/** The distributor withdraws its own held request. */
export async function cancelRequest(db: Db, distributorId: string, requestId: string, actor: string, at = new Date()): Promise<RequestView> {
  await decide(db, requestId, 'cancelled', actor, undefined, at, distributorId)
  return getRequest(db, requestId)
}

/** GET /api/v1/credit-holds: by default the requests held over the credit limit. */
export const creditHoldsQuerySchema = z.object({
  status: z.enum(['held', 'placed', 'rejected', 'cancelled']).default('held'),
  distributor_id: z.string().trim().max(24).optional(),
})
