import type { Sql } from '@/lib/db'
import { fromCents } from '@/lib/money'

/**
 * A distributor's receivables ledger: an invoice when an order ships, a credit note when a
 * shipped order is refunded, a payment when finance records money received. Entries are dated
 * by the local day (configured time zone). Statements and rebate volumes read this ledger; the
 * credit check reads its balance in one SQL statement (creditPosition in ./requests.ts).
 */
/**
 * The order a request became, joined by the intake's idempotency key rather than by the
 * request's order_id: the order exists from the moment its transaction commits, before the
 * request is marked placed, and must count from that moment on (and only once).
 */
export const ORDER_OF_REQUEST = `o.channel = 'distributor' AND o.external_id = r.distributor_id || ':' || r.request_id`

export type LedgerEntry = { day: string; kind: 'invoice' | 'credit_note' | 'payment'; reference: string; amount_cents: number }

const localDay = (at: Date, timeZone: string) => at.toLocaleDateString('sv-SE', { timeZone })

export async function ledgerEntries(db: Sql, distributorId: string, timeZone: string): Promise<LedgerEntry[]> {
  const shipped = await db.query<{ order_id: string; total_cents: number; status: string; shipped_at: Date; closed_at: Date | null }>(
    `SELECT o.order_id, o.total_cents, o.status, o.shipped_at, o.closed_at
       FROM distributor_order_requests r JOIN orders o ON ${ORDER_OF_REQUEST}
      WHERE r.distributor_id = $1 AND o.shipped_at IS NOT NULL`,
    [distributorId],
  )
  const payments = await db.query<{ payment_id: string; amount_cents: number; day: string; reference: string }>(
    `SELECT payment_id, amount_cents, to_char(received_on, 'YYYY-MM-DD') AS day, reference FROM distributor_payments WHERE distributor_id = $1`,
    [distributorId],
  )
  const entries: LedgerEntry[] = []
  for (const o of shipped) {
    entries.push({ day: localDay(o.shipped_at, timeZone), kind: 'invoice', reference: o.order_id, amount_cents: o.total_cents })
    if (o.status === 'refunded' && o.closed_at) entries.push({ day: localDay(o.closed_at, timeZone), kind: 'credit_note', reference: o.order_id, amount_cents: -o.total_cents })
  }
  for (const p of payments) entries.push({ day: p.day, kind: 'payment', reference: p.reference || p.payment_id, amount_cents: -p.amount_cents })
  const order = { invoice: 0, credit_note: 1, payment: 2 }
  return entries.sort((a, b) => a.day.localeCompare(b.day) || order[a.kind] - order[b.kind] || a.reference.localeCompare(b.reference))
}

/** Opening balance, the period's entries with a running balance, totals per kind, closing balance. */
export function buildStatement(entries: readonly LedgerEntry[], from: string, to: string) {
  const opening = entries.filter((e) => e.day < from).reduce((s, e) => s + e.amount_cents, 0)
  let balance = opening
  const lines = entries
    .filter((e) => e.day >= from && e.day <= to)
    .map((e) => {
      balance += e.amount_cents
      return { ...e, balance_cents: balance }
    })
  const total = (kind: LedgerEntry['kind']) => lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.amount_cents, 0)
  return { from, to, opening_cents: opening, invoiced_cents: total('invoice'), credited_cents: -total('credit_note'), paid_cents: -total('payment'), closing_cents: balance, lines }
}
export type Statement = ReturnType<typeof buildStatement>

export const statementView = (s: Statement) => ({
  from: s.from,
  to: s.to,
  opening_balance: fromCents(s.opening_cents),
  invoiced: fromCents(s.invoiced_cents),
  credited: fromCents(s.credited_cents),
  paid: fromCents(s.paid_cents),
  closing_balance: fromCents(s.closing_cents),
  lines: s.lines.map((l) => ({ day: l.day, kind: l.kind, reference: l.reference, amount: fromCents(l.amount_cents), balance: fromCents(l.balance_cents) })),
})

/** Net invoiced volume of the local days from … to (invoices less credit notes). */
export function invoicedVolume(entries: readonly LedgerEntry[], from: string, to: string): number {
  return entries.filter((e) => e.kind !== 'payment' && e.day >= from && e.day <= to).reduce((s, e) => s + e.amount_cents, 0)
}
