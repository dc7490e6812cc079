/** Small formatting helpers of the customer pages. Pure. */
import { translate, type Locale, type MessageKey } from '@/lib/i18n/core'

/** Cents as the "12.50" string formatMoney reads. */
export function centsToMoney(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(Math.round(cents))
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** A share as a percentage with one decimal, '—' when there is no whole. */
export function share(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—'
}

export function rfmLabel(cls: string, locale: Locale): string {
  return translate(locale, `customers.rfm.${cls}` as MessageKey)
}
