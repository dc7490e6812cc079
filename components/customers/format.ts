/** Small formatting helpers of the customer pages. Pure. */
import { translate, type Locale, type MessageKey } from '@/lib/i18n/core'
import { moneyToCents } from '@/lib/i18n/format'

/** A share as a percentage with one decimal, '—' when there is no whole. */
export function share(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—'
}

/** One amount's share of another, both "1234.50" strings as the API sends money. */
export function moneyShare(part: string, whole: string): string {
  return share(moneyToCents(part) ?? 0, moneyToCents(whole) ?? 0)
}

export function rfmLabel(cls: string, locale: Locale): string {
  return translate(locale, `customers.rfm.${cls}` as MessageKey)
}
