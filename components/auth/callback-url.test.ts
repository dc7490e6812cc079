import { describe, expect, it } from 'vitest'
import { safeCallbackUrl } from '@/components/auth/callback-url'

describe('safeCallbackUrl', () => {
  it('keeps same-site paths', () => {
    expect(safeCallbackUrl('/')).toBe('/')
    expect(safeCallbackUrl('/orders?status=shipped#top')).toBe('/orders?status=shipped#top')
  })
  it('reduces absolute URLs to their path', () => {
    expect(safeCallbackUrl('http://localhost:3000/roi?x=1')).toBe('/roi?x=1')
    expect(safeCallbackUrl('https://evil.example/steal')).toBe('/steal')
  })
  it('rejects protocol-relative, odd schemes and garbage', () => {
    expect(safeCallbackUrl('//evil.example')).toBe('/')
    expect(safeCallbackUrl('/\\evil.example')).toBe('/')
    expect(safeCallbackUrl('javascript:alert(1)')).toBe('/')
    expect(safeCallbackUrl('not a url')).toBe('/')
    expect(safeCallbackUrl(undefined)).toBe('/')
    expect(safeCallbackUrl(['/a', '/b'])).toBe('/a')
  })
  it('does not loop back to sign-in', () => {
    expect(safeCallbackUrl('/signin?callbackUrl=%2F')).toBe('/')
  })
})
