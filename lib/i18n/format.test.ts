import { describe, expect, it } from 'vitest'
import {
  formatCompactMoney,
  formatDateTime,
  formatDayLabel,
  formatMoney,
  formatNumber,
  formatPercent,
  formatRelativeAge,
  moneyToCents,
  moneyToYuan,
} from '@/lib/i18n/format'

describe('moneyToCents', () => {
  it('parses API decimal strings exactly', () => {
    expect(moneyToCents('1234.50')).toBe(123450)
    expect(moneyToCents('0.00')).toBe(0)
    expect(moneyToCents('-12.05')).toBe(-1205)
    expect(moneyToCents('7')).toBe(700)
    expect(moneyToCents('.5')).toBe(50)
  })
  it('rounds extra decimals half away from zero', () => {
    expect(moneyToCents('0.005')).toBe(1)
    expect(moneyToCents('1.994')).toBe(199)
    expect(moneyToCents('-1.995')).toBe(-200)
  })
  it('takes numbers as yuan', () => {
    expect(moneyToCents(1234.5)).toBe(123450)
    expect(moneyToCents(0.1 + 0.2)).toBe(30)
    expect(moneyToCents(-0.001)).toBe(0)
  })
  it('rejects garbage', () => {
    expect(moneyToCents('abc')).toBeNull()
    expect(moneyToCents('')).toBeNull()
    expect(moneyToCents('1.2.3')).toBeNull()
    expect(moneyToCents(Number.NaN)).toBeNull()
    expect(moneyToCents(null)).toBeNull()
  })
  it('moneyToYuan', () => {
    expect(moneyToYuan('12345.60')).toBe(12345.6)
    expect(moneyToYuan(undefined)).toBeNull()
  })
})

describe('formatMoney', () => {
  it('formats CNY with two decimals and grouping, same in both locales', () => {
    expect(formatMoney('1234.50', 'zh')).toBe('¥1,234.50')
    expect(formatMoney('1234.50', 'en')).toBe('¥1,234.50')
    expect(formatMoney('0.00', 'zh')).toBe('¥0.00')
    expect(formatMoney('1234567890.10', 'zh')).toBe('¥1,234,567,890.10')
    expect(formatMoney('999.99', 'en')).toBe('¥999.99')
  })
  it('formats numbers and negatives', () => {
    expect(formatMoney(102.875, 'zh')).toBe('¥102.88')
    expect(formatMoney('-5', 'zh')).toBe('-¥5.00')
    expect(formatMoney(-1234.5, 'en')).toBe('-¥1,234.50')
  })
  it('shows a dash for missing values', () => {
    expect(formatMoney(null, 'zh')).toBe('—')
    expect(formatMoney('n/a', 'en')).toBe('—')
  })
})

describe('formatCompactMoney', () => {
  it('uses 万 and 亿 in Chinese', () => {
    expect(formatCompactMoney('123456.00', 'zh')).toBe('¥12.3万')
    expect(formatCompactMoney('120000.00', 'zh')).toBe('¥12万')
    expect(formatCompactMoney('10000.00', 'zh')).toBe('¥1万')
    expect(formatCompactMoney('123456789.00', 'zh')).toBe('¥1.2亿')
    expect(formatCompactMoney('12345678900.00', 'zh')).toBe('¥123.5亿')
  })
  it('uses K, M and B in English', () => {
    expect(formatCompactMoney('12345.60', 'en')).toBe('¥12.3K')
    expect(formatCompactMoney('1000.00', 'en')).toBe('¥1K')
    expect(formatCompactMoney('4567890.00', 'en')).toBe('¥4.6M')
    expect(formatCompactMoney('2500000000.00', 'en')).toBe('¥2.5B')
    expect(formatCompactMoney('123456789.00', 'en')).toBe('¥123.5M')
  })
  it('promotes to the next unit when rounding reaches it', () => {
    expect(formatCompactMoney('99999999.00', 'zh')).toBe('¥1亿')
    expect(formatCompactMoney('999960.00', 'en')).toBe('¥1M')
  })
  it('shows small amounts in full', () => {
    expect(formatCompactMoney('9876.50', 'zh')).toBe('¥9,876.50')
    expect(formatCompactMoney('987.50', 'en')).toBe('¥987.50')
  })
  it('keeps the sign and handles missing values', () => {
    expect(formatCompactMoney('-123456.00', 'zh')).toBe('-¥12.3万')
    expect(formatCompactMoney(null, 'en')).toBe('—')
  })
  it('groups large scaled values', () => {
    expect(formatCompactMoney('12345678.00', 'zh')).toBe('¥1,234.6万')
  })
})

describe('formatPercent', () => {
  it('shows one decimal', () => {
    expect(formatPercent(0.352)).toBe('35.2%')
    expect(formatPercent(0)).toBe('0.0%')
    expect(formatPercent(1)).toBe('100.0%')
    expect(formatPercent(-0.125)).toBe('-12.5%')
    expect(formatPercent(-0.00001)).toBe('0.0%')
  })
  it('null is a dash', () => {
    expect(formatPercent(null)).toBe('—')
    expect(formatPercent(Number.NaN)).toBe('—')
  })
})

describe('formatNumber', () => {
  it('groups thousands', () => {
    expect(formatNumber(1234567, 'zh')).toBe('1,234,567')
    expect(formatNumber(1234567, 'en')).toBe('1,234,567')
    expect(formatNumber(0, 'en')).toBe('0')
    expect(formatNumber(null, 'zh')).toBe('—')
  })
})

describe('formatDateTime', () => {
  const iso = '2026-11-27T07:01:02.123Z'
  it('renders the wall clock of the given zone', () => {
    expect(formatDateTime(iso, 'Asia/Shanghai', 'zh')).toBe('2026-11-27 15:01:02')
    expect(formatDateTime(iso, 'Asia/Shanghai', 'en')).toBe('Nov 27, 2026, 15:01:02')
    expect(formatDateTime(iso, 'UTC', 'zh')).toBe('2026-11-27 07:01:02')
    expect(formatDateTime(iso, 'America/New_York', 'zh')).toBe('2026-11-27 02:01:02')
  })
  it('crosses midnight correctly', () => {
    expect(formatDateTime('2026-11-27T16:30:00Z', 'Asia/Shanghai', 'zh')).toBe('2026-11-28 00:30:00')
  })
  it('dash for invalid input', () => {
    expect(formatDateTime('not a date', 'UTC', 'zh')).toBe('—')
    expect(formatDateTime(null, 'UTC', 'en')).toBe('—')
  })
})

describe('formatDayLabel', () => {
  it('short day labels', () => {
    expect(formatDayLabel('2026-11-07', 'zh')).toBe('11月7日')
    expect(formatDayLabel('2026-11-07', 'en')).toBe('Nov 7')
    expect(formatDayLabel('garbage', 'en')).toBe('garbage')
  })
})

describe('formatRelativeAge', () => {
  it('seconds', () => {
    expect(formatRelativeAge(3, 'zh')).toBe('3 秒前')
    expect(formatRelativeAge(3.9, 'en')).toBe('3 s ago')
    expect(formatRelativeAge(59, 'zh')).toBe('59 秒前')
  })
  it('just now and clock skew', () => {
    expect(formatRelativeAge(0.4, 'zh')).toBe('刚刚')
    expect(formatRelativeAge(-5, 'en')).toBe('just now')
  })
  it('minutes, hours, days', () => {
    expect(formatRelativeAge(60, 'zh')).toBe('1 分钟前')
    expect(formatRelativeAge(125, 'en')).toBe('2 min ago')
    expect(formatRelativeAge(7200, 'zh')).toBe('2 小时前')
    expect(formatRelativeAge(3 * 86_400 + 5, 'en')).toBe('3 d ago')
  })
})
