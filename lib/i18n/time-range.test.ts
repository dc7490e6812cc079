import { describe, expect, it } from 'vitest'
import {
  addDays,
  computeTimeRange,
  daysInRange,
  granularityFor,
  isValidTimeZone,
  listBuckets,
  localDay,
  localHour,
} from '@/lib/i18n/time-range'

const SH = 'Asia/Shanghai'

describe('localDay / localHour', () => {
  it('uses the wall clock of the zone, not UTC', () => {
    // 2026-11-27 23:30 UTC is already 11-28 07:30 in Shanghai.
    const now = new Date('2026-11-27T23:30:00Z')
    expect(localDay(now, SH)).toBe('2026-11-28')
    expect(localDay(now, 'UTC')).toBe('2026-11-27')
    expect(localHour(now, SH)).toBe('2026-11-28 07:00')
    expect(localHour(new Date('2026-11-27T16:00:00Z'), SH)).toBe('2026-11-28 00:00')
  })
})

describe('addDays / daysInRange', () => {
  it('crosses months, years and leap days', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01')
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
    expect(daysInRange({ from: '2026-11-21', to: '2026-11-27' })).toBe(7)
    expect(daysInRange({ from: '2026-11-27', to: '2026-11-27' })).toBe(1)
  })
})

describe('computeTimeRange', () => {
  const now = new Date('2026-11-27T07:01:02Z') // 15:01 in Shanghai

  it('today and yesterday', () => {
    expect(computeTimeRange('today', now, SH)).toEqual({ from: '2026-11-27', to: '2026-11-27' })
    expect(computeTimeRange('yesterday', now, SH)).toEqual({ from: '2026-11-26', to: '2026-11-26' })
  })

  it('last N days include today', () => {
    expect(computeTimeRange('last7', now, SH)).toEqual({ from: '2026-11-21', to: '2026-11-27' })
    expect(computeTimeRange('last30', now, SH)).toEqual({ from: '2026-10-29', to: '2026-11-27' })
    expect(computeTimeRange('last90', now, SH)).toEqual({ from: '2026-08-30', to: '2026-11-27' })
    for (const [preset, days] of [['last7', 7], ['last30', 30], ['last90', 90]] as const) {
      expect(daysInRange(computeTimeRange(preset, now, SH))).toBe(days)
    }
  })

  it('day boundaries follow the configured zone', () => {
    // 16:30 UTC on the 27th is 00:30 on the 28th in Shanghai: "today" is the 28th there.
    const late = new Date('2026-11-27T16:30:00Z')
    expect(computeTimeRange('today', late, SH)).toEqual({ from: '2026-11-28', to: '2026-11-28' })
    expect(computeTimeRange('today', late, 'UTC')).toEqual({ from: '2026-11-27', to: '2026-11-27' })
    expect(computeTimeRange('yesterday', late, 'America/Los_Angeles')).toEqual({
      from: '2026-11-26',
      to: '2026-11-26',
    })
  })

  it('across a year boundary', () => {
    const newYear = new Date('2027-01-02T01:00:00Z')
    expect(computeTimeRange('last7', newYear, SH)).toEqual({ from: '2026-12-27', to: '2027-01-02' })
  })
})

describe('granularityFor', () => {
  it('hourly up to two days, daily beyond', () => {
    expect(granularityFor({ from: '2026-11-27', to: '2026-11-27' })).toBe('hour')
    expect(granularityFor({ from: '2026-11-26', to: '2026-11-27' })).toBe('hour')
    expect(granularityFor({ from: '2026-11-25', to: '2026-11-27' })).toBe('day')
  })
})

describe('listBuckets', () => {
  const now = new Date('2026-11-27T07:01:02Z') // 15:01 Shanghai
  it('daily buckets for a past or current range', () => {
    expect(listBuckets({ from: '2026-11-21', to: '2026-11-27' }, 'day', now, SH)).toEqual([
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ])
  })
  it('hourly buckets stop at the current hour', () => {
    const today = listBuckets({ from: '2026-11-27', to: '2026-11-27' }, 'hour', now, SH)
    expect(today).toHaveLength(16)
    expect(today[0]).toBe('2026-11-27 00:00')
    expect(today.at(-1)).toBe('2026-11-27 15:00')
  })
  it('a whole past day has 24 hours', () => {
    const y = listBuckets({ from: '2026-11-26', to: '2026-11-26' }, 'hour', now, SH)
    expect(y).toHaveLength(24)
    expect(y.at(-1)).toBe('2026-11-26 23:00')
  })
})

describe('isValidTimeZone', () => {
  it('accepts IANA names only', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus')).toBe(false)
  })
})
