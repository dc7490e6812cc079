import { describe, expect, it } from 'vitest'
import { identityKey, maskIdentity, seal, unseal } from './identity'

describe('customer identities', () => {
  it('joins the same phone written differently, and only with the same secret', () => {
    expect(identityKey('s', 'phone', '+86 138 0013 8000')).toBe(identityKey('s', 'phone', '13800138000'))
    expect(identityKey('s', 'email', 'A@X.com')).toBe(identityKey('s', 'email', 'a@x.com'))
    expect(identityKey('t', 'phone', '13800138000')).not.toBe(identityKey('s', 'phone', '13800138000'))
  })

  it('masks personal data', () => {
    expect(maskIdentity('phone', '13800138000')).toBe('138****8000')
    expect(maskIdentity('email', 'zhang@example.com')).toBe('z***@example.com')
  })

  it('seals and unseals, and detects tampering', () => {
    const sealed = seal('secret', '13800138000')
    expect(sealed).not.toContain('13800138000')
    expect(unseal('secret', sealed)).toBe('13800138000')
    expect(() => unseal('other', sealed)).toThrow()
  })
})
