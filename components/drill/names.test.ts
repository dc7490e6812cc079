import { describe, expect, it } from 'vitest'
import { memberName, timeMemberName } from '@/components/drill/names'
import { csvFileName, tableCsv } from '@/components/dashboard/csv'

describe('display names', () => {
  it('known ids get names, unknown ids stay as they are', () => {
    expect(memberName('channel', 'tmall', 'zh')).toBe('天猫')
    expect(memberName('region', 'east', 'zh')).toBe('华东')
    expect(memberName('region', 'east', 'en')).toBe('East China')
    expect(memberName('city', 'xian', 'en')).toBe("Xi'an")
    expect(memberName('store', 'ST-SH-01', 'zh')).toBe('上海南京西路店')
    expect(memberName('category', 'skincare', 'en')).toBe('Skincare')
    expect(memberName('sku', 'SKU-0001', 'zh')).toMatch(/\(SKU-0001\)$/)
    expect(memberName('region', 'mars', 'zh')).toBe('mars')
    expect(memberName('store', 'ST-XX-99', 'en')).toBe('ST-XX-99')
    expect(memberName('sku', 'SKU-9999', 'en')).toBe('SKU-9999')
  })
  it('time members', () => {
    expect(timeMemberName('year', '2026', 'zh')).toBe('2026年')
    expect(timeMemberName('quarter', '2026-Q4', 'zh')).toBe('2026年第4季度')
    expect(timeMemberName('quarter', '2026-Q4', 'en')).toBe('2026 Q4')
    expect(timeMemberName('month', '2026-11', 'en')).toBe('Nov 2026')
    expect(timeMemberName('week', '2026-11-23', 'en')).toBe('Week of Nov 23')
    expect(timeMemberName('hour', '2026-11-23 14:00', 'zh')).toBe('11月23日 14:00')
  })
})

describe('tableCsv', () => {
  it('BOM, header, rows and a total row', () => {
    const csv = tableCsv(
      [
        { header: '名称', csv: (r: { n: string; v: number }) => r.n },
        { header: '值', csv: (r: { n: string; v: number }) => r.v },
      ],
      [{ n: '天猫, 旗舰', v: 1 }],
      { n: '合计', v: 1 },
    )
    expect(csv).toBe('\uFEFF名称,值\r\n"天猫, 旗舰",1\r\n合计,1\r\n')
    expect(csvFileName('top-sku/x', { from: '2026-11-01', to: '2026-11-27' })).toBe('fourflow-top-sku_x-2026-11-01_2026-11-27.csv')
  })
})
