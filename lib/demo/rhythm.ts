import { CHANNEL_IDS, type Channel } from '@/lib/events/channels'
import { mix32 } from './random'
import { localTime } from './time'

/**
 * The expected order intensity of a channel at an instant, as a multiplier around 1:
 * daily curve × weekday × shopping festivals × growth × noise, all in local time of the
 * configured zone. The daily and weekly factors are normalised so each averages 1; a
 * caller multiplies its base rate (orders per minute or per day) by this.
 */

export const STORE_OPEN_HOUR = 10
export const STORE_CLOSE_HOUR = 22

type Curve = readonly number[] // 24 values at h:00, linearly interpolated

// Web, Tmall, JD, mini-program: night trough, lunch bump, 20:00–22:00 peak.
const ONLINE: Curve = [0.55, 0.3, 0.15, 0.08, 0.06, 0.07, 0.15, 0.35, 0.6, 0.85, 1, 1.15, 1.35, 1.25, 1, 0.95, 0.95, 1, 1.1, 1.35, 1.75, 1.9, 1.6, 1.05]
// Mini-program: WeChat at lunch and on the commute.
const MINIPROGRAM: Curve = [0.5, 0.28, 0.14, 0.07, 0.06, 0.08, 0.2, 0.5, 0.8, 0.85, 0.95, 1.2, 1.55, 1.35, 1, 0.95, 0.95, 1.05, 1.25, 1.4, 1.65, 1.7, 1.45, 0.95]
// Douyin: live-stream commerce peaks 20:00–23:00.
const DOUYIN: Curve = [0.75, 0.4, 0.18, 0.08, 0.05, 0.05, 0.1, 0.25, 0.4, 0.55, 0.65, 0.75, 0.9, 0.85, 0.7, 0.65, 0.65, 0.75, 0.95, 1.5, 2.5, 2.9, 2.5, 1.5]
// Stores: open 10:00–22:00, lunch and after-work peaks.
const STORE: Curve = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.9, 1.4, 1.3, 1.1, 1.1, 1.2, 1.4, 1.7, 1.9, 1.8, 1.2, 0, 0]
// Distributors: office hours.
const DISTRIBUTOR: Curve = [0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.05, 0.1, 0.3, 1.2, 1.8, 1.7, 0.8, 1, 1.7, 1.8, 1.6, 1, 0.4, 0.2, 0.15, 0.1, 0.05, 0.03]

const CURVES: Record<Channel, Curve> = {
  web: ONLINE,
  tmall: ONLINE,
  jd: ONLINE,
  miniprogram: MINIPROGRAM,
  douyin: DOUYIN,
  store: STORE,
  distributor: DISTRIBUTOR,
}

// Sunday … Saturday
const WEEK_ONLINE = [1.06, 0.95, 0.95, 0.96, 0.97, 1.02, 1.09]
const WEEK: Record<Channel, readonly number[]> = {
  web: WEEK_ONLINE,
  tmall: WEEK_ONLINE,
  jd: WEEK_ONLINE,
  miniprogram: WEEK_ONLINE,
  douyin: [1.08, 0.94, 0.95, 0.96, 0.97, 1.03, 1.07],
  store: [1.35, 0.8, 0.8, 0.82, 0.85, 1, 1.45],
  distributor: [0.25, 1.2, 1.2, 1.2, 1.2, 1.15, 0.35],
}

export function isStoreOpen(hourOfDay: number): boolean {
  return hourOfDay >= STORE_OPEN_HOUR && hourOfDay < STORE_CLOSE_HOUR
}

function rawDaily(channel: Channel, hourOfDay: number): number {
  if (channel === 'store' && !isStoreOpen(hourOfDay)) return 0
  const curve = CURVES[channel]
  const h = ((hourOfDay % 24) + 24) % 24
  const i = Math.floor(h)
  const f = h - i
  const a = curve[i] as number
  const b = curve[(i + 1) % 24] as number
  return a + (b - a) * f
}

const DAILY_MEAN: Record<Channel, number> = Object.fromEntries(
  CHANNEL_IDS.map((ch) => {
    let sum = 0
    const samples = 24 * 60
    for (let m = 0; m < samples; m++) sum += rawDaily(ch, (m + 0.5) / 60)
    return [ch, sum / samples]
  }),
) as Record<Channel, number>

const WEEK_MEAN: Record<Channel, number> = Object.fromEntries(
  CHANNEL_IDS.map((ch) => [ch, WEEK[ch].reduce((a, b) => a + b, 0) / 7]),
) as Record<Channel, number>

/** Time-of-day factor (mean 1 over a day); 0 while stores are closed. */
export function dailyFactor(channel: Channel, hourOfDay: number): number {
  return rawDaily(channel, hourOfDay) / DAILY_MEAN[channel]
}

/** Day-of-week factor (mean 1 over a week); weekday 0 is Sunday. */
export function weeklyFactor(channel: Channel, weekday: number): number {
  return (WEEK[channel][weekday] as number) / WEEK_MEAN[channel]
}

const MARKETPLACES: readonly Channel[] = ['tmall', 'jd', 'douyin']

/** Shopping festivals: 双11, 618, 双12, and the May Day / National Day holidays. */
export function calendarFactor(channel: Channel, month: number, day: number): number {
  const market = MARKETPLACES.includes(channel)
  const ownOnline = channel === 'web' || channel === 'miniprogram'
  if (month === 11) {
    if (day === 11) return market ? 3 : ownOnline ? 1.8 : channel === 'store' ? 1.2 : 1
    if (day < 11) return market ? 1.25 : ownOnline ? 1.1 : 1
    if (day === 12) return market ? 1.3 : 1
  }
  if (month === 6) {
    if (day === 18) return channel === 'jd' ? 3 : market ? 2 : ownOnline ? 1.4 : 1
    if (day < 18) return channel === 'jd' ? 1.25 : channel === 'tmall' ? 1.1 : 1
  }
  if (month === 12 && day === 12) return channel === 'tmall' ? 1.8 : market ? 1.4 : ownOnline ? 1.3 : 1
  if (month === 10 && day <= 7) return channel === 'store' ? 1.35 : channel === 'distributor' ? 0.3 : 0.9
  if (month === 5 && day <= 5) return channel === 'store' ? 1.25 : channel === 'distributor' ? 0.4 : 1
  return 1
}

/** Hash-based standard normal noise: a pure function of its key. */
function hashedNormal(channelIndex: number, salt: number, index: number): number {
  const k = mix32(mix32(channelIndex * 0x9e3779b1 + salt) ^ index)
  const u = (mix32(k) + 1) / 0x1_0000_0002 // (0, 1)
  const v = mix32(k ^ 0x5bd1e995) / 0x1_0000_0000
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

const YEAR_MS = 365.25 * 86_400_000

export type IntensityOptions = {
  /** Growth is 1 at this instant, lower before it. Without it there is no growth trend. */
  growthAnchor?: Date
  /** Year-on-year growth of order volume; default 0.4 (+40% a year, ≈ +9% over 90 days). */
  annualGrowth?: number
  /** Deterministic hourly (±10%) and daily (±7%) noise; default on. */
  noise?: boolean
}

/** Expected order intensity multiplier for `channel` at `at`, in `timeZone` local time. */
export function intensity(at: Date, timeZone: string, channel: Channel, opts: IntensityOptions = {}): number {
  const t = localTime(at, timeZone)
  const daily = dailyFactor(channel, t.hourOfDay)
  if (daily === 0) return 0
  let f = daily * weeklyFactor(channel, t.weekday) * calendarFactor(channel, t.month, t.day)
  if (opts.growthAnchor) {
    f *= Math.pow(1 + (opts.annualGrowth ?? 0.4), (at.getTime() - opts.growthAnchor.getTime()) / YEAR_MS)
  }
  if (opts.noise !== false) {
    const ci = CHANNEL_IDS.indexOf(channel)
    const hourIndex = t.dayIndex * 24 + t.hour
    const n = 0.1 * hashedNormal(ci, 17, hourIndex) + 0.07 * hashedNormal(ci, 29, t.dayIndex)
    f *= Math.exp(Math.max(-0.5, Math.min(0.5, n)))
  }
  return f
}
