import { appSecret } from '@/lib/auth/secret'
import { customerIdFor, identityKey as keyedIdentityKey } from '@/lib/customers/identity'

/** Kinds of identifiers the demo gives its customers (names as in lib/customers). */
export type DemoIdentityKind = 'phone' | 'email' | 'member_no'

/**
 * The demo's identity keys are the customer core's keyed hashes, so the backfilled history
 * and the live orders of one person resolve to the same customer id.
 */
export function identityKey(kind: DemoIdentityKind, value: string): string {
  return keyedIdentityKey(appSecret(), kind, value)
}

/** A customer's id follows from its phone's identity key, as in the customer core. */
export function customerIdForPhone(phone: string): string {
  return customerIdFor(identityKey('phone', phone))
}
