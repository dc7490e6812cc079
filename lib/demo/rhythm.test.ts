import { describe, it, expect } from 'vitest'
import { CHANNEL_IDS } from '@/lib/events/channels'
import { calendarFactor, dailyFactor, intensity, weeklyFactor } from './rhythm'
import { localTime } from './time'

const TZ = 'Asia/Shanghai'
/** An instant given as Shanghai wall-clock time (UTC+8, no DST). */
const sh = (iso: string) => new Date(`${iso}+08:00`)
const quiet = { noise: false } as const

describe('local time', () => {
  it('reads wall-clock parts in the configured zone', () => {
    const t = localTime(new Date('2026-11-27T15:30:00Z'), TZ)
    expect([t.year, t.month, t.day, t.hour, t.minute, t.weekday]).toEqual([2026, 11, 27, 23, 30, 5])
    expect(t.hourOfDay).toBeCloseTo(23.5, 9)
    expect(t.offsetMinutes).toBe(480)
    const ny = localTime(new Date('2026-07-01T12:00:00Z'), 'America/New_York')
    expect([ny.hour, ny.offsetMinutes]).toEqual([8, -240])
    const nyWinter = localTime(new Date('2026-01-15T12:00:00Z'), 'America/New_York')
    expect([nyWinter.hour, nyWinter.offsetMinutes]).toEqual([7, -300])
  })
})

describe('intensity', () => {
  it('is a pure function of instant, zone and channel', () => {
    const at = sh('2026-11-18T20:15:00')
    for (const ch of CHANNEL_IDS) expect(intensity(at, TZ, ch)).toBe(intensity(new Date(at.getTime()), TZ, ch))
  })

  it('has a night trough below the lunch and evening peaks online', () => {
    for (const ch of ['web', 'tmall', 'jd', 'miniprogram', 'douyin'] as const) {
      const night = intensity(sh('2026-11-18T04:00:00'), TZ, ch, quiet)
      const lunch = intensity(sh('2026-11-18T12:30:00'), TZ, ch, quiet)
      const afternoon = intensity(sh('2026-11-18T15:30:00'), TZ, ch, quiet)
      const evening = intensity(sh('2026-11-18T21:00:00'), TZ, ch, quiet)
      expect(night).toBeLessThan(0.2 * evening)
      expect(night).toBeLessThan(lunch)
      expect(evening).toBeGreaterThan(afternoon)
      if (ch !== 'douyin') expect(lunch).toBeGreaterThan(afternoon)
    }
  })

  it('opens stores 10:00–22:00 only', () => {
    expect(intensity(sh('2026-11-18T09:59:00'), TZ, 'store')).toBe(0)
    expect(intensity(sh('2026-11-18T22:00:00'), TZ, 'store')).toBe(0)
    expect(intensity(sh('2026-11-18T03:00:00'), TZ, 'store')).toBe(0)
    expect(intensity(sh('2026-11-18T10:00:00'), TZ, 'store')).toBeGreaterThan(0)
    expect(intensity(sh('2026-11-18T19:00:00'), TZ, 'store', quiet)).toBeGreaterThan(intensity(sh('2026-11-18T15:00:00'), TZ, 'store', quiet))
  })

  it('peaks Douyin in the evening live-stream hours, more than other channels', () => {
    const ratio = (ch: 'douyin' | 'tmall') => intensity(sh('2026-11-18T21:00:00'), TZ, ch, quiet) / intensity(sh('2026-11-18T15:00:00'), TZ, ch, quiet)
    expect(ratio('douyin')).toBeGreaterThan(3.5)
    expect(ratio('douyin')).toBeGreaterThan(1.5 * ratio('tmall'))
  })

  it('is higher at weekends, especially for stores; distributors order on weekdays', () => {
    const wed = sh('2026-11-18T15:00:00')
    const sat = sh('2026-11-21T15:00:00')
    const up = (ch: 'store' | 'tmall') => intensity(sat, TZ, ch, quiet) / intensity(wed, TZ, ch, quiet)
    expect(up('tmall')).toBeGreaterThan(1.05)
    expect(up('store')).toBeGreaterThan(1.5)
    expect(up('store')).toBeGreaterThan(up('tmall'))
    expect(intensity(sat, TZ, 'distributor', quiet)).toBeLessThan(0.5 * intensity(wed, TZ, 'distributor', quiet))
  })

  it('averages about 1 over an ordinary week, so a base rate keeps its meaning', () => {
    for (const ch of CHANNEL_IDS) {
      let sum = 0
      const start = sh('2026-09-07T00:00:00').getTime()
      const steps = 7 * 24 * 12
      for (let i = 0; i < steps; i++) sum += intensity(new Date(start + (i + 0.5) * 5 * 60_000), TZ, ch, quiet)
      expect(sum / steps).toBeGreaterThan(0.98)
      expect(sum / steps).toBeLessThan(1.02)
    }
    for (const ch of CHANNEL_IDS) {
      let day = 0
      for (let m = 0; m < 1440; m++) day += dailyFactor(ch, (m + 0.5) / 60)
      expect(day / 1440).toBeCloseTo(1, 6)
      expect([0, 1, 2, 3, 4, 5, 6].reduce((a, d) => a + weeklyFactor(ch, d), 0) / 7).toBeCloseTo(1, 9)
    }
  })

  it('grows gently towards the growth anchor', () => {
    const anchor = sh('2026-11-25T20:00:00')
    const before = sh('2026-08-27T20:00:00') // 90 days earlier, same weekday and hour
    const ratio = intensity(anchor, TZ, 'tmall', { ...quiet, growthAnchor: anchor }) / intensity(before, TZ, 'tmall', { ...quiet, growthAnchor: anchor })
    expect(ratio).toBeGreaterThan(1.05)
    expect(ratio).toBeLessThan(1.15)
    expect(intensity(anchor, TZ, 'tmall', { ...quiet, growthAnchor: anchor })).toBe(intensity(anchor, TZ, 'tmall', quiet))
  })

  it('adds bounded, deterministic noise', () => {
    const ratios: number[] = []
    for (let h = 0; h < 24 * 14; h++) {
      const at = new Date(sh('2026-09-07T00:30:00').getTime() + h * 3_600_000)
      const clean = intensity(at, TZ, 'tmall', quiet)
      ratios.push(intensity(at, TZ, 'tmall') / clean)
    }
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(Math.exp(-0.5))
    expect(Math.max(...ratios)).toBeLessThanOrEqual(Math.exp(0.5))
    expect(new Set(ratios.map((r) => r.toFixed(4))).size).toBeGreaterThan(100)
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length
    expect(mean).toBeGreaterThan(0.95)
    expect(mean).toBeLessThan(1.05)
  })

  it('follows the zone: the same instant is evening in Shanghai and morning in London', () => {
    const at = new Date('2026-11-18T13:00:00Z')
    expect(intensity(at, TZ, 'store')).toBeGreaterThan(0) // 21:00 in Shanghai
    expect(intensity(at, 'Europe/London', 'store')).toBeGreaterThan(0) // 13:00
    expect(intensity(new Date('2026-11-18T23:00:00Z'), 'Europe/London', 'store')).toBe(0)
    expect(intensity(new Date('2026-11-18T23:00:00Z'), TZ, 'store')).toBe(0) // 07:00 in Shanghai
  })

  it('spikes on 双11 for the marketplaces', () => {
    expect(calendarFactor('tmall', 11, 11)).toBeGreaterThanOrEqual(2.5)
    expect(calendarFactor('jd', 6, 18)).toBeGreaterThanOrEqual(2.5)
    expect(calendarFactor('tmall', 9, 15)).toBe(1)
    const festival = intensity(sh('2026-11-11T21:00:00'), TZ, 'tmall', quiet)
    const normal = intensity(sh('2026-11-18T21:00:00'), TZ, 'tmall', quiet)
    expect(festival / normal).toBeGreaterThan(2.5)
  })
})
