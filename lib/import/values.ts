import { offsetMinutes } from '@/lib/i18n/time-range'

/**
 * Parsers for the cells of an imported file. Pure: each returns a value or the reason it
 * cannot, in words a person fixing the file understands.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string }

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value })
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason })

export type NumberFormat = {
  /** The decimal separator: "." (12.50) or "," (12,50). */
  decimal: '.' | ','
  /** A thousands separator to ignore ("1,234.50"), or "" for none. */
  thousands: '' | ',' | '.' | ' ' | "'"
}

export const DEFAULT_NUMBER_FORMAT: NumberFormat = { decimal: '.', thousands: '' }

const CURRENCY = /^[¥￥$€£]|^(?:CNY|RMB|USD|EUR)\s*/i

/**
 * A decimal as digits: sign, whole part and fraction (no floating point). Accepts a leading
 * currency sign and the configured separators.
 */
function decimalParts(text: string, fmt: NumberFormat): Parsed<{ negative: boolean; whole: string; frac: string }> {
  let s = text.trim()
  if (s === '') return fail('is empty')
  let negative = false
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true
    s = s.slice(1, -1).trim()
  }
  if (s.startsWith('-')) {
    negative = !negative
    s = s.slice(1).trim()
  } else if (s.startsWith('+')) s = s.slice(1).trim()
  const unsigned = s === text.trim() || s === text.trim().slice(1, -1).trim()
  s = s.replace(CURRENCY, '').trim()
  if (unsigned && s.startsWith('-')) {
    // "¥-12.50": the sign after the currency
    negative = !negative
    s = s.slice(1).trim()
  }
  if (fmt.thousands) s = s.split(fmt.thousands).join('')
  const [whole = '', frac = '', ...rest] = s.split(fmt.decimal)
  if (rest.length > 0 || !/^\d*$/.test(whole) || !/^\d*$/.test(frac) || whole + frac === '') {
    return fail(`is not a number${fmt.decimal === ',' ? ' (decimal comma)' : ''}`)
  }
  if (whole.replace(/^0+/, '').length > 13) return fail('is too large')
  return ok({ negative, whole: whole || '0', frac })
}

/**
 * An amount in integer cents, rounded half away from zero at the cent ("41.9136" → 4191,
 * "0.125" → 13) — decided on the decimal digits, never on a binary float.
 */
export function parseMoney(text: string, fmt: NumberFormat = DEFAULT_NUMBER_FORMAT): Parsed<number> {
  const p = decimalParts(text, fmt)
  if (!p.ok) return p
  const { negative, whole, frac } = p.value
  const padded = frac.padEnd(3, '0')
  let cents = Number(whole) * 100 + Number(padded.slice(0, 2))
  if (Number(padded[2]) >= 5) cents += 1
  if (!Number.isSafeInteger(cents)) return fail('is too large')
  return ok(negative && cents !== 0 ? -cents : cents)
}

/** A quantity: a whole number ≥ 1 ("3", "3.0"). */
export function parseQuantity(text: string, fmt: NumberFormat = DEFAULT_NUMBER_FORMAT): Parsed<number> {
  const p = decimalParts(text, fmt)
  if (!p.ok) return p
  const { negative, whole, frac } = p.value
  if (/[1-9]/.test(frac)) return fail('must be a whole number')
  const n = Number(whole)
  if (negative && n !== 0) return fail('must be at least 1 (returns are not imported)')
  if (n < 1) return fail('must be at least 1')
  if (n > 1_000_000) return fail('must be at most 1,000,000')
  return ok(n)
}

/**
 * A discount rate: a share of the list amount, 0 ≤ rate < 1 ("0.2") or a percentage ("20%").
 * Returned as a fraction.
 */
export function parseRate(text: string, fmt: NumberFormat = DEFAULT_NUMBER_FORMAT): Parsed<number> {
  const s = text.trim()
  const percent = s.endsWith('%')
  const p = decimalParts(percent ? s.slice(0, -1) : s, fmt)
  if (!p.ok) return p
  const { negative, whole, frac } = p.value
  const x = Number(`${whole}.${frac || '0'}`) / (percent ? 100 : 1)
  if (negative && x !== 0) return fail('must not be negative')
  if (!(x < 1)) return fail(percent ? 'must be below 100%' : 'must be a rate below 1 (e.g. 0.2) or a percentage (20%)')
  return ok(x)
}

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

type Field = 'year' | 'month' | 'monthName' | 'day' | 'hour' | 'minute' | 'second'
type CompiledFormat = { format: string; iso: boolean; re: RegExp; fields: Field[] }

const TOKENS: [string, string, Field][] = [
  ['YYYY', '(\\d{4})', 'year'],
  ['MMM', '([A-Za-z]{3})[A-Za-z]*', 'monthName'],
  ['MM', '(\\d{1,2})', 'month'],
  ['M', '(\\d{1,2})', 'month'],
  ['DD', '(\\d{1,2})', 'day'],
  ['D', '(\\d{1,2})', 'day'],
  ['HH', '(\\d{1,2})', 'hour'],
  ['H', '(\\d{1,2})', 'hour'],
  ['mm', '(\\d{2})', 'minute'],
  ['ss', '(\\d{2})(?:\\.\\d+)?', 'second'],
]

/** The date formats the mapping may name: tokens YYYY MM M MMM DD D HH H mm ss, or `iso`. */
export const DATE_FORMAT_PATTERN = /^(iso|(?:YYYY|MMM|MM|M|DD|D|HH|H|mm|ss|[-/. :T年月日])+)$/

const compiled = new Map<string, CompiledFormat>()

export function compileDateFormat(format: string): CompiledFormat {
  const known = compiled.get(format)
  if (known) return known
  if (!DATE_FORMAT_PATTERN.test(format)) throw new Error(`unknown date format "${format}"`)
  if (format === 'iso') {
    const c: CompiledFormat = { format, iso: true, re: /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i, fields: [] }
    compiled.set(format, c)
    return c
  }
  let re = ''
  const fields: Field[] = []
  let rest = format
  while (rest.length > 0) {
    const token = TOKENS.find(([t]) => rest.startsWith(t))
    if (token) {
      re += token[1]
      fields.push(token[2])
      rest = rest.slice(token[0].length)
    } else {
      re += rest[0]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
      rest = rest.slice(1)
    }
  }
  if (!fields.includes('year') || !(fields.includes('month') || fields.includes('monthName')) || !fields.includes('day')) {
    throw new Error(`date format "${format}" needs a year, a month and a day`)
  }
  const c: CompiledFormat = { format, iso: false, re: new RegExp(`^${re}$`, 'i'), fields }
  compiled.set(format, c)
  return c
}

/** Local wall-clock time in `timeZone` → UTC milliseconds (the later offset wins in a DST gap). */
export function zonedToUtc(localAsUtcMs: number, timeZone: string): number {
  const first = offsetMinutes(localAsUtcMs, timeZone)
  const guess = localAsUtcMs - first * 60_000
  const second = offsetMinutes(guess, timeZone)
  return second === first ? guess : localAsUtcMs - second * 60_000
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/**
 * A date (and optional time) in one of `formats`, tried in order, as UTC milliseconds; wall
 * clock times are local to `timeZone` unless an ISO value carries its own offset.
 */
export function parseDate(text: string, formats: readonly string[], timeZone: string): Parsed<number> {
  const s = text.trim()
  if (s === '') return fail('is empty')
  for (const f of formats) {
    const c = compileDateFormat(f)
    const m = c.re.exec(s)
    if (!m) continue
    let year = 0
    let month = 0
    let day = 0
    let hour = 0
    let minute = 0
    let second = 0
    let offset: string | undefined
    if (c.iso) {
      ;[year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number]
      offset = m[7]
    } else {
      for (let i = 0; i < c.fields.length; i++) {
        const v = m[i + 1]!
        switch (c.fields[i]) {
          case 'year': year = Number(v); break
          case 'month': month = Number(v); break
          case 'monthName': month = MONTHS.indexOf(v.toLowerCase()) + 1; break
          case 'day': day = Number(v); break
          case 'hour': hour = Number(v); break
          case 'minute': minute = Number(v); break
          case 'second': second = Number(v); break
        }
      }
    }
    if (month < 1 || month > 12) return fail(`has no month ${month || m[0]} (format ${f})`)
    if (day < 1 || day > daysIn(year, month)) return fail(`is not a calendar day: ${year}-${pad(month)}-${pad(day)} (format ${f})`)
    if (hour > 23 || minute > 59 || second > 59) return fail(`has no time ${pad(hour)}:${pad(minute)}:${pad(second)}`)
    if (year < 1970 || year > 2200) return fail(`year ${year} is out of range`)
    const local = Date.UTC(year, month - 1, day, hour, minute, second)
    if (offset) {
      if (/^z$/i.test(offset)) return ok(local)
      const sign = offset.startsWith('-') ? -1 : 1
      const digits = offset.slice(1).replace(':', '')
      return ok(local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000)
    }
    return ok(zonedToUtc(local, timeZone))
  }
  return fail(`is not a date in the format${formats.length > 1 ? 's' : ''} ${formats.join(', ')}`)
}

const pad = (n: number) => String(n).padStart(2, '0')
