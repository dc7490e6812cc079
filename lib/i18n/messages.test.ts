import { describe, expect, it } from 'vitest'
import { channelLabel, interpolate, parseLocale, roleLabel, translate } from '@/lib/i18n/core'
import { en, zh } from '@/lib/i18n/messages'

function leaves(node: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  if (typeof node === 'string') {
    out[prefix] = node
    return out
  }
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    Object.assign(out, leaves(v, prefix ? `${prefix}.${k}` : k))
  }
  return out
}

describe('dictionaries', () => {
  const zhLeaves = leaves(zh)
  const enLeaves = leaves(en)

  it('have the same keys', () => {
    expect(Object.keys(enLeaves).sort()).toEqual(Object.keys(zhLeaves).sort())
  })

  it('have no empty strings', () => {
    for (const [key, value] of [...Object.entries(zhLeaves), ...Object.entries(enLeaves)]) {
      expect(value.trim(), key).not.toBe('')
    }
  })

  it('use the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [key, value] of Object.entries(zhLeaves)) {
      expect(names(enLeaves[key] ?? ''), key).toEqual(names(value))
    }
  })
})

describe('translate', () => {
  it('looks up dotted keys per locale', () => {
    expect(translate('zh', 'kpi.netRevenue')).toBe('净收入')
    expect(translate('en', 'kpi.netRevenue')).toBe('Net revenue')
  })
  it('fills placeholders', () => {
    expect(translate('zh', 'dashboard.dataAsOf', { age: '3 秒前' })).toBe('数据更新于 3 秒前')
    expect(translate('en', 'dashboard.dataAsOf', { age: '3 s ago' })).toBe('Data as of 3 s ago')
  })
  it('leaves unknown placeholders alone', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}')
  })
})

describe('labels', () => {
  it('channel names come from lib/events/channels', () => {
    expect(channelLabel('tmall', 'zh')).toBe('天猫')
    expect(channelLabel('store', 'en')).toBe('Stores (POS)')
    expect(channelLabel('kuaishou', 'zh')).toBe('kuaishou')
    expect(channelLabel('toString', 'zh')).toBe('toString')
  })
  it('role names', () => {
    expect(roleLabel('executive', 'zh')).toBe('高管')
    expect(roleLabel('ops', 'en')).toBe('Operations')
    expect(roleLabel('auditor', 'en')).toBe('auditor')
  })
  it('parseLocale defaults to Chinese', () => {
    expect(parseLocale('en')).toBe('en')
    expect(parseLocale('fr')).toBe('zh')
    expect(parseLocale(undefined)).toBe('zh')
  })
})
