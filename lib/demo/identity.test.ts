import { describe, it, expect } from 'vitest'
import { appSecret } from '@/lib/auth/secret'
import { customerIdFor, identityKey as coreKey } from '@/lib/customers/identity'
import { customerIdForPhone, identityKey } from './identity'

describe('demo identities', () => {
  it('are the customer core keyed hashes, so history and live orders share customer ids', () => {
    expect(identityKey('phone', '+86 138-1234-5678')).toBe(coreKey(appSecret(), 'phone', '13812345678'))
    expect(identityKey('email', ' Wei.Wang@163.COM ')).toBe(coreKey(appSecret(), 'email', 'wei.wang@163.com'))
    expect(customerIdForPhone('13812345678')).toBe(customerIdFor(coreKey(appSecret(), 'phone', '13812345678')))
  })
})
