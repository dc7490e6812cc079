import { describe, expect, it } from 'vitest'
import { canSeeOrder, orderListScope, placementRefusal } from './scope'

const order = { channel: 'tmall', location_id: 'WH-SH' }

describe('order scope', () => {
  it('keeps channel tokens, store users and distributors to their own orders', () => {
    expect(canSeeOrder({ kind: 'token', name: 't', role: 'channel', channel: 'tmall' }, order)).toBe(true)
    expect(canSeeOrder({ kind: 'token', name: 'j', role: 'channel', channel: 'jd' }, order)).toBe(false)
    expect(canSeeOrder({ kind: 'user', name: 's', role: 'store', location_id: 'WH-SH' }, order)).toBe(true)
    expect(canSeeOrder({ kind: 'user', name: 's', role: 'store', location_id: 'ST-SH-01' }, order)).toBe(false)
    expect(canSeeOrder({ kind: 'user', name: 's', role: 'store' }, order)).toBe(false)
    expect(canSeeOrder({ kind: 'user', name: 'd', role: 'distributor' }, order)).toBe(false)
    expect(canSeeOrder({ kind: 'user', name: 'd', role: 'distributor' }, { ...order, channel: 'distributor' })).toBe(false)
    const own = { ...order, channel: 'distributor', external_id: 'HD-001:0193' }
    expect(canSeeOrder({ kind: 'user', name: 'd', role: 'distributor', distributor_id: 'HD-001' }, own)).toBe(true)
    expect(canSeeOrder({ kind: 'user', name: 'd', role: 'distributor', distributor_id: 'HD-00' }, own)).toBe(false)
    expect(canSeeOrder({ kind: 'user', name: 'd', role: 'distributor', distributor_id: 'BJ-002' }, own)).toBe(false)
    expect(canSeeOrder({ kind: 'user', name: 'o', role: 'ops' }, order)).toBe(true)
  })
})

describe('order placement scope', () => {
  it('refuses other channels for channel tokens and other stores for store users', () => {
    expect(placementRefusal({ kind: 'token', name: 't', role: 'channel', channel: 'tmall' }, { channel: 'jd' })?.field).toBe('channel')
    expect(placementRefusal({ kind: 'user', name: 's', role: 'store', location_id: 'ST-SH-01' }, { channel: 'store', location_id: 'ST-BJ-01' })?.field).toBe('location_id')
    expect(placementRefusal({ kind: 'user', name: 's', role: 'store', location_id: 'ST-SH-01' }, { channel: 'store', location_id: 'ST-SH-01' })).toBeNull()
    expect(placementRefusal({ kind: 'user', name: 'o', role: 'ops' }, { channel: 'web' })).toBeNull()
    expect(placementRefusal({ kind: 'user', name: 'd', role: 'distributor', distributor_id: 'HD-001' }, { channel: 'distributor' })?.message).toContain('portal')
  })
})

describe('order list scope', () => {
  it('gives a distributor its own account’s orders only, and one without an account none', () => {
    expect(orderListScope({ kind: 'user', name: 'd', role: 'distributor', distributor_id: 'HD-001' })).toEqual({ channel: 'distributor', external_id_prefix: 'HD-001:' })
    expect(orderListScope({ kind: 'user', name: 'd', role: 'distributor' }).external_id_prefix).toBe('\n:')
    expect(orderListScope({ kind: 'user', name: 's', role: 'store', location_id: 'ST-SH-01' })).toEqual({ location_id: 'ST-SH-01' })
    expect(orderListScope({ kind: 'user', name: 'a', role: 'admin' })).toEqual({})
  })
})
