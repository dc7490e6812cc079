import { describe, expect, it } from 'vitest'
import { initialQuantities, linesToSend, room } from './quantities'

const lines = [
  { line_no: 1, quantity: 3, shipped_quantity: 1, returned_quantity: 0 },
  { line_no: 2, quantity: 2, shipped_quantity: 2, returned_quantity: 1 },
]

describe('ship and return quantities', () => {
  it('offers what is left to ship or to return', () => {
    expect(lines.map((l) => room(l, 'ship'))).toEqual([2, 0])
    expect(lines.map((l) => room(l, 'return'))).toEqual([1, 1])
    expect(initialQuantities(lines, 'ship')).toEqual({ 1: '2', 2: '0' })
  })

  it('sends only positive quantities within what is allowed', () => {
    expect(linesToSend(lines, { 1: '1', 2: '0' }, 'ship')).toEqual({ ok: true, lines: [{ line_no: 1, quantity: 1 }] })
    expect(linesToSend(lines, { 1: '3', 2: '' }, 'ship')).toEqual({ ok: false, line_no: 1, max: 2 })
    expect(linesToSend(lines, { 1: '1.5' }, 'ship')).toMatchObject({ ok: false, line_no: 1 })
    expect(linesToSend(lines, { 1: '0', 2: '0' }, 'return')).toMatchObject({ ok: false })
    expect(linesToSend(lines, { 1: '1', 2: '1' }, 'return')).toEqual({ ok: true, lines: [{ line_no: 1, quantity: 1 }, { line_no: 2, quantity: 1 }] })
  })
})
