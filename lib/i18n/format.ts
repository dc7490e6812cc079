/**
 * Pure formatting for figures shown in the UI. Money is CNY only. Money values come from
 * the API as decimal strings in yuan with two decimals ("1234.50"); they are parsed to
 * integer fen (cents) so formatting is exact. A number argument is an amount in yuan.
 */
import { localeTag, translate, type Locale } from '@/lib/i18n/core'
import { zonedParts } from '@/lib/i18n/time-range'

export type MoneyInput = number | string | null | undefined

/** Shown for a missing figure (null margin, null AOV, unparsable input). */
export const NONE = '—'

const MONEY_RE = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/

/** A money value to integer fen (cents), rounding half away from zero; null when unusable. */
export function moneyToCents(value: MoneyInput): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null
    const cents = Math.round(Math.abs(value) * 100)
    return value < 0 && cents !== 0 ? -cents : cents
  }
  const m = MONEY_RE.exec(value)
  if (!m) return null
  const [, sign, intDigits = '', fracDigits = ''] = m
  if (intDigits === '' && fracDigits === '') return null
  let cents = Number(intDigits || '0') * 100 + Number((fracDigits + '00').slice(0, 2))
  if (Number(fracDigits[2] ?? '0') >= 5) cents += 1
  if (!Number.isSafeInteger(cents)) return null
  return sign === '-' && cents !== 0 ? -cents : cents
}

/** A money value to yuan as a number (for charts); null when unusable. */
export function moneyToYuan(value: MoneyInput): number | null {
  const cents = moneyToCents(value)
  return cents === null ? null : cents / 100
}

function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** "¥1,234.50" — CNY, always two decimals, thousands separators, "-¥5.00" for negatives. */
export function formatMoney(value: MoneyInput, _locale?: Locale): string {
  const cents = moneyToCents(value)
  if (cents === null) return NONE
  const abs = Math.abs(cents)
  const yuan = Math.floor(abs / 100)
  const fen = abs % 100
  return `${cents < 0 ? '-' : ''}¥${groupDigits(String(yuan))}.${String(fen).padStart(2, '0')}`
}

interface CompactUnit {
  size: number
  suffix: string
}

// Largest first. Chinese counts in 万 (10^4) and 亿 (10^8); English in K, M, B.
const COMPACT_UNITS: Record<Locale, readonly CompactUnit[]> = {
  zh: [
    { size: 1e8, suffix: '亿' },
    { size: 1e4, suffix: '万' },
  ],
  en: [
    { size: 1e9, suffix: 'B' },
    { size: 1e6, suffix: 'M' },
    { size: 1e3, suffix: 'K' },
  ],
}

function oneDecimal(n: number): string {
  const fixed = n.toFixed(1)
  const [int = '0', frac = '0'] = fixed.split('.')
  return frac === '0' ? groupDigits(int) : `${groupDigits(int)}.${frac}`
}

/**
 * Short money for KPI cards: zh "¥12.3万" / "¥1.2亿", en "¥12.3K" / "¥4.5M".
 * Amounts below the smallest unit are shown in full ("¥987.50").
 */
export function formatCompactMoney(value: MoneyInput, locale: Locale): string {
  const cents = moneyToCents(value)
  if (cents === null) return NONE
  const sign = cents < 0 ? '-' : ''
  const yuan = Math.abs(cents) / 100
  const units = COMPACT_UNITS[locale]
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]
    if (!unit || yuan < unit.size) continue
    const scaled = Math.round((yuan / unit.size) * 10) / 10
    const larger = units[i - 1]
    // 9999.96万 rounds to 10000.0万: say 1亿 instead.
    if (larger && scaled * unit.size >= larger.size) {
      return `${sign}¥${oneDecimal(Math.round((yuan / larger.size) * 10) / 10)}${larger.suffix}`
    }
    return `${sign}¥${oneDecimal(scaled)}${unit.suffix}`
  }
  return formatMoney(cents / 100)
}

/** 0.352 → "35.2%"; null (no revenue) → "—". */
export function formatPercent(rate: number | null | undefined, _locale?: Locale): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return NONE
  const text = (rate * 100).toFixed(1)
  return `${text === '-0.0' ? '0.0' : text}%`
}

const numberFormatters = new Map<Locale, Intl.NumberFormat>()

/** 12345 → "12,345". */
export function formatNumber(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE
  let formatter = numberFormatters.get(locale)
  if (!formatter) {
    formatter = new Intl.NumberFormat(localeTag(locale), { maximumFractionDigits: 2 })
    numberFormatters.set(locale, formatter)
  }
  return formatter.format(value)
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

const pad2 = (n: number) => String(n).padStart(2, '0')

function monthName(month: number): string {
  return EN_MONTHS[month - 1] ?? String(month)
}

/**
 * An instant shown on the wall clock of `timeZone`:
 * zh "2026-11-27 15:01:02", en "Nov 27, 2026, 15:01:02".
 */
export function formatDateTime(iso: string | Date | null | undefined, timeZone: string, locale: Locale): string {
  if (iso === null || iso === undefined) return NONE
  const date = typeof iso === 'string' ? new Date(iso) : iso
  if (Number.isNaN(date.getTime())) return NONE
  const p = zonedParts(date, timeZone)
  const time = `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`
  return locale === 'zh'
    ? `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${time}`
    : `${monthName(p.month)} ${p.day}, ${p.year}, ${time}`
}

/** A calendar day `YYYY-MM-DD` as a short label: zh "11月27日", en "Nov 27". */
export function formatDayLabel(day: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return day
  const month = Number(m[2])
  const date = Number(m[3])
  return locale === 'zh' ? `${month}月${date}日` : `${monthName(month)} ${date}`
}

/** Age of data: "3 秒前" / "3 s ago", then minutes, hours, days; under a second "刚刚". */
export function formatRelativeAge(seconds: number, locale: Locale): string {
  if (!Number.isFinite(seconds)) return NONE
  const s = Math.max(0, Math.floor(seconds))
  if (s < 1) return translate(locale, 'time.justNow')
  if (s < 60) return translate(locale, 'time.secondsAgo', { n: s })
  if (s < 3600) return translate(locale, 'time.minutesAgo', { n: Math.floor(s / 60) })
  if (s < 86_400) return translate(locale, 'time.hoursAgo', { n: Math.floor(s / 3600) })
  return translate(locale, 'time.daysAgo', { n: Math.floor(s / 86_400) })
}

/** Hours with one decimal: zh "2.5 小时", en "2.5 h"; null → "—". */
export function formatHours(hours: number | null | undefined, locale: Locale): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return NONE
  return translate(locale, 'units.hours', { n: formatNumber(Math.round(hours * 10) / 10, locale) })
}

/** Days with one decimal: zh "12.5 天", en "12.5 d"; null → "—". */
export function formatDays(days: number | null | undefined, locale: Locale): string {
  if (days === null || days === undefined || !Number.isFinite(days)) return NONE
  return translate(locale, 'units.days', { n: formatNumber(Math.round(days * 10) / 10, locale) })
}

/** A relative change: 0.123 → "▲ 12.3%", -0.04 → "▼ 4.0%", 0 → "0.0%"; null → "—". */
export function formatChangePct(changePct: number | null | undefined): string {
  if (changePct === null || changePct === undefined || !Number.isFinite(changePct)) return NONE
  const text = Math.abs(changePct * 100).toFixed(1)
  if (text === '0.0') return '0.0%'
  return `${changePct > 0 ? '▲' : '▼'} ${text}%`
}
