/**
 * Wall-clock parts of an instant in an IANA time zone, fast enough to call per order
 * (offsetMinutes caches the zone offset per 15-minute slot).
 */
import { offsetMinutes } from '@/lib/i18n/time-range'

export type LocalTime = {
  year: number
  month: number // 1–12
  day: number // 1–31
  hour: number // 0–23
  minute: number
  second: number
  /** 0 = Sunday … 6 = Saturday */
  weekday: number
  /** Hours since local midnight, fractional: 20.5 is 20:30. */
  hourOfDay: number
  /** Days since 1970-01-01 in local time. */
  dayIndex: number
  /** Offset from UTC in minutes (Asia/Shanghai: 480). */
  offsetMinutes: number
}

export function localTime(at: Date | number, timeZone: string): LocalTime {
  const ms = typeof at === 'number' ? at : at.getTime()
  const off = offsetMinutes(ms, timeZone)
  const local = new Date(ms + off * 60_000)
  const hour = local.getUTCHours()
  const minute = local.getUTCMinutes()
  const second = local.getUTCSeconds()
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour,
    minute,
    second,
    weekday: local.getUTCDay(),
    hourOfDay: hour + minute / 60 + (second + local.getUTCMilliseconds() / 1000) / 3600,
    dayIndex: Math.floor((ms + off * 60_000) / 86_400_000),
    offsetMinutes: off,
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** 'YYYYMMDD' and 'HHMMSS' of the local time, for order numbers. */
export function localStamp(t: LocalTime): { date: string; time: string } {
  return { date: `${t.year}${pad(t.month)}${pad(t.day)}`, time: `${pad(t.hour)}${pad(t.minute)}${pad(t.second)}` }
}
