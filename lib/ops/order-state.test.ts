import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { orderStatusSchema } from '@/lib/events'
import { allowedActions, nextStatus, ORDER_ACTIONS } from './order-state'

describe('order state machine', () => {
  it('follows the happy path and its exits', () => {
    expect(nextStatus('pending_payment', 'pay')).toBe('pending_shipment')
    expect(nextStatus('pending_shipment', 'ship')).toBe('shipped')
    expect(nextStatus('shipped', 'complete')).toBe('completed')
    expect(nextStatus('completed', 'refund')).toBe('refunded')
    expect(nextStatus('pending_payment', 'cancel')).toBe('cancelled')
  })

  it('refuses illegal transitions with a 409 naming what is allowed', () => {
    expect(() => nextStatus('pending_payment', 'ship')).toThrowError(/cannot ship an order that is pending_payment; allowed: pay, cancel/)
    expect(() => nextStatus('cancelled', 'pay')).toThrowError(/final state/)
  })

  it('never leaves a final state and only moves forward, for any sequence of actions', () => {
    const rank = { pending_payment: 0, pending_shipment: 1, shipped: 2, completed: 3, cancelled: 9, refunded: 9 } as const
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ORDER_ACTIONS), { maxLength: 30 }), (actions) => {
        let status = orderStatusSchema.parse('pending_payment')
        for (const a of actions) {
          if (!allowedActions(status).includes(a)) {
            expect(() => nextStatus(status, a)).toThrow()
            continue
          }
          const next = nextStatus(status, a)
          expect(rank[next]).toBeGreaterThan(rank[status])
          status = next
        }
      }),
    )
  })
})
