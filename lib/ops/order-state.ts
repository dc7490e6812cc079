import type { OrderStatus } from '@/lib/events'
import { DomainError } from './errors'

/** The unified order lifecycle. Payment and fulfilment details live beside the status. */
export const ORDER_ACTIONS = ['pay', 'ship', 'complete', 'cancel', 'refund'] as const
export type OrderAction = (typeof ORDER_ACTIONS)[number]

const TRANSITIONS: Record<OrderStatus, Partial<Record<OrderAction, OrderStatus>>> = {
  pending_payment: { pay: 'pending_shipment', cancel: 'cancelled' },
  pending_shipment: { ship: 'shipped', cancel: 'cancelled' },
  shipped: { complete: 'completed', refund: 'refunded' },
  completed: { refund: 'refunded' },
  cancelled: {},
  refunded: {},
}

export function allowedActions(status: OrderStatus): OrderAction[] {
  return Object.keys(TRANSITIONS[status]) as OrderAction[]
}

/** The status after `action`, or a 409 naming what is allowed instead. */
export function nextStatus(status: OrderStatus, action: OrderAction): OrderStatus {
  const next = TRANSITIONS[status][action]
  if (!next) {
    const allowed = allowedActions(status)
    throw new DomainError(
      'illegal_transition',
      `cannot ${action} an order that is ${status}; allowed: ${allowed.length ? allowed.join(', ') : 'none (final state)'}`,
      409,
      'status',
    )
  }
  return next
}
