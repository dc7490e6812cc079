import { describe, expect, it } from 'vitest'
import { settingsBody } from './draft'

describe('settings form body', () => {
  it('turns text into numbers, leaves zero buffers out and keeps bad input for the server to name', () => {
    expect(settingsBody({ store_radius_km: '2.5', unpaid_expiry_minutes: '15', buffers: { tmall: '3', jd: '0' } })).toEqual({ store_radius_km: 2.5, unpaid_expiry_minutes: 15, channel_buffers: { tmall: 3 } })
    const bad = settingsBody({ store_radius_km: '', unpaid_expiry_minutes: 'x', buffers: {} })
    expect(Number.isNaN(bad.store_radius_km)).toBe(true)
  })
})
