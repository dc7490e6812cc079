import type { Dimension, TimeDimension } from './filters'
import { isTimeDimension } from './filters'

/**
 * How each breakdown dimension is read in SQL, for every analytics table (they share the
 * column names). Time members are labelled in the configured time zone ({tz:String}):
 * year '2026', quarter '2026-Q4', month '2026-11', week = its Monday '2026-11-23' (ISO weeks
 * start on Monday), day '2026-11-27', hour '2026-11-27 14:00'.
 *
 * A comparison range is labelled with the current range's members: its times are shifted
 * forward by {shift_days:Int32} days and {shift_years:Int32} years before bucketing, so the
 * member '2026-11-27' of the previous week holds 2026-11-20. Both are 0 without a comparison.
 */
const shifted = (time: string) => `addYears(addDays(${time}, {shift_days:Int32}), {shift_years:Int32})`
const unshifted = (time: string) => `addDays(addYears(${time}, -{shift_years:Int32}), -{shift_days:Int32})`
const local = (t: string) => `toTimeZone(${t}, {tz:String})`

const TIME_LABEL: Record<TimeDimension, (t: string) => string> = {
  year: (t) => `toString(toYear(${local(t)}))`,
  quarter: (t) => `concat(toString(toYear(${local(t)})), '-Q', toString(toQuarter(${local(t)})))`,
  month: (t) => `formatDateTime(${t}, '%Y-%m', {tz:String})`,
  week: (t) => `toString(toStartOfWeek(${t}, 1, {tz:String}))`,
  day: (t) => `toString(toDate(${t}, {tz:String}))`,
  hour: (t) => `formatDateTime(${t}, '%Y-%m-%d %H:00', {tz:String})`,
}

/** The instant a time member starts (local midnight for calendar buckets). */
const TIME_START: Record<TimeDimension, (t: string) => string> = {
  year: (t) => `toDateTime(toStartOfYear(${t}, {tz:String}), {tz:String})`,
  quarter: (t) => `toDateTime(toStartOfQuarter(${t}, {tz:String}), {tz:String})`,
  month: (t) => `toDateTime(toStartOfMonth(${t}, {tz:String}), {tz:String})`,
  week: (t) => `toDateTime(toStartOfWeek(${t}, 1, {tz:String}), {tz:String})`,
  day: (t) => `toDateTime(toDate(${t}, {tz:String}), {tz:String})`,
  hour: (t) => `toStartOfHour(${t})`,
}

const COLUMN: Record<Exclude<Dimension, TimeDimension>, string> = {
  channel: 'channel',
  region: 'region',
  city: 'city',
  store: 'location_id',
  category: 'category',
  sku: 'sku',
}

/** The SQL expression of a dimension's member; `time` is the table's time column. */
export function dimensionSql(d: Dimension, time: string): string {
  return isTimeDimension(d) ? TIME_LABEL[d](shifted(time)) : COLUMN[d]
}

/**
 * Where the slice of a row begins: the range start, or later the start of its time members.
 * "New customers" of a row are those whose first purchase ever is at or after it.
 */
export function sliceStartSql(dims: readonly Dimension[], time: string): string {
  const starts = [`toDateTime({from:String}, {tz:String})`, ...dims.filter(isTimeDimension).map((d) => unshifted(TIME_START[d](shifted(time))))]
  return `greatest(${starts.map((s) => `toDateTime64(${s}, 3, 'UTC')`).join(', ')})`
}

/** Time members of a daily rollup: a calendar member of a local day. */
export type DayMember = Exclude<TimeDimension, 'hour'>

const DAY_MEMBER_START: Record<DayMember, (day: string) => string> = {
  year: (d) => `toStartOfYear(${d})`,
  quarter: (d) => `toStartOfQuarter(${d})`,
  month: (d) => `toStartOfMonth(${d})`,
  week: (d) => `toMonday(${d})`,
  day: (d) => d,
}

const DAY_MEMBER_LABEL: Record<DayMember, (first: string) => string> = {
  year: (f) => `toString(toYear(${f}))`,
  quarter: (f) => `concat(toString(toYear(${f})), '-Q', toString(toQuarter(${f})))`,
  month: (f) => `formatDateTime(${f}, '%Y-%m')`,
  week: (f) => `toString(${f})`,
  day: (f) => `toString(${f})`,
}

/**
 * A time member as its first local day (a Date), from a local day (a daily rollup's `day`),
 * shifted like dimensionSql. Grouping by it is cheaper than by its label: no zone conversion
 * and no string per row. dayMemberLabelSql gives the same label as dimensionSql.
 */
export const dayMemberSql = (d: DayMember, day: string) => DAY_MEMBER_START[d](`addYears(addDays(${day}, {shift_days:Int32}), {shift_years:Int32})`)
export const dayMemberLabelSql = (d: DayMember, first: string) => DAY_MEMBER_LABEL[d](first)

export const isDayMember = (d: Dimension): d is DayMember => isTimeDimension(d) && d !== 'hour'
/** The column of a dimension's grouping key (memberKeySql); its label is `dim_<dim>`. */
export const keyOf = (d: Dimension) => `key_${d}`

/**
 * How a dimension is grouped: on a daily rollup a time member by its first local day
 * (dayMemberSql: no zone conversion or string per row), else by its label; and how its label
 * is read from that key.
 */
export const memberKeySql = (d: Dimension, fromDays: boolean, time: string, day: string) => (fromDays && isDayMember(d) ? dayMemberSql(d, day) : dimensionSql(d, time))
const memberLabelSql = (d: Dimension, fromDays: boolean) => (fromDays && isDayMember(d) ? dayMemberLabelSql(d, keyOf(d)) : keyOf(d))

/**
 * groupingSql grouping by keys (memberKeySql: on a daily rollup a time member by its first local
 * day) and labelling them around the grouped read: `labels` read the `dim_…` labels from the
 * keys, and `labelled(sql)` gives a grouped read's rows those labels.
 */
export function keyedGroupingSql(dims: readonly Dimension[], fromDays: boolean, time: string) {
  const keys = dims.map(keyOf)
  const labels = dims.map((d) => `${memberLabelSql(d, fromDays)} AS dim_${d}`)
  return {
    keys,
    select: dims.map((d) => `${memberKeySql(d, fromDays, time, 'day')} AS ${keyOf(d)}`),
    groupBy: keys.length ? `GROUP BY ${keys.join(', ')}` : '',
    labels,
    labelled: (sql: string) => (keys.length ? `SELECT ${labels.join(', ')}, * EXCEPT (${keys.join(', ')}) FROM (${sql})` : sql),
  }
}

/** sliceStartSql for a row whose time members start on the local days `firsts` (dayMemberSql). */
export function dayMemberSliceStartSql(firsts: readonly string[]): string {
  const starts = [`toDateTime({from:String}, {tz:String})`, ...firsts.map((f) => `toDateTime(addDays(addYears(${f}, -{shift_years:Int32}), -{shift_days:Int32}), {tz:String})`)]
  return `greatest(${starts.map((s) => `toDateTime64(${s}, 3, 'UTC')`).join(', ')})`
}

/**
 * SELECT items and GROUP BY list for grouping by `dims`. Aliases get a `dim_` prefix: an
 * alias named like a column (hour, channel) would replace that column in WHERE.
 */
export function groupingSql(dims: readonly Dimension[], time: string): { select: string[]; groupBy: string } {
  return {
    select: dims.map((d) => `${dimensionSql(d, time)} AS dim_${d}`),
    groupBy: dims.length ? `GROUP BY ${dims.map((d) => `dim_${d}`).join(', ')}` : '',
  }
}

export const NO_SHIFT = { days: 0, years: 0 } as const
export type Shift = { days: number; years: number }
export const shiftParams = (s: Shift) => ({ shift_days: s.days, shift_years: s.years })

/** The member of a local calendar day `YYYY-MM-DD` in a time dimension (hour: the day's first hour). */
export function timeMemberOfDay(d: TimeDimension, day: string): string {
  const [y, m, dd] = day.split('-').map(Number) as [number, number, number]
  switch (d) {
    case 'year':
      return String(y)
    case 'quarter':
      return `${y}-Q${Math.floor((m - 1) / 3) + 1}`
    case 'month':
      return day.slice(0, 7)
    case 'week': {
      const t = Date.UTC(y, m - 1, dd)
      const weekday = (new Date(t).getUTCDay() + 6) % 7 // Monday 0 … Sunday 6
      return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10)
    }
    case 'day':
      return day
    case 'hour':
      return `${day} 00:00`
  }
}

/**
 * Whether a time member lies within the inclusive local range (member labels sort like time).
 * Used to drop comparison members that have no current counterpart (29 February a year on).
 */
export function timeMemberInRange(d: TimeDimension, member: string, from: string, to: string): boolean {
  const last = d === 'hour' ? `${to} 23:00` : timeMemberOfDay(d, to)
  return member >= timeMemberOfDay(d, from) && member <= last
}

/** One row's identity: its members in dimension order. */
export type Members = Partial<Record<Dimension, string>>
export const memberKey = (dims: readonly Dimension[], m: Members) => JSON.stringify(dims.map((d) => m[d] ?? ''))
export const membersOf = (dims: readonly Dimension[], row: Record<string, unknown>): Members =>
  Object.fromEntries(dims.map((d) => [d, String(row[`dim_${d}`])]))
