import { describe, expect, it } from 'vitest'
import type { ChannelRow, KpiFields } from '@/components/dashboard/api'
import { UTF8_BOM, channelCsvFileName, channelTableCsv, csvField, toCsv } from '@/components/dashboard/csv'

describe('csvField (RFC 4180)', () => {
  it('leaves plain values alone', () => {
    expect(csvField('天猫')).toBe('天猫')
    expect(csvField(42)).toBe('42')
    expect(csvField('1234.50')).toBe('1234.50')
    expect(csvField('-12.50')).toBe('-12.50')
  })
  it('quotes commas, quotes and line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('line1\nline2')).toBe('"line1\nline2"')
    expect(csvField('x\r\ny')).toBe('"x\r\ny"')
  })
  it('empties null, undefined and non-finite numbers', () => {
    expect(csvField(null)).toBe('')
    expect(csvField(undefined)).toBe('')
    expect(csvField(Number.NaN)).toBe('')
  })
  it('defuses spreadsheet formulas in text', () => {
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)")
    expect(csvField('@cmd')).toBe("'@cmd")
    expect(csvField('-1+2')).toBe("'-1+2")
    expect(csvField('=1,2')).toBe('"\'=1,2"')
  })
})

describe('toCsv', () => {
  it('starts with a BOM and ends records with CRLF', () => {
    const csv = toCsv([
      ['a', 'b'],
      [1, 'x,y'],
    ])
    expect(csv.startsWith(UTF8_BOM)).toBe(true)
    expect(csv).toBe(`${UTF8_BOM}a,b\r\n1,"x,y"\r\n`)
  })
  it('can omit the BOM', () => {
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n')
    expect(toCsv([], { bom: false })).toBe('')
  })
  it('the BOM encodes to EF BB BF in UTF-8', () => {
    const bytes = new TextEncoder().encode(toCsv([['净收入']]))
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  })
})

describe('channelTableCsv', () => {
  const kpi = (over: Partial<KpiFields>): KpiFields => ({
    net_revenue: '0.00',
    gmv: '0.00',
    cogs: '0.00',
    gross_profit: '0.00',
    gross_margin: null,
    orders: 0,
    aov: null,
    customers: 0,
    ...over,
  })
  const rows: ChannelRow[] = [
    { channel: 'tmall', ...kpi({ net_revenue: '1234.50', gmv: '1300.00', cogs: '800.00', gross_profit: '434.50', gross_margin: 0.35196, orders: 12, aov: '102.88', customers: 10 }) },
    { channel: 'store', ...kpi({}) },
  ]
  const total = kpi({ net_revenue: '1234.50', gmv: '1300.00', cogs: '800.00', gross_profit: '434.50', gross_margin: 0.35196, orders: 12, aov: '102.88', customers: 10 })

  it('has localized headers, raw numbers and a total row', () => {
    const lines = channelTableCsv(rows, total, 'zh').replace(UTF8_BOM, '').split('\r\n')
    expect(lines[0]).toBe('渠道代码,渠道,净收入（元）,GMV（元）,成本（元）,毛利（元）,毛利率（%）,订单数,客户数,客单价（元）')
    expect(lines[1]).toBe('tmall,天猫,1234.50,1300.00,800.00,434.50,35.20,12,10,102.88')
    expect(lines[2]).toBe('store,门店,0.00,0.00,0.00,0.00,,0,0,')
    expect(lines[3]).toBe(',合计,1234.50,1300.00,800.00,434.50,35.20,12,10,102.88')
    expect(lines[4]).toBe('')
  })

  it('English headers', () => {
    const csv = channelTableCsv(rows, null, 'en')
    expect(csv.split('\r\n')[0]).toBe(
      `${UTF8_BOM}Channel id,Channel,Net revenue (CNY),GMV (CNY),COGS (CNY),Gross profit (CNY),Gross margin (%),Orders,Customers,AOV (CNY)`,
    )
    expect(csv.split('\r\n')[1]?.startsWith('tmall,Tmall,')).toBe(true)
  })

  it('file name carries the range', () => {
    expect(channelCsvFileName({ from: '2026-11-21', to: '2026-11-27' })).toBe('fourflow-channels-2026-11-21_2026-11-27.csv')
  })
})
