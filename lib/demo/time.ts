/**
 * Wall-clock parts of an instant in an IANA time zone, fast enough to call per order:
 * the zone offset is looked up through Intl once per 15-minute slot and cached
 * (zone transitions fall on such boundaries).
 */
import { zonedParts } from '@/lib/i18n/time-range'

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

const SLOT_MS = 15 * 60_000
const offsets = new Map<string, number>()

// One-entry memo in front of the map: consecutive calls are mostly for the same slot.
let lastZone = ''
let lastSlot = NaN
let lastOffset = 0

/** Offset of `timeZone` from UTC at `ms`, in minutes. */
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
