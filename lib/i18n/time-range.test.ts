import { describe, expect, it } from 'vitest'
import {
  addDays,
  childTimeLevel,
  computeTimeRange,
  intersectRanges,
  isTimeMember,
  listMembers,
  memberOf,
  memberRange,
  timeLevelFor,
  weekStart,
  daysInRange,
  granularityFor,
  isValidTimeZone,
  listBuckets,
  localDay,
  localHour,
  offsetMinutes,
  utcHoursOfLocalDays,
  zonedParts,
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

describe('month, quarter and year to date (Asia/Shanghai)', () => {
  it('start on the first day of the period in the configured zone', () => {
    const now = new Date('2026-11-27T07:01:02Z')
    expect(computeTimeRange('mtd', now, SH)).toEqual({ from: '2026-11-01', to: '2026-11-27' })
    expect(computeTimeRange('qtd', now, SH)).toEqual({ from: '2026-10-01', to: '2026-11-27' })
    expect(computeTimeRange('ytd', now, SH)).toEqual({ from: '2026-01-01', to: '2026-11-27' })
  })
  it('follow the local calendar at period boundaries', () => {
    // 2026-03-31 16:30 UTC is already 1 April (Q2) in Shanghai, still 31 March in UTC.
    const late = new Date('2026-03-31T16:30:00Z')
    expect(computeTimeRange('mtd', late, SH)).toEqual({ from: '2026-04-01', to: '2026-04-01' })
    expect(computeTimeRange('qtd', late, SH)).toEqual({ from: '2026-04-01', to: '2026-04-01' })
    expect(computeTimeRange('qtd', late, 'UTC')).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    // New Year's Eve 16:00 UTC is 1 January in Shanghai.
    const newYear = new Date('2026-12-31T16:00:00Z')
    expect(computeTimeRange('ytd', newYear, SH)).toEqual({ from: '2027-01-01', to: '2027-01-01' })
    expect(computeTimeRange('ytd', newYear, 'UTC')).toEqual({ from: '2026-01-01', to: '2026-12-31' })
  })
})

describe('time hierarchy', () => {
  it('member ranges', () => {
    expect(memberRange('year', '2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' })
    expect(memberRange('quarter', '2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(memberRange('quarter', '2028-Q1')).toEqual({ from: '2028-01-01', to: '2028-03-31' })
    expect(memberRange('month', '2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
    expect(memberRange('week', '2026-11-23')).toEqual({ from: '2026-11-23', to: '2026-11-29' })
    expect(memberRange('day', '2026-11-25')).toEqual({ from: '2026-11-25', to: '2026-11-25' })
    expect(memberRange('hour', '2026-11-25 13:00')).toEqual({ from: '2026-11-25', to: '2026-11-25' })
  })
  it('members of a day and lists of members', () => {
    expect(memberOf('quarter', '2026-11-27')).toBe('2026-Q4')
    expect(memberOf('week', '2026-11-29')).toBe('2026-11-23') // Sunday → that week's Monday
    expect(memberOf('week', '2026-11-23')).toBe('2026-11-23')
    expect(weekStart('2027-01-01')).toBe('2026-12-28')
    expect(listMembers({ from: '2026-11-01', to: '2026-11-10' }, 'week')).toEqual(['2026-10-26', '2026-11-02', '2026-11-09'])
    expect(listMembers({ from: '2026-09-15', to: '2026-11-27' }, 'month')).toEqual(['2026-09', '2026-10', '2026-11'])
    expect(listMembers({ from: '2026-11-27', to: '2026-11-27' }, 'hour')).toHaveLength(24)
  })
  it('levels, validation and intersections', () => {
    expect(childTimeLevel('year')).toBe('quarter')
    expect(childTimeLevel('hour')).toBeNull()
    expect(timeLevelFor({ from: '2026-11-27', to: '2026-11-27' })).toBe('hour')
    expect(timeLevelFor({ from: '2026-11-01', to: '2026-11-27' })).toBe('day')
    expect(timeLevelFor({ from: '2026-08-30', to: '2026-11-27' })).toBe('week')
    expect(timeLevelFor({ from: '2026-01-01', to: '2026-11-27' })).toBe('month')
    expect(timeLevelFor({ from: '2024-01-01', to: '2026-11-27' })).toBe('quarter')
    expect(isTimeMember('week', '2026-11-23')).toBe(true)
    expect(isTimeMember('week', '2026-11-24')).toBe(false)
    expect(isTimeMember('day', '2026-02-30')).toBe(false)
    expect(isTimeMember('hour', '2026-11-27 24:00')).toBe(false)
    expect(isTimeMember('quarter', '2026-Q5')).toBe(false)
    expect(intersectRanges({ from: '2026-11-01', to: '2026-11-30' }, { from: '2026-10-26', to: '2026-11-01' })).toEqual({ from: '2026-11-01', to: '2026-11-01' })
    expect(intersectRanges({ from: '2026-11-01', to: '2026-11-30' }, { from: '2026-12-01', to: '2026-12-07' })).toBeNull()
  })
})

describe('offsetMinutes', () => {
  it('answers the zone offset at an instant, across daylight saving changes', () => {
    expect(offsetMinutes(Date.UTC(2026, 0, 15, 12), 'Asia/Shanghai')).toBe(480)
    expect(offsetMinutes(Date.UTC(2026, 0, 15, 12), 'America/New_York')).toBe(-300)
    expect(offsetMinutes(Date.UTC(2026, 6, 15, 12), 'America/New_York')).toBe(-240)
    // New York springs forward at 07:00 UTC on 2026-03-08.
    expect(offsetMinutes(Date.UTC(2026, 2, 8, 6, 59), 'America/New_York')).toBe(-300)
    expect(offsetMinutes(Date.UTC(2026, 2, 8, 7, 0), 'America/New_York')).toBe(-240)
    expect(offsetMinutes(Date.UTC(2026, 2, 8, 12), 'Asia/Kolkata')).toBe(330)
  })
})

describe('utcHoursOfLocalDays', () => {
  /** The same by brute force: every UTC hour of a wide window, placed by Intl. */
  const brute = (days: string[], tz: string, before: number) => {
    const out: string[] = []
    for (let t = Date.parse(`${days.reduce((a, b) => (a < b ? a : b))}T00:00:00Z`) - 2 * 86_400_000; t < Date.parse(`${days.reduce((a, b) => (a > b ? a : b))}T00:00:00Z`) + 3 * 86_400_000; t += 3_600_000) {
      const p = zonedParts(new Date(t), tz)
      if (days.includes(localDay(new Date(t), tz)) && p.hour < before) out.push(new Date(t).toISOString().slice(0, 19).replace('T', ' '))
    }
    return out
  }

  it('gives a Shanghai day’s hours before 20:00 as the UTC hours from 16:00 the day before', () => {
    const hours = utcHoursOfLocalDays(['2026-11-28'], 'Asia/Shanghai', 20)
    expect(hours).toHaveLength(20)
    expect(hours[0]).toBe('2026-11-27 16:00:00')
    expect(hours.at(-1)).toBe('2026-11-28 11:00:00')
  })

  it.each<[string, string[], number]>([
    ['Asia/Shanghai', ['2026-11-21', '2026-11-28', '2026-11-14'], 20],
    ['Europe/Berlin', ['2026-03-29', '2026-10-25', '2026-06-01'], 24], // 23- and 25-hour days
    ['Europe/Berlin', ['2026-03-29', '2026-10-25'], 3],
    ['America/New_York', ['2026-03-08', '2026-11-01'], 5],
    ['Asia/Kolkata', ['2026-11-28'], 6], // buckets start at :30 local
    ['Pacific/Kiritimati', ['2026-11-28'], 24],
    ['Pacific/Pago_Pago', ['2026-11-28'], 24],
  ])('in %s for %j before %i h equals placing every hour by Intl', (tz, days, before) => {
    expect(utcHoursOfLocalDays(days, tz, before)).toEqual(brute(days, tz, before))
  })
})
