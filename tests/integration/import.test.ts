import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { breakdown } from '@/lib/analytics/breakdown'
import { breakdownQuerySchema, rangeQuerySchema } from '@/lib/analytics/filters'
import { salesTotals } from '@/lib/analytics/sales'
import { kpiSnapshot } from '@/lib/analytics/snapshot'
import { queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import { closeDb, db } from '@/lib/db'
import { publishEvents } from '@/lib/eventlog/publish'
import { importMappingSchema } from '@/lib/import/mapping'
import { runImport, type ImportProgress, type ImportSummary } from '@/lib/import/run'
import { ingestAll, TZ } from './expected'
import { freshClickHouse, useEmbeddedConfig } from './stores'

/**
 * The historical import end to end: a CSV written here (not by the code under test) with
 * ~200 rows, a few of them bad, goes through runImport → publishEvents (the PGlite outbox) →
 * the ingest worker → chDB; the KPI functions then give what this file computes on its own
 * from the same rows — revenue, profit, orders, customers, in total, per region and per
 * category, to the cent. The error report lists exactly the bad rows. A second import of
 * the same file changes nothing.
 */
const SECRET = 'import-test-secret-0123456789'
let ch: ClickHouseClient
let dir: string

// ------------------------------------------------------------------------------------------
// The file: Superstore columns, written by hand
// ------------------------------------------------------------------------------------------

const HEADER = ['Row ID', 'Order ID', 'Order Date', 'Ship Date', 'Channel', 'Customer ID', 'Customer Name', 'Segment', 'Region', 'State', 'City', 'Category', 'Sub-Category', 'Product ID', 'Product Name', 'Sales', 'Quantity', 'Discount', 'Profit'] as const
const REGIONS = [['East', 'New York', 'New York City'], ['West', 'California', 'Los Angeles'], ['Central', 'Texas', 'Houston'], ['South', 'Georgia', 'Atlanta']] as const
const CATEGORIES = [['Furniture', 'Chairs'], ['Office Supplies', 'Paper'], ['Technology', 'Phones']] as const
const CHANNELS = ['web', 'tmall', '京东', 'Douyin', 'store'] as const

type Row = Record<(typeof HEADER)[number], string>
type Expected = { order: string; region: string; category: string; customer: string; netCents: number; profitCents: number; firstLine: boolean }

/** A deterministic little generator, so the file is the same on every run. */
function lcg(seed: number) {
  let s = seed
  return (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return (s >>> 8) % n
  }
}

const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`
const pad = (n: number) => String(n).padStart(2, '0')

function buildFile(): { rows: Row[]; bad: Map<number, { column: string; reason: RegExp }>; valid: Expected[] } {
  const rnd = lcg(7)
  const rows: Row[] = []
  const lines: (Expected & { row: number })[] = []
  const bad = new Map<number, { column: string; reason: RegExp }>()
  const badOrders = new Set<string>()
  for (let o = 0; rows.length < 200; o++) {
    const orderId = `US-2024-${100_000 + o}`
    const [region, state, city] = REGIONS[rnd(REGIONS.length)]!
    const month = 1 + rnd(3)
    const day = 1 + rnd(28)
    // Two date formats in one file: the mapping lists both.
    const orderDate = o % 2 ? `${month}/${day}/2024` : `2024-${pad(month)}-${pad(day)}`
    const shipDay = Math.min(28, day + rnd(5))
    const shipDate = o % 7 === 3 ? '' : `${month}/${shipDay}/2024`
    const anonymous = o % 11 === 5
    const customer = anonymous ? '' : `CU-${1000 + rnd(40)}`
    const channel = CHANNELS[o % CHANNELS.length]!
    const n = 1 + rnd(3)
    for (let l = 0; l < n; l++) {
      const [category, sub] = CATEGORIES[rnd(CATEGORIES.length)]!
      const quantity = 1 + rnd(5)
      const netCents = 100 + rnd(90_000)
      const discount = ['0', '0.1', '0.2', '0.45'][rnd(4)]!
      const profitCents = rnd(netCents) - Math.floor(netCents / 4)
      // Some profits carry four decimals, as Superstore's do; the extra "36" never rounds up.
      const profit = `${money(profitCents)}${o % 3 === 0 ? '36' : ''}`
      const row: Row = {
        'Row ID': String(rows.length + 1),
        'Order ID': orderId,
        'Order Date': orderDate,
        'Ship Date': shipDate,
        Channel: channel,
        'Customer ID': customer,
        'Customer Name': anonymous ? '' : `Name, "${customer}"`,
        Segment: ['Consumer', 'Corporate', 'Home Office'][rnd(3)]!,
        Region: region,
        State: state,
        City: city,
        Category: category,
        'Sub-Category': sub,
        'Product ID': `${category.slice(0, 3).toUpperCase()}-${sub.slice(0, 2).toUpperCase()}-${10_000 + rnd(50)}`,
        'Product Name': `Product with a comma, and "quotes"`,
        Sales: money(netCents),
        Quantity: String(quantity),
        Discount: discount,
        Profit: profit,
      }
      rows.push(row)
      lines.push({ row: rows.length + 1, order: orderId, region, category, customer, netCents, profitCents, firstLine: l === 0 })
    }
  }
  // The bad rows, each spoiling its order.
  const spoil = (index: number, column: (typeof HEADER)[number], value: string, reason: RegExp) => {
    rows[index]![column] = value
    bad.set(index + 2, { column, reason })
    badOrders.add(rows[index]!['Order ID'])
  }
  spoil(10, 'Quantity', '0', /must be at least 1/)
  spoil(40, 'Order Date', '2/30/2024', /not a calendar day/)
  spoil(77, 'Channel', 'amazon', /is not a channel/)
  spoil(120, 'Sales', 'twelve', /is not a number/)
  spoil(160, 'Profit', '', /is empty/)
  return { rows, bad, valid: lines.filter((l) => !badOrders.has(l.order)) }
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
const FILE = buildFile()

const MAPPING = importMappingSchema.parse({
  namespace: 'superstore-test',
  columns: {
    order_id: 'Order ID',
    order_date: 'Order Date',
    ship_date: 'Ship Date',
    customer_id: 'Customer ID',
    customer_name: 'Customer Name',
    segment: 'Segment',
    region: 'Region',
    state: 'State',
    city: 'City',
    category: 'Category',
    sub_category: 'Sub-Category',
    sku: 'Product ID',
    product_name: 'Product Name',
    quantity: 'Quantity',
    amount: 'Sales',
  },
  channel: { column: 'Channel' },
  discount: { column: 'Discount', kind: 'rate' },
  cost: { column: 'Profit', kind: 'profit' },
  date_formats: ['YYYY-MM-DD', 'M/D/YYYY'],
})

// ------------------------------------------------------------------------------------------
// What the KPIs must say, computed from the rows above
// ------------------------------------------------------------------------------------------

function expectedFor(lines: Expected[]) {
  const net = lines.reduce((a, l) => a + l.netCents, 0)
  const profit = lines.reduce((a, l) => a + l.profitCents, 0)
  return {
    net_revenue: money(net),
    gross_profit: money(profit),
    orders: lines.filter((l) => l.firstLine).length,
    customers: new Set(lines.filter((l) => l.customer).map((l) => l.customer)).size,
  }
}
function expectedBy(key: 'region' | 'category') {
  const groups = new Map<string, Expected[]>()
  for (const l of FILE.valid) groups.set(l[key], [...(groups.get(l[key]) ?? []), l])
  return Object.fromEntries([...groups].map(([k, ls]) => [k, expectedFor(ls)]))
}

const RANGE = { from: '2024-01-01', to: '2024-03-31' }
const pick = (k: { net_revenue: string; gross_profit: string; orders: number; customers: number }) => ({ net_revenue: k.net_revenue, gross_profit: k.gross_profit, orders: k.orders, customers: k.customers })

async function importFile(errorsFile: string) {
  const progress: ImportProgress[] = []
  const summary = await runImport({
    file: path.join(dir, 'orders.csv'),
    mapping: MAPPING,
    timeZone: TZ,
    secret: SECRET,
    publish: publishEvents,
    errorsFile,
    batchSize: 100,
    progressMs: 0,
    onProgress: (p) => progress.push(p),
  })
  await ingestAll(await db(), ch)
  return { summary, progress }
}

async function storedImportEvents(): Promise<number> {
  const [row] = await queryRows<{ n: string }>(ch, `SELECT toString(count()) AS n FROM events WHERE source = 'import'`)
  return Number(row?.n ?? 0)
}

let first: { summary: ImportSummary; progress: ImportProgress[] }

beforeAll(async () => {
  dir = useEmbeddedConfig(SECRET, { TIME_ZONE: TZ })
  const text = [HEADER.join(','), ...FILE.rows.map((r) => HEADER.map((h) => csvCell(r[h])).join(','))].join('\r\n')
  fs.writeFileSync(path.join(dir, 'orders.csv'), `\ufeff${text}\r\n`)
  ch = await freshClickHouse()
  first = await importFile(path.join(dir, 'errors-1.csv'))
})

afterAll(async () => {
  await closeDb()
  await ch?.close()
})

describe('a historical import', () => {
  it('reads every row, imports the good orders and reports progress to 100%', () => {
    const s = first.summary
    const rejectedOrders = new Set([...FILE.bad.keys()].map((row) => FILE.rows[row - 2]!['Order ID']))
    const rejectedRows = FILE.rows.filter((r) => rejectedOrders.has(r['Order ID'])).length
    expect(s.rows_total).toBe(FILE.rows.length)
    expect(s.rows_imported).toBe(FILE.valid.length)
    expect(s.rows_rejected).toBe(rejectedRows)
    expect(s.orders_rejected).toBe(rejectedOrders.size)
    expect(s.orders_imported).toBe(FILE.valid.filter((l) => l.firstLine).length)
    expect(s.phase).toBe('done')
    expect(first.progress.at(-1)).toMatchObject({ phase: 'done', percent: 100 })
    expect(first.progress.some((p) => p.phase === 'importing' && p.percent < 100)).toBe(true)
  })

  it('gives the KPIs the rows add up to, to the cent', async () => {
    const q = rangeQuerySchema.parse(RANGE)
    const want = expectedFor(FILE.valid)
    expect(pick(await salesTotals(ch, q, TZ))).toEqual(want)
    expect(pick(await kpiSnapshot(ch, q, TZ))).toEqual(want)
  })

  it.each(['region', 'category'] as const)('by %s, every member to the cent', async (by) => {
    const result = await breakdown(ch, breakdownQuerySchema.parse({ ...RANGE, by }), TZ)
    const got = Object.fromEntries(result.rows.map((r) => [r[by]!, pick(r)]))
    expect(got).toEqual(expectedBy(by))
  })

  it('lists exactly the bad rows, with column and reason, and the rows rejected with their order', () => {
    const file = first.summary.errors_file!
    expect(file).toBeTruthy()
    const records = parse(fs.readFileSync(file), { columns: true, bom: true }) as { row: string; column: string; value: string; reason: string; order_id: string }[]
    const own = records.filter((r) => !r.reason.startsWith('order rejected'))
    expect(own.map((r) => Number(r.row)).sort((a, b) => a - b)).toEqual([...FILE.bad.keys()].sort((a, b) => a - b))
    for (const r of own) {
      const want = FILE.bad.get(Number(r.row))!
      expect(r.column, `row ${r.row}`).toBe(want.column)
      expect(r.reason, `row ${r.row}`).toMatch(want.reason)
      expect(r.order_id).toBe(FILE.rows[Number(r.row) - 2]!['Order ID'])
    }
    // The other rows of a rejected order are listed once each, naming the bad row.
    const siblings = records.filter((r) => r.reason.startsWith('order rejected'))
    expect(siblings.length + own.length).toBe(first.summary.rows_rejected)
    for (const r of siblings) expect(FILE.bad.has(Number(r.row))).toBe(false)
  })

  it('changes nothing when the same file is imported again', async () => {
    const q = rangeQuerySchema.parse(RANGE)
    const before = await storedImportEvents()
    expect(before).toBe(first.summary.events)
    const again = await importFile(path.join(dir, 'errors-2.csv'))
    expect(again.summary.events).toBe(first.summary.events)
    expect(await storedImportEvents()).toBe(before)
    expect(pick(await kpiSnapshot(ch, q, TZ))).toEqual(expectedFor(FILE.valid))
    const byRegion = await breakdown(ch, breakdownQuerySchema.parse({ ...RANGE, by: 'region' }), TZ)
    expect(Object.fromEntries(byRegion.rows.map((r) => [r.region!, pick(r)]))).toEqual(expectedBy('region'))
    expect(fs.readFileSync(path.join(dir, 'errors-2.csv'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'errors-1.csv'), 'utf8'))
  })
})
