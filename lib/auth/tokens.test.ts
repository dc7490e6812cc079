import { describe, expect, it } from 'vitest'
import { can } from './permissions'
import { issueToken, verifyToken } from './tokens'

describe('API tokens', () => {
  const secret = 'test-secret-0123456789'

  it('round-trips a role and channel scope', () => {
    const token = issueToken(secret, { sub: 'tmall-bridge', role: 'channel', channel: 'tmall' })
    expect(verifyToken(secret, token)).toMatchObject({ kind: 'token', role: 'channel', channel: 'tmall', name: 'tmall-bridge' })
  })

  it('rejects forged, tampered and expired tokens', () => {
    const token = issueToken(secret, { sub: 'a', role: 'analyst', ttlDays: 1 }, Date.parse('2026-01-01'))
    expect(verifyToken('another-secret-9876543210', token)).toBeNull()
    const [body, sig] = token.slice(3).split('.')
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), role: 'admin' })).toString('base64url')
    expect(verifyToken(secret, `ff_${forged}.${sig}`)).toBeNull()
    expect(verifyToken(secret, token, Date.parse('2026-01-03'))).toBeNull()
    expect(verifyToken(secret, 'not-a-token')).toBeNull()
  })

  it('grants permissions by role', () => {
    expect(can('executive', 'analytics:read')).toBe(true)
    expect(can('store', 'analytics:read')).toBe(false)
    expect(can('channel', 'orders:write')).toBe(true)
  })
})
