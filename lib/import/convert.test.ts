import { describe, expect, it } from 'vitest'
import { envelopeSchema, eventDataSchemas, type AnyEvent } from '@/lib/events'
import { allocate, finishOrder, parseRow, splitLine, type ConvertContext, type EventContext, type OrderDraft, type RowLine } from './convert'
import { importEventId } from './ids'
import { channelOf, guessDateFormats, importMappingSchema, resolveColumns, suggestMapping, type ImportMappingInput } from './mapping'

const SECRET = 'unit-test-secret-0123456789'
const HEADER = ['Order ID', 'Order Date', 'Ship Date', 'Channel', 'Customer ID', 'Customer Name', 'Segment', 'Region', 'State', 'City', 'Category', 'Sub-Category', 'Product ID', 'Product Name', 'Sales', 'Quantity', 'Discount', 'Profit']

const SUPERSTORE: ImportMappingInput = {
  namespace: 'superstore',
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
  channel: { constant: 'web' },
  discount: { column: 'Discount', kind: 'rate' },
  cost: { column: 'Profit', kind: 'profit' },
  date_formats: ['M/D/YYYY'],
  time_zone: 'UTC',
}

function context(input: ImportMappingInput = SUPERSTORE, header = HEADER): ConvertContext {
  const mapping = importMappingSchema.parse(input)
  const r = resolveColumns(header, mapping)
  if (!r.ok) throw new Error(JSON.stringify(r.missing))
  return { mapping, columns: r.columns, timeZone: 'Asia/Shanghai' }
}

type Cells = Partial<Record<(typeof HEADER)[number], string>>
const GOOD: Cells = {
  'Order ID': 'CA-2016-152156',
  'Order Date': '11/8/2016',
  'Ship Date': '11/11/2016',
  Channel: 'tmall',
  'Customer ID': 'CG-12520',
  'Customer Name': 'Claire Gute',
  Segment: 'Consumer',
  Region: 'South',
  State: 'Kentucky',
  City: 'Henderson',
  Category: 'Furniture',
  'Sub-Category': 'Chairs',
  'Product ID': 'FUR-CH-10000454',
  'Product Name': 'Hon Deluxe Fabric Upholstered Stacking Chairs',
  Sales: '731.94',
  Quantity: '3',
  Discount: '0.2',
  Profit: '219.582',
}
const row = (over: Cells = {}, header = HEADER) => header.map((h) => ({ ...GOOD, ...over })[h] ?? '')

function parsedRow(over: Cells = {}, ctx = context()) {
  const r = parseRow(row(over), 7, ctx)
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.value
}
const parsed = parsedRow
function issues(over: Cells, ctx = context()) {
  const r = parseRow(row(over), 7, ctx)
  return r.ok ? [] : r.issues.map((i) => `${i.column}: ${i.reason}`)
}

describe('the mapping', () => {
  it('fills defaults and checks what it names', () => {
    const m = importMappingSchema.parse(SUPERSTORE)
    expect(m.store).toEqual({ constant: 'import' })
    expect(m.amount_is).toBe('net')
    const bad = importMappingSchema.safeParse({ ...SUPERSTORE, date_formats: ['MM/DD'], category_from: 'both', columns: { ...SUPERSTORE.columns, sub_category: undefined } })
    expect(bad.success).toBe(false)
    const paths = bad.error!.issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['date_formats.0', 'columns.sub_category']))
    expect(importMappingSchema.safeParse({ ...SUPERSTORE, channel: { constant: 'amazon' } }).success).toBe(false)
    expect(importMappingSchema.safeParse({ ...SUPERSTORE, namespace: 'a b' }).success).toBe(false)
  })
  it('finds its columns in the header, or names every missing one', () => {
    const m = importMappingSchema.parse(SUPERSTORE)
    const r = resolveColumns(HEADER.map((h) => h.toUpperCase()), m)
    expect(r.ok).toBe(true)
    const missing = resolveColumns(HEADER.filter((h) => h !== 'Profit' && h !== 'Sales'), m)
    expect(missing).toEqual({ ok: false, missing: [{ field: 'columns.amount', column: 'Sales' }, { field: 'cost.column', column: 'Profit' }] })
  })
  it('reads channels by id, name or the mapping’s own values', () => {
    expect(channelOf('Tmall')).toBe('tmall')
    expect(channelOf('京东')).toBe('jd')
    expect(channelOf('Mini-program')).toBe('miniprogram')
    expect(channelOf('Online', { Online: 'web' })).toBe('web')
    expect(channelOf('amazon')).toBeUndefined()
  })
  it('suggests a mapping for a Superstore header', () => {
    const s = suggestMapping(HEADER, [row()])
    expect(s.columns).toMatchObject({ order_id: 'Order ID', sku: 'Product ID', amount: 'Sales', quantity: 'Quantity', sub_category: 'Sub-Category' })
    expect(s.discount).toEqual({ column: 'Discount', kind: 'rate' })
    expect(s.cost).toEqual({ column: 'Profit', kind: 'profit' })
    expect(s.channel).toEqual({ column: 'Channel' })
    expect(s.date_formats?.[0]).toBe('M/D/YYYY')
    expect(guessDateFormats(['25/12/2016'])[0]).toBe('D/M/YYYY')
    expect(guessDateFormats(['2016-12-25'])[0]).toBe('YYYY-MM-DD')
  })
})

describe('a good row', () => {
  it('becomes an order header and a line in cents', () => {
    const p = parsed()
    expect(p.order).toEqual({
      orderId: 'CA-2016-152156',
      orderedAt: Date.UTC(2016, 10, 8),
      shippedAt: Date.UTC(2016, 10, 11),
      channel: 'web',
      customer: 'CG-12520',
      segment: 'Consumer',
      region: 'South',
      city: 'Henderson',
      store: 'import',
    })
    // Sales 731.94 after a 20 % discount: gross 914.93 (731.94 / 0.8 = 914.925, to the cent);
    // profit 219.58 → cost 512.36.
    expect(p.line).toEqual({ sku: 'FUR-CH-10000454', category: 'Furniture', quantity: 3, gross_cents: 91_493, net_cents: 73_194, cost_cents: 51_236 })
  })
  it('takes the channel from a column or a constant', () => {
    const byColumn = context({ ...SUPERSTORE, channel: { column: 'Channel' } })
    expect(parsed({ Channel: '天猫' }, byColumn).order.channel).toBe('tmall')
    expect(parsed({}, context()).order.channel).toBe('web')
    expect(issues({ Channel: 'amazon' }, byColumn)).toEqual([expect.stringMatching(/^Channel: is not a channel/)])
  })
  it('reads a discount as an amount or a rate, on a net or gross amount', () => {
    const parsed = (over: Cells, ctx = context()) => parsedRow({ Profit: '1.00', ...over }, ctx)
    const amount = context({ ...SUPERSTORE, discount: { column: 'Discount', kind: 'amount' } })
    expect(parsed({ Sales: '80.00', Discount: '20.00' }, amount).line).toMatchObject({ gross_cents: 10_000, net_cents: 8_000 })
    const gross = context({ ...SUPERSTORE, amount_is: 'gross', discount: { column: 'Discount', kind: 'amount' } })
    expect(parsed({ Sales: '100.00', Discount: '20.00' }, gross).line).toMatchObject({ gross_cents: 10_000, net_cents: 8_000 })
    const rateGross = context({ ...SUPERSTORE, amount_is: 'gross' })
    expect(parsed({ Sales: '100.00', Discount: '15%' }, rateGross).line).toMatchObject({ gross_cents: 10_000, net_cents: 8_500 })
    expect(parsed({ Sales: '80.00', Discount: '0.2' }).line).toMatchObject({ gross_cents: 10_000, net_cents: 8_000 })
    expect(parsed({ Sales: '80.00', Discount: '' }).line).toMatchObject({ gross_cents: 8_000, net_cents: 8_000 })
    const none = context({ ...SUPERSTORE, discount: undefined })
    expect(parsed({ Sales: '80.00' }, none).line).toMatchObject({ gross_cents: 8_000, net_cents: 8_000 })
  })
  it('derives the cost from a profit, a unit cost or a line cost', () => {
    expect(parsed({ Sales: '80.00', Quantity: '2', Profit: '-12.345' }).line.cost_cents).toBe(9_235)
    const unit = context({ ...SUPERSTORE, cost: { column: 'Profit', kind: 'unit' } })
    expect(parsed({ Quantity: '3', Profit: '12.34' }, unit).line.cost_cents).toBe(3_702)
    const line = context({ ...SUPERSTORE, cost: { column: 'Profit', kind: 'line' } })
    expect(parsed({ Quantity: '3', Profit: '12.34' }, line).line.cost_cents).toBe(1_234)
  })
  it('builds the category from the category, the sub-category or both', () => {
    expect(parsed({}, context({ ...SUPERSTORE, category_from: 'sub_category' })).line.category).toBe('Chairs')
    expect(parsed({}, context({ ...SUPERSTORE, category_from: 'both' })).line.category).toBe('Furniture / Chairs')
  })
  it('reads dates in the formats the mapping lists, local to its time zone', () => {
    const ctx = context({ ...SUPERSTORE, date_formats: ['YYYY-MM-DD', 'M/D/YYYY', 'DD.MM.YYYY'], time_zone: undefined })
    expect(parsed({ 'Order Date': '2016-11-08', 'Ship Date': '11.11.2016' }, ctx).order).toMatchObject({ orderedAt: Date.UTC(2016, 10, 7, 16), shippedAt: Date.UTC(2016, 10, 10, 16) })
    expect(parsed({ 'Ship Date': '' }).order.shippedAt).toBeNull()
  })
})

describe('a bad row', () => {
  it.each<[string, Cells, string]>([
    ['no order id', { 'Order ID': '' }, 'Order ID: is empty'],
    ['a long order id', { 'Order ID': 'x'.repeat(81) }, 'Order ID: is longer than 80 characters'],
    ['a bad order date', { 'Order Date': '2016-11-08' }, 'Order Date: is not a date in the format M/D/YYYY'],
    ['an impossible day', { 'Order Date': '2/30/2016' }, 'Order Date: is not a calendar day: 2016-02-30 (format M/D/YYYY)'],
    ['a ship date before the order', { 'Ship Date': '11/7/2016' }, 'Ship Date: is before the order date'],
    ['no SKU', { 'Product ID': ' ' }, 'Product ID: is empty'],
    ['no category', { Category: '' }, 'Category: is empty'],
    ['a zero quantity', { Quantity: '0' }, 'Quantity: must be at least 1'],
    ['a fractional quantity', { Quantity: '1.5' }, 'Quantity: must be a whole number'],
    ['a text amount', { Sales: 'n/a' }, 'Sales: is not a number'],
    ['a negative amount', { Sales: '-5.00' }, 'Sales: must not be negative (returns are not imported)'],
    ['a rate of 1 or more', { Discount: '1.2' }, 'Discount: must be a rate below 1 (e.g. 0.2) or a percentage (20%)'],
    ['a profit above the amount', { Sales: '10.00', Discount: '0', Profit: '10.01' }, 'Profit: is more than the line amount: the cost would be negative'],
    ['a text profit', { Profit: '?' }, 'Profit: is not a number'],
    ['a long region', { Region: 'r'.repeat(65) }, 'Region: is longer than 64 characters'],
  ])('%s', (_, over, message) => {
    expect(issues(over)).toEqual([message])
  })
  it('reports every bad cell of the row', () => {
    expect(issues({ Quantity: 'x', Sales: 'y', 'Order Date': 'z' })).toHaveLength(3)
  })
  it('reports a row with the wrong number of fields', () => {
    const r = parseRow(['a', 'b'], 9, context())
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.issues).toEqual([{ row: 9, column: '(row)', value: '', reason: 'has 2 fields, the header has 18', order_id: 'a' }])
  })
  it('refuses a negative discount amount and one above a gross amount', () => {
    const gross = context({ ...SUPERSTORE, amount_is: 'gross', discount: { column: 'Discount', kind: 'amount' } })
    expect(issues({ Sales: '10.00', Discount: '11.00' }, gross)).toEqual(['Discount: is more than the line amount'])
    expect(issues({ Sales: '10.00', Discount: '-1.00' }, gross)).toEqual(['Discount: must not be negative'])
    const unit = context({ ...SUPERSTORE, cost: { column: 'Profit', kind: 'unit' } })
    expect(issues({ Profit: '-1' }, unit)).toEqual(['Profit: must not be negative'])
  })
})

describe('splitLine', () => {
  const sums = (l: RowLine) => {
    const parts = splitLine(l)
    return {
      quantity: parts.reduce((a, p) => a + p.quantity, 0),
      gross: parts.reduce((a, p) => a + p.list_price_cents * p.quantity, 0),
      net: parts.reduce((a, p) => a + p.amount_cents, 0),
      cost: parts.reduce((a, p) => a + p.unit_cost_cents * p.quantity, 0),
      discount: parts.reduce((a, p) => a + p.discount_cents, 0),
      parts: parts.length,
      negative: parts.some((p) => p.discount_cents < 0 || p.amount_cents < 0),
    }
  }
  it('keeps one line when the quantity divides gross and cost', () => {
    expect(splitLine({ sku: 'S', category: 'c', quantity: 2, gross_cents: 1000, net_cents: 900, cost_cents: 600 })).toEqual([
      { sku: 'S', category: 'c', quantity: 2, list_price_cents: 500, unit_price_cents: 450, discount_cents: 100, amount_cents: 900, unit_cost_cents: 300 },
    ])
  })
  it('splits otherwise, keeping every sum exact and no discount negative', () => {
    for (const l of [
      { quantity: 3, gross_cents: 91_493, net_cents: 73_194, cost_cents: 51_236 },
      { quantity: 7, gross_cents: 1001, net_cents: 1000, cost_cents: 5 },
      { quantity: 2, gross_cents: 1, net_cents: 1, cost_cents: 3 },
      { quantity: 5, gross_cents: 12_345, net_cents: 12_345, cost_cents: 0 },
      { quantity: 1_000_000, gross_cents: 999_999_999, net_cents: 1, cost_cents: 777_777_777 },
    ]) {
      const s = sums({ sku: 'S', category: 'c', ...l })
      expect(s).toMatchObject({ quantity: l.quantity, gross: l.gross_cents, net: l.net_cents, cost: l.cost_cents, discount: l.gross_cents - l.net_cents, negative: false })
      expect(s.parts).toBeLessThanOrEqual(3)
    }
  })
  it('allocates with the largest remainder', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3])
    expect(allocate(0, [0, 0])).toEqual([0, 0])
    expect(allocate(7, [5])).toEqual([7])
  })
})

describe('finishOrder', () => {
  const ctx = context({ ...SUPERSTORE, channel: { column: 'Channel' } })
  const eventCtx: EventContext = { namespace: 'superstore', secret: SECRET, orderIdColumn: 'Order ID', columnNames: { orderedAt: 'Order Date', channel: 'Channel', customer: 'Customer ID' } }
  const draft = (rows: Cells[], bad: Cells[] = []): OrderDraft => {
    const d: OrderDraft = { orderId: 'O-1', rows: [], bad: [] }
    rows.forEach((c, i) => {
      const r = parseRow(row({ 'Order ID': 'O-1', ...c }), 2 + i, ctx)
      if (!r.ok) throw new Error('expected a good row')
      d.rows.push(r.value)
    })
    bad.forEach((c, i) => {
      const r = parseRow(row({ 'Order ID': 'O-1', ...c }), 10 + i, ctx)
      if (r.ok) throw new Error('expected a bad row')
      d.bad.push({ row: 10 + i, issues: r.issues })
    })
    return d
  }

  it('gives placed, paid and shipped events and the customer, all valid and source import', () => {
    const r = finishOrder(draft([{}, { 'Product ID': 'OFF-1', Sales: '10.00', Discount: '0', Profit: '2.50', Quantity: '1' }]), eventCtx)
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    expect(r.events.map((e) => e.type)).toEqual(['order.placed', 'order.paid', 'order.shipped'])
    const all: AnyEvent[] = [...r.events, r.customer!.event]
    for (const e of all) {
      expect(envelopeSchema.parse(e)).toBeTruthy()
      expect(eventDataSchemas[e.type].safeParse(e.data).success, e.type).toBe(true)
      expect(e.source).toBe('import')
      expect(e.channel).toBe('tmall')
    }
    const paid = r.events[1]!
    expect(paid.occurred_at).toBe('2016-11-08T00:00:00.000Z')
    expect(r.events[2]!.occurred_at).toBe('2016-11-11T00:00:00.000Z')
    if (paid.type !== 'order.paid') throw new Error()
    expect(paid.data).toMatchObject({ order_id: 'import:superstore:O-1', external_id: 'O-1', location_id: 'import', region: 'South', city: 'Henderson' })
    expect(paid.data.customer_id).toMatch(/^C-[0-9a-f]{16}$/)
    expect(paid.data.lines.map((l) => l.line_no)).toEqual(paid.data.lines.map((_, i) => i + 1))
    expect(paid.data.lines.reduce((a, l) => a + l.amount_cents, 0)).toBe(73_194 + 1_000)
    expect(paid.data.lines.reduce((a, l) => a + l.unit_cost_cents * l.quantity, 0)).toBe(51_236 + 750)
    expect(r.customer!.event.data).toMatchObject({ customer_id: paid.data.customer_id, member_tier: 'Consumer' })
  })

  it('gives the same event ids every time (a re-import is skipped), different ones per namespace', () => {
    const a = finishOrder(draft([{}]), eventCtx)
    const b = finishOrder(draft([{}]), eventCtx)
    const c = finishOrder(draft([{}]), { ...eventCtx, namespace: 'other' })
    if (!a.ok || !b.ok || !c.ok) throw new Error()
    expect(b.events.map((e) => e.event_id)).toEqual(a.events.map((e) => e.event_id))
    expect(b.customer!.event.event_id).toBe(a.customer!.event.event_id)
    expect(new Set([...a.events, ...c.events].map((e) => e.event_id)).size).toBe(6)
    expect(importEventId(Date.UTC(2016, 10, 8), 'k')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('leaves the customer out of an anonymous order', () => {
    const r = finishOrder(draft([{ 'Customer ID': '' }]), eventCtx)
    if (!r.ok) throw new Error()
    expect(r.customer).toBeNull()
    expect((r.events[0]!.data as { customer_id: string }).customer_id).toBe('')
  })

  it('rejects a whole order with a bad row, reporting every one of its rows', () => {
    const r = finishOrder(draft([{}, {}], [{ Quantity: '-1' }]), eventCtx)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.issues).toEqual([
      { row: 2, column: 'Order ID', value: 'O-1', reason: 'order rejected: row 10 of this order has errors', order_id: 'O-1' },
      { row: 3, column: 'Order ID', value: 'O-1', reason: 'order rejected: row 10 of this order has errors', order_id: 'O-1' },
      { row: 10, column: 'Quantity', value: '-1', reason: 'must be at least 1 (returns are not imported)', order_id: 'O-1' },
    ])
  })

  it('rejects an order whose rows disagree on an order-level field', () => {
    const r = finishOrder(draft([{}, { 'Order Date': '11/9/2016' }, { Channel: 'jd' }]), eventCtx)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.issues.map((i) => `${i.row} ${i.column}: ${i.reason}`)).toEqual([
      '2 Order ID: order rejected: row 3, 4 of this order have errors',
      '3 Order Date: differs from row 2 of the same order (2016-11-08T00:00:00.000Z)',
      '4 Channel: differs from row 2 of the same order (tmall)',
    ])
  })
})
