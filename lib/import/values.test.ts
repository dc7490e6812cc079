import { describe, expect, it } from 'vitest'
import { compileDateFormat, parseDate, parseMoney, parseQuantity, parseRate } from './values'

const TZ = 'Asia/Shanghai'
const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }) => (r.ok ? r.value : `ERR ${r.reason}`)

describe('parseMoney', () => {
  it.each([
    ['12.50', 1250],
    ['12.5', 1250],
    ['12', 1200],
    ['0.01', 1],
    ['41.9136', 4191],
    ['0.125', 13],
    ['0.124999', 12],
    ['-41.9136', -4191],
    ['-0.005', -1],
    ['(3.20)', -320],
    ['¥1234.56', 123456],
    ['$ 7', 700],
    ['  8.10  ', 810],
    ['.5', 50],
  ])('%s → %i cents (half away from zero, on the decimal digits)', (text, cents) => {
    expect(value(parseMoney(text))).toBe(cents)
  })
  it('reads thousands separators and a decimal comma when asked', () => {
    expect(value(parseMoney('1,234.50', { decimal: '.', thousands: ',' }))).toBe(123450)
    expect(value(parseMoney('1.234,50', { decimal: ',', thousands: '.' }))).toBe(123450)
    expect(value(parseMoney('1 234,5', { decimal: ',', thousands: ' ' }))).toBe(123450)
  })
  it.each(['', 'abc', '1.2.3', '12,50', '1e5', '--1', '99999999999999'])('refuses %j', (text) => {
    expect(parseMoney(text).ok).toBe(false)
  })
})

describe('parseQuantity', () => {
  it('takes whole numbers ≥ 1', () => {
    expect(value(parseQuantity('3'))).toBe(3)
    expect(value(parseQuantity('3.0'))).toBe(3)
  })
  it.each([
    ['0', 'at least 1'],
    ['-2', 'returns are not imported'],
    ['1.5', 'whole number'],
    ['two', 'not a number'],
    ['', 'empty'],
    ['2000000', 'at most'],
  ])('refuses %j (%s)', (text, reason) => {
    const r = parseQuantity(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain(reason)
  })
})

describe('parseRate', () => {
  it('takes fractions and percentages', () => {
    expect(value(parseRate('0.2'))).toBeCloseTo(0.2)
    expect(value(parseRate('20%'))).toBeCloseTo(0.2)
    expect(value(parseRate('0'))).toBe(0)
  })
  it.each(['1', '1.5', '100%', '-0.1', 'x'])('refuses %j', (text) => {
    expect(parseRate(text).ok).toBe(false)
  })
})

describe('parseDate', () => {
  const iso = (r: ReturnType<typeof parseDate>) => (r.ok ? new Date(r.value).toISOString() : `ERR ${r.reason}`)
  it('reads a date as local midnight in the time zone', () => {
    expect(iso(parseDate('2024-03-05', ['YYYY-MM-DD'], TZ))).toBe('2024-03-04T16:00:00.000Z')
    expect(iso(parseDate('2024-03-05', ['YYYY-MM-DD'], 'UTC'))).toBe('2024-03-05T00:00:00.000Z')
  })
  it.each([
    ['11/8/2016', 'M/D/YYYY', '2016-11-07T16:00:00.000Z'],
    ['8/11/2016', 'D/M/YYYY', '2016-11-07T16:00:00.000Z'],
    ['08.11.2016', 'DD.MM.YYYY', '2016-11-07T16:00:00.000Z'],
    ['2016/11/08', 'YYYY/MM/DD', '2016-11-07T16:00:00.000Z'],
    ['08-Nov-2016', 'DD-MMM-YYYY', '2016-11-07T16:00:00.000Z'],
    ['2016年11月8日', 'YYYY年M月D日', '2016-11-07T16:00:00.000Z'],
    ['2016-11-08 14:30', 'YYYY-MM-DD HH:mm', '2016-11-08T06:30:00.000Z'],
    ['2016-11-08 14:30:15', 'YYYY-MM-DD HH:mm:ss', '2016-11-08T06:30:15.000Z'],
    ['2016-11-08T14:30:00Z', 'iso', '2016-11-08T14:30:00.000Z'],
    ['2016-11-08T14:30:00+02:00', 'iso', '2016-11-08T12:30:00.000Z'],
    ['2016-11-08T14:30', 'iso', '2016-11-08T06:30:00.000Z'],
  ])('%s in %s', (text, format, expected) => {
    expect(iso(parseDate(text, [format], TZ))).toBe(expected)
  })
  it('tries the formats in order', () => {
    const formats = ['YYYY-MM-DD', 'M/D/YYYY']
    expect(iso(parseDate('2016-11-08', formats, TZ))).toBe('2016-11-07T16:00:00.000Z')
    expect(iso(parseDate('11/8/2016', formats, TZ))).toBe('2016-11-07T16:00:00.000Z')
  })
  it('honours daylight saving time in the zone', () => {
    expect(iso(parseDate('2024-07-01 12:00', ['YYYY-MM-DD HH:mm'], 'Europe/Berlin'))).toBe('2024-07-01T10:00:00.000Z')
    expect(iso(parseDate('2024-01-01 12:00', ['YYYY-MM-DD HH:mm'], 'Europe/Berlin'))).toBe('2024-01-01T11:00:00.000Z')
  })
  it.each([
    ['2023-02-29', 'not a calendar day'],
    ['2023-13-01', 'no month'],
    ['2023-01-01 25:00', 'has no time'],
    ['yesterday', 'not a date in the format'],
    ['', 'empty'],
    ['1850-01-01', 'out of range'],
  ])('refuses %j (%s)', (text, reason) => {
    const r = parseDate(text, ['YYYY-MM-DD', 'YYYY-MM-DD HH:mm'], TZ)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain(reason)
  })
  it('refuses formats without a year, month and day', () => {
    expect(() => compileDateFormat('MM/DD')).toThrow(/needs a year/)
    expect(() => compileDateFormat('QQ')).toThrow(/unknown date format/)
  })
})
