import type { OrderStatus } from '@/lib/events'
import { DomainError } from './errors'

/**
 * The unified order lifecycle. Payment and fulfilment details (what was shipped and returned
 * per line, what was refunded) live beside the status: a partial shipment keeps the order
 * pending_shipment, a partial return keeps it shipped or completed.
 */
export const ORDER_ACTIONS = ['pay', 'ship', 'complete', 'cancel', 'return', 'refund'] as const
export type OrderAction = (typeof ORDER_ACTIONS)[number]

const TRANSITIONS: Record<OrderStatus, Partial<Record<OrderAction, OrderStatus>>> = {
  pending_payment: { pay: 'pending_shipment', cancel: 'cancelled' },
  pending_shipment: { ship: 'shipped', cancel: 'cancelled' },
  shipped: { complete: 'completed', return: 'refunded', refund: 'refunded' },
  completed: { return: 'refunded', refund: 'refunded' },
  cancelled: {},
  refunded: {},
}

/** Where an action leads when it completes its step (a partial ship or return stays put). */
const TARGET: Record<OrderAction, OrderStatus> = {
  pay: 'pending_shipment',
  ship: 'shipped',
  complete: 'completed',
  cancel: 'cancelled',
  return: 'refunded',
  refund: 'refunded',
}

export function allowedActions(status: OrderStatus): OrderAction[] {
  return Object.keys(TRANSITIONS[status]) as OrderAction[]
}

function illegal(status: OrderStatus, action: OrderAction, allowed: OrderAction[], why?: string): DomainError {
  return new DomainError(
    'illegal_transition',
    `cannot ${action} an order that is ${status} (${status} → ${TARGET[action]} is not allowed${why ? `: ${why}` : ''}); allowed: ${allowed.length ? allowed.join(', ') : 'none (final state)'}`,
    409,
    'status',
  )
}

/** The status after `action` completes its step, or a 409 naming from, to and what is allowed instead. */
export function nextStatus(status: OrderStatus, action: OrderAction): OrderStatus {
  const next = TRANSITIONS[status][action]
  if (!next) throw illegal(status, action, allowedActions(status))
  return next
}

/** One order line's fulfilment and money, in units and cents. */
export type LineState = {
  line_no: number
  quantity: number
  amount_cents: number
  discount_cents: number
  shipped: number
  returned: number
  refunded_cents: number
  refunded_discount_cents: number
}
export type OrderState = { status: OrderStatus; paid: boolean; lines: LineState[] }
export type LineQuantity = { line_no: number; quantity: number }
/** What one returned quantity gives back: its share of the line's amount and discount. */
export type ReturnedLine = LineQuantity & { amount_cents: number; discount_cents: number }

export type Decision =
  | { action: 'pay' | 'complete'; to: OrderStatus }
  /** Releases what is still reserved: every ordered unit (nothing was shipped). Refunds everything if paid. */
  | { action: 'cancel'; to: OrderStatus; release: LineQuantity[]; refund: ReturnedLine[] }
  | { action: 'ship'; to: OrderStatus; ship: LineQuantity[] }
  | { action: 'return' | 'refund'; to: OrderStatus; returns: ReturnedLine[] }

export type Command =
  | { action: 'pay' | 'complete' | 'cancel' }
  /** Without lines: everything not yet shipped. */
  | { action: 'ship'; lines?: LineQuantity[] }
  /** `refund` returns everything shipped and not yet returned; `return` the given lines. */
  | { action: 'return' | 'refund'; lines?: LineQuantity[] }

const shippedAny = (s: OrderState) => s.lines.some((l) => l.shipped > 0)
const unshipped = (l: LineState) => l.quantity - l.shipped
const returnable = (l: LineState) => l.shipped - l.returned

/** The actions the order's status and fulfilment allow now (what the UI offers as buttons). */
export function actionsFor(s: OrderState): OrderAction[] {
  return allowedActions(s.status).filter((a) => {
    if (a === 'cancel') return !shippedAny(s)
    if (a === 'return' || a === 'refund') return s.lines.some((l) => returnable(l) > 0)
    return true
  })
}

/**
 * Share of a line's `total` cents that `q` more units give back after `before` were returned:
 * cumulative rounding, so returning every unit, in any number of steps, gives back exactly the total.
 */
export function proRata(total: number, quantity: number, before: number, q: number): number {
  return Math.round((total * (before + q)) / quantity) - Math.round((total * before) / quantity)
}

function quantities(s: OrderState, action: OrderAction, requested: LineQuantity[] | undefined, room: (l: LineState) => number): LineQuantity[] {
  const wanted = requested ?? s.lines.map((l) => ({ line_no: l.line_no, quantity: room(l) })).filter((l) => l.quantity > 0)
  const seen = new Set<number>()
  wanted.forEach((w, i) => {
    const line = s.lines.find((l) => l.line_no === w.line_no)
    if (!line) throw new DomainError('invalid_line', `order has no line ${w.line_no}`, 400, `lines.${i}.line_no`)
    if (seen.has(w.line_no)) throw new DomainError('invalid_line', `line ${w.line_no} is given twice`, 400, `lines.${i}.line_no`)
    seen.add(w.line_no)
    if (!Number.isInteger(w.quantity) || w.quantity < 1) throw new DomainError('invalid_quantity', `quantity must be a positive integer`, 400, `lines.${i}.quantity`)
    if (w.quantity > room(line)) {
      const what = action === 'ship' ? `${unshipped(line)} of ${line.quantity} are left to ship` : `${returnable(line)} shipped unit(s) are not yet returned`
      throw new DomainError('quantity_exceeded', `line ${line.line_no}: cannot ${action} ${w.quantity}; ${what}`, 409, `lines.${i}.quantity`)
    }
  })
  if (wanted.length === 0) throw new DomainError('nothing_to_do', `nothing left to ${action} on this order`, 409, 'lines')
  return wanted
}

function returnedLines(s: OrderState, q: LineQuantity[]): ReturnedLine[] {
  return q.map((r) => {
    const l = s.lines.find((x) => x.line_no === r.line_no)!
    return {
      ...r,
      amount_cents: proRata(l.amount_cents, l.quantity, l.returned, r.quantity),
      discount_cents: proRata(l.discount_cents, l.quantity, l.returned, r.quantity),
    }
  })
}

/** Decides what a command does to an order, or refuses it (409 naming from/to, or 400 naming the line). Pure. */
export function decide(s: OrderState, c: Command): Decision {
  const to = nextStatus(s.status, c.action)
  switch (c.action) {
    case 'pay':
    case 'complete':
      return { action: c.action, to }
    case 'cancel': {
      if (shippedAny(s)) throw illegal(s.status, 'cancel', actionsFor(s), 'part of it has shipped; ship the rest, then return what is not wanted')
      const all = s.lines.map((l) => ({ line_no: l.line_no, quantity: l.quantity }))
      return { action: 'cancel', to, release: all, refund: s.paid ? returnedLines(s, all) : [] }
    }
    case 'ship': {
      const ship = quantities(s, 'ship', c.lines, unshipped)
      const done = s.lines.every((l) => unshipped(l) === (ship.find((x) => x.line_no === l.line_no)?.quantity ?? 0))
      return { action: 'ship', to: done ? to : s.status, ship }
    }
    case 'return':
    case 'refund': {
      const q = quantities(s, c.action, c.action === 'refund' ? undefined : c.lines, returnable)
      const all = s.lines.every((l) => l.quantity === l.returned + (q.find((x) => x.line_no === l.line_no)?.quantity ?? 0))
      return { action: c.action, to: all ? to : s.status, returns: returnedLines(s, q) }
    }
  }
}

/** The order after a decision (what the database stores), for tests and for the UI's preview. */
export function applyDecision(s: OrderState, d: Decision): OrderState {
  const lines = s.lines.map((l) => ({ ...l }))
  const line = (n: number) => lines.find((l) => l.line_no === n)!
  if (d.action === 'ship') for (const x of d.ship) line(x.line_no).shipped += x.quantity
  const back = d.action === 'return' || d.action === 'refund' ? d.returns : d.action === 'cancel' ? d.refund : []
  for (const x of back) {
    const l = line(x.line_no)
    if (d.action !== 'cancel') l.returned += x.quantity
    l.refunded_cents += x.amount_cents
    l.refunded_discount_cents += x.discount_cents
  }
  return { status: d.to, paid: s.paid || d.action === 'pay', lines }
}
