import { z } from 'zod'

/** Money travels as a decimal string with two places ("12.50") and is computed in integer cents. */
export const moneySchema = z
  .string()
  .regex(/^\d{1,13}(\.\d{1,2})?$/, 'must be a non-negative amount with at most two decimals, e.g. "12.50"')

export function toCents(amount: string): number {
  const [whole = '0', frac = ''] = amount.split('.')
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'))
}

/** Like toCents, for amounts that may be negative ("-12.50"), as computed figures are. */
export function toSignedCents(amount: string): number {
  return amount.startsWith('-') ? -toCents(amount.slice(1)) : toCents(amount)
}

export function fromCents(cents: number | bigint): string {
  // Exact in plain numbers up to 2^53 (every figure a dashboard shows), ~10× cheaper than BigInt.
  if (typeof cents === 'number' && Number.isSafeInteger(cents)) {
    const abs = Math.abs(cents)
    return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
  }
  const v = BigInt(cents)
  const sign = v < 0n ? '-' : ''
  const abs = v < 0n ? -v : v
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}
