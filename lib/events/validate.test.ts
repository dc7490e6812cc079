import { describe, expect, it } from 'vitest'
import { createEvent } from './create'
import { MAX_EVENT_BYTES, parseEvent } from './validate'

const line = { line_no: 1, sku: 'S1', category: 'c', quantity: 1, list_price_cents: 100, unit_price_cents: 90, discount_cents: 10, amount_cents: 90, unit_cost_cents: 50 }
const ctx = { order_id: 'o1', external_id: 'e1', location_id: 'WH', region: 'east', city: 'shanghai', customer_id: '' }

describe('event validation', () => {
  it('accepts a valid event and keeps its typed data', () => {
    const e = createEvent('order.paid', 'tmall', { ...ctx, lines: [line] })
    const r = parseEvent(JSON.stringify(e))
    expect(r).toEqual({ ok: true, event: e })
    expect(e.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('names the field and reason of what is wrong', () => {
    const e = createEvent('order.paid', 'tmall', { ...ctx, lines: [line] })
    const wrongType = parseEvent(JSON.stringify({ ...e, data: { ...e.data, lines: [{ ...line, quantity: 'two' }] } }))
    expect(wrongType).toMatchObject({ ok: false, reason: expect.stringMatching(/^data\.lines\.0\.quantity: /) })
    const missing = parseEvent(JSON.stringify({ ...e, occurred_at: undefined }))
    expect(missing).toMatchObject({ ok: false, reason: expect.stringMatching(/^occurred_at: /) })
    expect(parseEvent(JSON.stringify({ ...e, type: 'order.teleported' }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^type: /) })
    expect(parseEvent('{"a":')).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid JSON/) })
    expect(parseEvent('x'.repeat(MAX_EVENT_BYTES + 1))).toMatchObject({ ok: false, reason: expect.stringMatching(/^too large/) })
  })
})
