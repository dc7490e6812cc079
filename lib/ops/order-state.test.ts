import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DomainError } from './errors'
import { actionsFor, allowedActions, applyDecision, decide, nextStatus, ORDER_ACTIONS, proRata, type Command, type OrderState } from './order-state'

const order = (lines: [quantity: number, amount: number, discount: number][]): OrderState => ({
  status: 'pending_payment',
  paid: false,
  lines: lines.map(([quantity, amount_cents, discount_cents], i) => ({
    line_no: i + 1,
    quantity,
    amount_cents,
    discount_cents,
    shipped: 0,
    returned: 0,
    refunded_cents: 0,
    refunded_discount_cents: 0,
  })),
})

const run = (s: OrderState, ...commands: Command[]) => commands.reduce((acc, c) => applyDecision(acc, decide(acc, c)), s)

describe('order state machine', () => {
  it('follows the happy path and its exits', () => {
    expect(nextStatus('pending_payment', 'pay')).toBe('pending_shipment')
    expect(nextStatus('pending_shipment', 'ship')).toBe('shipped')
    expect(nextStatus('shipped', 'complete')).toBe('completed')
    expect(nextStatus('completed', 'refund')).toBe('refunded')
    expect(nextStatus('pending_payment', 'cancel')).toBe('cancelled')
  })

  it('refuses illegal transitions with a 409 naming from, to and what is allowed', () => {
    expect(() => nextStatus('pending_payment', 'ship')).toThrowError(/cannot ship an order that is pending_payment \(pending_payment → shipped is not allowed\); allowed: pay, cancel/)
    expect(() => nextStatus('cancelled', 'pay')).toThrowError(/final state/)
    try {
      nextStatus('refunded', 'ship')
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError)
      expect((e as DomainError).status).toBe(409)
    }
  })

  it('ships in parts: pending_shipment until every unit has shipped', () => {
    let s = run(order([[3, 3000, 300], [1, 500, 0]]), { action: 'pay' })
    s = run(s, { action: 'ship', lines: [{ line_no: 1, quantity: 2 }] })
    expect(s.status).toBe('pending_shipment')
    expect(s.lines.map((l) => l.shipped)).toEqual([2, 0])
    expect(actionsFor(s)).toEqual(['ship']) // no cancel once something has left
    expect(() => decide(s, { action: 'cancel' })).toThrowError(/part of it has shipped/)
    expect(() => decide(s, { action: 'ship', lines: [{ line_no: 1, quantity: 2 }] })).toThrowError(/1 of 3 are left to ship/)
    expect(() => decide(s, { action: 'ship', lines: [{ line_no: 9, quantity: 1 }] })).toThrowError(/no line 9/)
    s = run(s, { action: 'ship' }) // the rest
    expect(s.status).toBe('shipped')
    expect(s.lines.map((l) => l.shipped)).toEqual([3, 1])
    expect(() => decide(s, { action: 'ship' })).toThrowError(/shipped → shipped|cannot ship/)
  })

  it('returns in parts with exact pro-rata refunds; returning everything refunds the order', () => {
    let s = run(order([[3, 1000, 100]]), { action: 'pay' }, { action: 'ship' })
    const first = decide(s, { action: 'return', lines: [{ line_no: 1, quantity: 1 }] })
    expect(first).toMatchObject({ to: 'shipped', returns: [{ line_no: 1, quantity: 1, amount_cents: 333, discount_cents: 33 }] })
    s = applyDecision(s, first)
    s = run(s, { action: 'complete' }, { action: 'return', lines: [{ line_no: 1, quantity: 1 }] })
    expect(s.status).toBe('completed')
    expect(() => decide(s, { action: 'return', lines: [{ line_no: 1, quantity: 2 }] })).toThrowError(/1 shipped unit\(s\) are not yet returned/)
    s = run(s, { action: 'refund' })
    expect(s.status).toBe('refunded')
    expect(s.lines[0]).toMatchObject({ returned: 3, refunded_cents: 1000, refunded_discount_cents: 100 })
  })

  it('cancels a paid order with a full refund and an unpaid one without', () => {
    expect(decide(run(order([[2, 800, 0]]), { action: 'pay' }), { action: 'cancel' })).toMatchObject({ refund: [{ amount_cents: 800 }], release: [{ quantity: 2 }] })
    expect(decide(order([[2, 800, 0]]), { action: 'cancel' })).toMatchObject({ refund: [], release: [{ quantity: 2 }] })
  })

  it('gives back exactly the total however a quantity is returned in steps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }), (total, steps) => {
        const quantity = steps.reduce((a, b) => a + b, 0)
        let before = 0
        let sum = 0
        for (const q of steps) {
          const share = proRata(total, quantity, before, q)
          expect(share).toBeGreaterThanOrEqual(0)
          sum += share
          before += q
        }
        expect(sum).toBe(total)
      }),
    )
  })

  it('never breaks its invariants for any sequence of actions and quantities', () => {
    const line = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 5_000 }))
    const command = fc.oneof(
      fc.constantFrom<Command>({ action: 'pay' }, { action: 'complete' }, { action: 'cancel' }, { action: 'refund' }, { action: 'ship' }),
      fc.record({
        action: fc.constantFrom('ship' as const, 'return' as const),
        lines: fc.array(fc.record({ line_no: fc.integer({ min: 1, max: 4 }), quantity: fc.integer({ min: 0, max: 7 }) }), { maxLength: 3 }),
      }),
    )
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), fc.array(command, { maxLength: 25 }), (lines, commands) => {
        let s = order(lines)
        const paidCents = s.lines.reduce((a, l) => a + l.amount_cents, 0)
        for (const c of commands) {
          let next: OrderState
          try {
            const d = decide(s, c)
            expect(actionsFor(s)).toContain(c.action)
            next = applyDecision(s, d)
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError)
            continue
          }
          for (const l of next.lines) {
            expect(l.shipped).toBeLessThanOrEqual(l.quantity)
            expect(l.returned).toBeLessThanOrEqual(l.shipped)
            expect(l.refunded_cents).toBeLessThanOrEqual(l.amount_cents)
          }
          const refunded = next.lines.reduce((a, l) => a + l.refunded_cents, 0)
          expect(refunded).toBeLessThanOrEqual(next.paid ? paidCents : 0)
          // Final states are final, and a fully returned or cancelled paid order gave back everything paid.
          if (s.status === 'cancelled' || s.status === 'refunded') throw new Error('acted on a final state')
          if (next.status === 'refunded' || (next.status === 'cancelled' && next.paid)) expect(refunded).toBe(paidCents)
          if (next.status === 'shipped') expect(next.lines.every((l) => l.shipped === l.quantity)).toBe(true)
          if (next.status === 'pending_shipment' || next.status === 'pending_payment') expect(next.lines.every((l) => l.returned === 0)).toBe(true)
          s = next
        }
      }),
      { numRuns: 500 },
    )
  })

  it('lists every action in the transition table', () => {
    const used = new Set(['pending_payment', 'pending_shipment', 'shipped', 'completed', 'cancelled', 'refunded'].flatMap((st) => allowedActions(st as OrderState['status'])))
    expect([...used].sort()).toEqual([...ORDER_ACTIONS].sort())
  })
})
