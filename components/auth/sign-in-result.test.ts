import { describe, expect, it } from 'vitest'
import { signInOutcome } from '@/components/auth/sign-in-result'

describe('signInOutcome', () => {
  it('success', () => {
    expect(signInOutcome({ ok: true, error: null, url: 'http://localhost:3000/' })).toBe('ok')
    expect(signInOutcome({ ok: true, error: undefined, url: null })).toBe('ok')
  })
  it('wrong credentials', () => {
    expect(signInOutcome({ ok: false, error: 'CredentialsSignin', url: null })).toBe('invalid')
  })
  it('CSRF mismatch answered with 200', () => {
    expect(signInOutcome({ ok: true, error: null, url: 'http://localhost:3000/api/auth/signin?csrf=true' })).toBe('csrf')
  })
  it('anything else is an error', () => {
    expect(signInOutcome(undefined)).toBe('error')
    expect(signInOutcome({ ok: false, error: null, url: null })).toBe('error')
    expect(signInOutcome({ ok: false, error: 'Configuration', url: null })).toBe('error')
  })
})
