/**
 * Calendar maths in a named IANA time zone (the configured business time zone, which the
 * API reports as `range.time_zone`). Pure: `now` is always passed in.
 */

export type RangePreset = 'today' | 'yesterday' | 'last7' | 'last30' | 'last90' | 'mtd' | 'qtd' | 'ytd'
export const RANGE_PRESETS: readonly RangePreset[] = ['today', 'yesterday', 'last7', 'last30', 'last90', 'mtd', 'qtd', 'ytd']
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

const SLOT_MS = 15 * 60_000
const offsets = new Map<string, number>()

// One-entry memo in front of the map: consecutive calls are mostly for the same slot.
let lastZone = ''
let lastSlot = NaN
let lastOffset = 0

/**
 * Offset of `timeZone` from UTC at `ms`, in minutes (Asia/Shanghai: 480). Fast enough to call
 * per row or order: looked up through Intl once per 15-minute slot and cached (zone
 * transitions fall on such boundaries).
 */
export function offsetMinutes(ms: number, timeZone: string): number {
  const slot = Math.floor(ms / SLOT_MS)
  if (slot === lastSlot && timeZone === lastZone) return lastOffset
  const minutes = slotOffset(slot, timeZone)
  lastZone = timeZone
  lastSlot = slot
  lastOffset = minutes
  return minutes
}

function slotOffset(slot: number, timeZone: string): number {
  const key = `${timeZone}|${slot}`
  const cached = offsets.get(key)
  if (cached !== undefined) return cached
  const at = slot * SLOT_MS
  const p = zonedParts(new Date(at), timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  const minutes = Math.round((asUtc - at) / 60_000)
  if (offsets.size > 20_000) offsets.clear()
  offsets.set(key, minutes)
  return minutes
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

const HOUR_MS = 3_600_000

/**
 * The UTC hours (`YYYY-MM-DD HH:00:00`, each an hourly rollup's bucket start) that begin on one
 * of the local `days` of `timeZone` at a local hour before `beforeHour`: a bucket is where its
 * start falls, as the queries' toDate / toHour of it place it (a half-hour zone's buckets start
 * at :30 local). Sorted.
 */
export function utcHoursOfLocalDays(days: readonly string[], timeZone: string, beforeHour = 24): string[] {
  const out: number[] = []
  for (const day of new Set(days)) {
    const midnight = dayToUtcMs(day)
    // Every zone's local day lies within UTC's day −14 h … +38 h.
    for (let t = midnight - 14 * HOUR_MS; t < midnight + 38 * HOUR_MS; t += HOUR_MS) {
      const local = t + offsetMinutes(t, timeZone) * 60_000
      if (utcMsToDay(local) === day && new Date(local).getUTCHours() < beforeHour) out.push(t)
    }
  }
  return out.sort((a, b) => a - b).map((t) => new Date(t).toISOString().slice(0, 19).replace('T', ' '))
}

/** Number of days in an inclusive range (1 for a single day). */
export function daysInRange(range: DayRange): number {
  return Math.round((dayToUtcMs(range.to) - dayToUtcMs(range.from)) / DAY_MS) + 1
}

const PRESET_SPAN: Record<'today' | 'yesterday' | 'last7' | 'last30' | 'last90', { endOffset: number; days: number }> = {
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
  if (preset === 'mtd' || preset === 'qtd' || preset === 'ytd') {
    const today = localDay(now, timeZone)
    const year = today.slice(0, 4)
    const month = Number(today.slice(5, 7))
    if (preset === 'mtd') return { from: `${today.slice(0, 7)}-01`, to: today }
    if (preset === 'ytd') return { from: `${year}-01-01`, to: today }
    const firstMonth = Math.floor((month - 1) / 3) * 3 + 1
    return { from: `${year}-${pad2(firstMonth)}-01`, to: today }
  }
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

// ---- time hierarchy (drill-down: year → quarter → month → week → day → hour) ----

export type TimeLevel = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour'
export const TIME_LEVELS: readonly TimeLevel[] = ['year', 'quarter', 'month', 'week', 'day', 'hour']

export function isTimeLevel(value: unknown): value is TimeLevel {
  return typeof value === 'string' && (TIME_LEVELS as readonly string[]).includes(value)
}

/** The next level down, or null below the hour. */
export function childTimeLevel(level: TimeLevel): TimeLevel | null {
  return TIME_LEVELS[TIME_LEVELS.indexOf(level) + 1] ?? null
}

/** The level a range is first shown at: about 2–40 buckets. */
export function timeLevelFor(range: DayRange): TimeLevel {
  const days = daysInRange(range)
  if (days <= 2) return 'hour'
  if (days <= 45) return 'day'
  if (days <= 120) return 'week'
  if (days <= 400) return 'month'
  if (days <= 1100) return 'quarter'
  return 'year'
}

const MEMBER_RE: Record<TimeLevel, RegExp> = {
  year: /^\d{4}$/,
  quarter: /^\d{4}-Q[1-4]$/,
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
  week: /^\d{4}-\d{2}-\d{2}$/,
  day: /^\d{4}-\d{2}-\d{2}$/,
  hour: /^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):00$/,
}

function isRealDay(day: string): boolean {
  try {
    return utcMsToDay(dayToUtcMs(day)) === day
  } catch {
    return false
  }
}

/** Whether `member` is a well-formed member of `level` (the API's formats; a week is its Monday). */
export function isTimeMember(level: TimeLevel, member: string): boolean {
  if (!MEMBER_RE[level].test(member)) return false
  if (level === 'week' || level === 'day' || level === 'hour') {
    const day = member.slice(0, 10)
    if (!isRealDay(day)) return false
    if (level === 'week') return new Date(dayToUtcMs(day)).getUTCDay() === 1
  }
  return true
}

function lastDayOfMonth(year: number, month: number): string {
  return utcMsToDay(Date.UTC(year, month, 0))
}

/** The calendar days a member covers (an hour covers its day). */
export function memberRange(level: TimeLevel, member: string): DayRange {
  const year = Number(member.slice(0, 4))
  switch (level) {
    case 'year':
      return { from: `${member}-01-01`, to: `${member}-12-31` }
    case 'quarter': {
      const q = Number(member.slice(6, 7))
      const first = (q - 1) * 3 + 1
      return { from: `${year}-${pad2(first)}-01`, to: lastDayOfMonth(year, first + 2) }
    }
    case 'month':
      return { from: `${member}-01`, to: lastDayOfMonth(year, Number(member.slice(5, 7))) }
    case 'week':
      return { from: member, to: addDays(member, 6) }
    case 'day':
      return { from: member, to: member }
    case 'hour':
      return { from: member.slice(0, 10), to: member.slice(0, 10) }
  }
}

/** The overlap of two ranges, or null when they do not meet. */
export function intersectRanges(a: DayRange, b: DayRange): DayRange | null {
  const from = a.from > b.from ? a.from : b.from
  const to = a.to < b.to ? a.to : b.to
  return from <= to ? { from, to } : null
}

/** The Monday of the ISO week containing `day`. */
export function weekStart(day: string): string {
  const dow = new Date(dayToUtcMs(day)).getUTCDay() // 0 = Sunday
  return addDays(day, -((dow + 6) % 7))
}

/** The member of `level` that contains a day (or an hour key, for level hour). */
export function memberOf(level: TimeLevel, dayOrHour: string): string {
  const day = dayOrHour.slice(0, 10)
  switch (level) {
    case 'year':
      return day.slice(0, 4)
    case 'quarter':
      return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`
    case 'month':
      return day.slice(0, 7)
    case 'week':
      return weekStart(day)
    case 'day':
      return day
    case 'hour':
      return dayOrHour.length > 10 ? dayOrHour : `${day} 00:00`
  }
}

/** Every member of `level` that meets the range, in order. */
export function listMembers(range: DayRange, level: TimeLevel): string[] {
  if (level === 'hour') return listBucketsUntil(range, 'hour', `${range.to} 23:00`)
  const out: string[] = []
  const days = daysInRange(range)
  for (let i = 0; i < days; i++) {
    const m = memberOf(level, addDays(range.from, i))
    if (out[out.length - 1] !== m) out.push(m)
  }
  return out
}
