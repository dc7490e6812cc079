/** Axis formatting shared by the chart option builders. */
import type { Locale } from '@/lib/i18n/core'
import { formatCompactMoney } from '@/lib/i18n/format'

/** Money for a value axis: compact above the first unit, whole yuan below ("¥5,000"). */
export function formatAxisMoney(value: number, locale: Locale): string {
  const small = locale === 'zh' ? 1e4 : 1e3
  if (Math.abs(value) >= small) return formatCompactMoney(value, locale)
  const whole = Math.round(Math.abs(value))
  return `${value < 0 && whole !== 0 ? '-' : ''}¥${whole.toLocaleString('en-US')}`
}
