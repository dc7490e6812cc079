import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { planReplenishment, ruleProblem, surplus, type Rule, type Source } from './replenishment-plan'

const rule: Rule = { safety_stock: 2, reorder_point: 5, target_level: 20 }
const at = (available: number, incoming = 0) => ({ sku: 'A', location_id: 'ST-1', available, incoming })

describe('replenishment plan', () => {
  it('suggests nothing at or above the reorder point', () => {
    expect(planReplenishment(at(5), rule, [{ location_id: 'WH', available: 100 }])).toEqual([])
  })

  it('transfers up to the target level from the location with the largest surplus', () => {
    const sources: Source[] = [
      { location_id: 'WH-1', available: 30 },
      { location_id: 'WH-2', available: 50 },
      { location_id: 'ST-2', available: 60, rule: { safety_stock: 0, reorder_point: 55, target_level: 80 } }, // surplus 5
    ]
    expect(planReplenishment(at(4, 1), rule, sources)).toEqual([{ kind: 'transfer', sku: 'A', location_id: 'ST-1', from_location_id: 'WH-2', quantity: 15, urgent: false }])
  })

  it('is urgent below the safety stock, and buys what no location can spare', () => {
    expect(planReplenishment(at(1), rule, [{ location_id: 'WH', available: 7 }])).toEqual([
      { kind: 'transfer', sku: 'A', location_id: 'ST-1', from_location_id: 'WH', quantity: 7, urgent: true },
      { kind: 'purchase', sku: 'A', location_id: 'ST-1', quantity: 12, urgent: true },
    ])
    expect(planReplenishment(at(0), rule, [])).toEqual([{ kind: 'purchase', sku: 'A', location_id: 'ST-1', quantity: 20, urgent: true }])
  })

  it('counts incoming, so a gap already being filled is not suggested again', () => {
    expect(planReplenishment(at(3, 17), rule, [{ location_id: 'WH', available: 100 }])).toEqual([])
  })

  it('never suggests the location itself, never more than the gap, never taking a source below its reorder point', () => {
    const ruleArb = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(40)).map(([a, b, c]) => ({ safety_stock: a, reorder_point: a + b, target_level: a + b + c }))
    const sourceArb = fc.record({ location_id: fc.constantFrom('ST-1', 'WH-1', 'WH-2', 'ST-2'), available: fc.nat(100), rule: fc.option(ruleArb, { nil: undefined }) })
    fc.assert(
      fc.property(ruleArb, fc.nat(60), fc.nat(30), fc.array(sourceArb, { maxLength: 5 }), (r, available, incoming, sources) => {
        const plan = planReplenishment(at(available, incoming), r, sources)
        const total = plan.reduce((s, p) => s + p.quantity, 0)
        if (available >= r.reorder_point) expect(plan).toEqual([])
        else expect(total).toBe(Math.max(0, r.target_level - available - incoming))
        for (const p of plan) {
          expect(p.quantity).toBeGreaterThan(0)
          if (p.kind === 'transfer') {
            expect(p.from_location_id).not.toBe('ST-1')
            const source = sources.find((s) => s.location_id === p.from_location_id && surplus(s) >= p.quantity)
            expect(source).toBeDefined()
          }
        }
      }),
    )
  })

  it('checks a rule is consistent', () => {
    expect(ruleProblem(rule)).toBeNull()
    expect(ruleProblem({ safety_stock: 6, reorder_point: 5, target_level: 20 })?.field).toBe('reorder_point')
    expect(ruleProblem({ safety_stock: 1, reorder_point: 5, target_level: 4 })?.field).toBe('target_level')
  })
})
