/**
 * Calendar maths in a named IANA time zone (the configured business time zone, which the
 * API reports as `range.time_zone`). Pure: `now` is always passed in.
 */

export type RangePreset = 'today' | 'yesterday' | 'last7' | 'last30' | 'last90'
export const RANGE_PRESETS: readonly RangePreset[] = ['today', 'yesterday', 'last7', 'last30', 'last90']
export const DEFAULT_RANGE_PRESET: RangePreset = 'last7'

/** Inclusive range of local calendar days, `YYYY-MM-DD`. */
export interface DayRange {
  from: string
  to: string
}

export type Granularity = 'hour' | 'day'

export interface ZonedParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>()

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
    partsFormatters.set(timeZone, formatter)
  }
  return formatter
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/** Wall-clock fields of `date` in `timeZone`. */
export function zonedParts(date: Date, timeZone: string): ZonedParts {
  const out: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 }
  for (const part of partsFormatter(timeZone).formatToParts(date)) {
    if (part.type in out) out[part.type as keyof ZonedParts] = Number(part.value)
  }
  if (out.hour === 24) out.hour = 0 // very old ICU data renders midnight as 24 even with h23
  return out
}

const pad2 = (n: number) => String(n).padStart(2, '0')
const pad4 = (n: number) => String(n).padStart(4, '0')

/** The local calendar day of `date` in `timeZone`, `YYYY-MM-DD`. */
export function localDay(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone)
  return `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)}`
}

/** The local hour bucket of `date` in `timeZone`, `YYYY-MM-DD HH:00` (the API's `hour` format). */
export function localHour(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone)
  return `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:00`
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function dayToUtcMs(day: string): number {
  const m = DAY_RE.exec(day)
  if (!m) throw new RangeError(`Not a YYYY-MM-DD day: ${day}`)
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
}

function utcMsToDay(ms: number): string {
  const d = new Date(ms)
  return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
}

const DAY_MS = 86_400_000

/** Calendar arithmetic on `YYYY-MM-DD` (no time zone involved: a day is a day). */
export function addDays(day: string, days: number): string {
  return utcMsToDay(dayToUtcMs(day) + days * DAY_MS)
}

/** Number of days in an inclusive range (1 for a single day). */
export function daysInRange(range: DayRange): number {
  return Math.round((dayToUtcMs(range.to) - dayToUtcMs(range.from)) / DAY_MS) + 1
}

const PRESET_SPAN: Record<RangePreset, { endOffset: number; days: number }> = {
  today: { endOffset: 0, days: 1 },
  yesterday: { endOffset: -1, days: 1 },
  last7: { endOffset: 0, days: 7 },
  last30: { endOffset: 0, days: 30 },
  last90: { endOffset: 0, days: 90 },
}

/**
 * The inclusive day range of a preset, as seen on the wall clock of `timeZone` at `now`.
 * "Last N days" includes today.
 */
export function computeTimeRange(preset: RangePreset, now: Date, timeZone: string): DayRange {
  const span = PRESET_SPAN[preset]
  const to = addDays(localDay(now, timeZone), span.endOffset)
  return { from: addDays(to, -(span.days - 1)), to }
}

/** Hourly buckets for ranges of up to two days, daily beyond. */
export function granularityFor(range: DayRange): Granularity {
  return daysInRange(range) <= 2 ? 'hour' : 'day'
}

/**
 * Every bucket key of the range in order (`YYYY-MM-DD` or `YYYY-MM-DD HH:00`), stopping at
 * the bucket that contains `now` so the chart does not draw an empty future.
 */
export function listBuckets(range: DayRange, granularity: Granularity, now: Date, timeZone: string): string[] {
  return listBucketsUntil(range, granularity, currentBucket(granularity, now, timeZone))
}

/** The bucket key that contains `now`. */
export function currentBucket(granularity: Granularity, now: Date, timeZone: string): string {
  return granularity === 'hour' ? localHour(now, timeZone) : localDay(now, timeZone)
}

/** Like `listBuckets`, with the last bucket given as a key (`YYYY-MM-DD` or `YYYY-MM-DD HH:00`). */
export function listBucketsUntil(range: DayRange, granularity: Granularity, current: string): string[] {
  const out: string[] = []
  const days = daysInRange(range)
  for (let i = 0; i < days; i++) {
    const day = addDays(range.from, i)
    if (granularity === 'day') {
      if (day > current) break
      out.push(day)
      continue
    }
    for (let h = 0; h < 24; h++) {
      const key = `${day} ${pad2(h)}:00`
      if (key > current) return out
      out.push(key)
    }
  }
  return out
}
