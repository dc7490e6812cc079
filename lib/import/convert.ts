import { customerIdFor, identityKey } from '@/lib/customers/identity'
import type { Channel } from '@/lib/events/channels'
import { SCHEMA_VERSION, type AnyEvent, type Envelope, type EventData, type EventType, type OrderLine } from '@/lib/events/schema'
import { eventKey, importEventId } from './ids'
import { channelOf, type ColumnField, type ImportMapping, type ResolvedColumns } from './mapping'
import { parseDate, parseMoney, parseQuantity, parseRate, type NumberFormat } from './values'

/**
 * Rows of an imported file → analytics events, pure. A row is checked on its own
 * (parseRow); the rows of one order are then checked together and become the order's events
 * (finishOrder). An order with any bad row is rejected whole: every one of its rows is
 * reported, the bad ones with their own reasons, the others as rejected with their order.
 */

/** One reason a row was not imported. `row` counts as a spreadsheet does: the header is row 1. */
export type RowIssue = { row: number; column: string; value: string; reason: string; order_id: string }

export type OrderHeader = {
  orderId: string
  orderedAt: number
  shippedAt: number | null
  channel: Channel
  /** The file's customer id, '' for an anonymous sale. */
  customer: string
  segment: string
  region: string
  city: string
  store: string
}

/** A row's line, in cents: before discount (gross), after it (net), and its cost. */
export type RowLine = { sku: string; category: string; quantity: number; gross_cents: number; net_cents: number; cost_cents: number }
export type ParsedRow = { row: number; order: OrderHeader; line: RowLine }

export type ConvertContext = {
  mapping: ImportMapping
  columns: ResolvedColumns
  /** Dates without an offset are local to this zone, unless the mapping names one. */
  timeZone: string
}

export const MAX_ORDER_ID_LENGTH = 80
export const MAX_LINES_PER_ORDER = 500
const CONTROL = /[\u0000-\u001f\u007f]/

/** Checks one row and converts its values; every bad cell of the row is reported. */
export function parseRow(fields: readonly string[], row: number, ctx: ConvertContext): { ok: true; value: ParsedRow } | { ok: false; orderId: string; issues: RowIssue[] } {
  const { mapping: m, columns: c } = ctx
  const fmt: NumberFormat = { decimal: m.decimal, thousands: m.thousands }
  const cell = (i: number | undefined) => (i === undefined ? '' : (fields[i] ?? '').trim())
  const orderId = cell(c.order_id)
  const issues: RowIssue[] = []
  const bad = (i: number | undefined, reason: string, value = cell(i)) => {
    issues.push({ row, column: i === undefined ? '' : (c.names[i] ?? ''), value, reason, order_id: orderId })
  }
  if (fields.length !== c.names.length) {
    issues.push({ row, column: '(row)', value: '', reason: `has ${fields.length} fields, the header has ${c.names.length}`, order_id: orderId })
    return { ok: false, orderId, issues }
  }
  const text = (field: ColumnField, max: number, required: boolean): string => {
    const i = c[field]
    const v = cell(i)
    if (required && v === '') bad(i, 'is empty')
    else if (v.length > max) bad(i, `is longer than ${max} characters`)
    else if (CONTROL.test(v)) bad(i, 'contains control characters')
    return v
  }

  if (orderId === '') bad(c.order_id, 'is empty')
  else if (orderId.length > MAX_ORDER_ID_LENGTH) bad(c.order_id, `is longer than ${MAX_ORDER_ID_LENGTH} characters`)
  else if (CONTROL.test(orderId)) bad(c.order_id, 'contains control characters')

  const timeZone = m.time_zone ?? ctx.timeZone
  const ordered = parseDate(cell(c.order_date), m.date_formats, timeZone)
  if (!ordered.ok) bad(c.order_date, ordered.reason)
  let shippedAt: number | null = null
  if (c.ship_date !== undefined && cell(c.ship_date) !== '') {
    const shipped = parseDate(cell(c.ship_date), m.date_formats, timeZone)
    if (!shipped.ok) bad(c.ship_date, shipped.reason)
    else if (ordered.ok && shipped.value < ordered.value) bad(c.ship_date, 'is before the order date')
    else shippedAt = shipped.value
  }

  let channel: Channel | undefined
  if ('constant' in m.channel) channel = m.channel.constant
  else {
    const v = cell(c.channel)
    channel = channelOf(v, m.channel.values)
    if (!channel) bad(c.channel, v === '' ? 'is empty' : 'is not a channel (web, tmall, jd, miniprogram, douyin, store, distributor, their names, or the mapping’s values)')
  }

  const customer = text('customer_id', 100, false)
  text('customer_name', 64, false)
  const segment = text('segment', 32, false)
  const region = text('region', 64, false)
  text('state', 64, false)
  const city = text('city', 64, false)
  const store = 'constant' in m.store ? m.store.constant : cell(c.store)
  if ('column' in m.store) {
    if (store === '') bad(c.store, 'is empty')
    else if (store.length > 64) bad(c.store, 'is longer than 64 characters')
  }
  const mainCategory = text('category', 128, true)
  const subCategory = text('sub_category', 128, m.category_from !== 'category')
  const category = m.category_from === 'category' ? mainCategory : m.category_from === 'sub_category' ? subCategory : `${mainCategory} / ${subCategory}`
  if (m.category_from === 'both' && category.length > 128) bad(c.category, 'with the sub-category is longer than 128 characters')
  const sku = text('sku', 128, true)
  text('product_name', 200, false)

  const quantity = parseQuantity(cell(c.quantity), fmt)
  if (!quantity.ok) bad(c.quantity, quantity.reason)
  const amount = parseMoney(cell(c.amount), fmt)
  if (!amount.ok) bad(c.amount, amount.reason)
  else if (amount.value < 0) bad(c.amount, 'must not be negative (returns are not imported)')

  // Gross (before discount) and net (after) from the amount and the discount.
  let gross: number | undefined
  let net: number | undefined
  if (amount.ok && amount.value >= 0) {
    const a = amount.value
    const raw = m.discount ? cell(c.discount) : ''
    if (!m.discount || raw === '') {
      gross = a
      net = a
    } else if (m.discount.kind === 'amount') {
      const d = parseMoney(raw, fmt)
      if (!d.ok) bad(c.discount, d.reason)
      else if (d.value < 0) bad(c.discount, 'must not be negative')
      else if (m.amount_is === 'net') [gross, net] = [a + d.value, a]
      else if (d.value > a) bad(c.discount, 'is more than the line amount')
      else [gross, net] = [a, a - d.value]
    } else {
      const r = parseRate(raw, fmt)
      if (!r.ok) bad(c.discount, r.reason)
      else if (m.amount_is === 'net') [gross, net] = [Math.round(a / (1 - r.value)), a]
      else [gross, net] = [a, Math.round(a * (1 - r.value))]
    }
  }

  let cost: number | undefined
  const costCell = cell(c.cost)
  const costValue = parseMoney(costCell, fmt)
  if (!costValue.ok) bad(c.cost, costValue.reason)
  else if (m.cost.kind === 'profit') {
    if (net !== undefined) {
      cost = net - costValue.value
      if (cost < 0) bad(c.cost, 'is more than the line amount: the cost would be negative')
    }
  } else if (costValue.value < 0) bad(c.cost, 'must not be negative')
  else if (m.cost.kind === 'line') cost = costValue.value
  else if (quantity.ok) {
    cost = costValue.value * quantity.value
    if (!Number.isSafeInteger(cost)) bad(c.cost, 'times the quantity is too large')
  }

  if (issues.length > 0 || !ordered.ok || !quantity.ok || !channel || gross === undefined || net === undefined || cost === undefined) {
    return { ok: false, orderId, issues }
  }
  return {
    ok: true,
    value: {
      row,
      order: { orderId, orderedAt: ordered.value, shippedAt, channel, customer, segment, region, city, store },
      line: { sku, category, quantity: quantity.value, gross_cents: gross, net_cents: net, cost_cents: cost },
    },
  }
}

/**
 * A row's line as event lines. The analytics store multiplies `list_price_cents` and
 * `unit_cost_cents` by the quantity, so a gross or cost that the quantity does not divide is
 * split into up to three lines of the same SKU whose unit values differ by one cent: the
 * sums stay exact to the cent. The net amount is shared in proportion to gross (largest
 * remainder), so no part has a negative discount.
 */
export function splitLine(l: RowLine): Omit<OrderLine, 'line_no'>[] {
  const q = l.quantity
  const g = Math.floor(l.gross_cents / q)
  const rg = l.gross_cents - g * q
  const u = Math.floor(l.cost_cents / q)
  const ru = l.cost_cents - u * q
  const both = Math.min(rg, ru)
  const parts = [
    { quantity: both, list: g + 1, cost: u + 1 },
    { quantity: rg - both, list: g + 1, cost: u },
    { quantity: ru - both, list: g, cost: u + 1 },
    { quantity: q - Math.max(rg, ru), list: g, cost: u },
  ].filter((p) => p.quantity > 0)
  const amounts = allocate(l.net_cents, parts.map((p) => p.list * p.quantity))
  return parts.map((p, i) => {
    const amount = amounts[i]!
    return {
      sku: l.sku,
      category: l.category,
      quantity: p.quantity,
      list_price_cents: p.list,
      unit_price_cents: Math.round(amount / p.quantity),
      discount_cents: p.list * p.quantity - amount,
      amount_cents: amount,
      unit_cost_cents: p.cost,
    }
  })
}

/** `total` shared in proportion to `weights` (largest remainder; exact integers). */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (weights.length === 1) return [total]
  const sum = weights.reduce((a, b) => a + b, 0)
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0))
  const T = BigInt(total)
  const S = BigInt(sum)
  const shares = weights.map((w) => (T * BigInt(w)) / S)
  const rems = weights.map((w, i) => ({ i, r: (T * BigInt(w)) % S }))
  let left = total - shares.reduce((a, b) => a + Number(b), 0)
  rems.sort((a, b) => (b.r > a.r ? 1 : b.r < a.r ? -1 : a.i - b.i))
  const out = shares.map(Number)
  for (const { i } of rems) {
    if (left <= 0) break
    out[i]! += 1
    left--
  }
  return out
}

// ---------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------

/** The rows of one order, as read so far. */
export type OrderDraft = { orderId: string; rows: ParsedRow[]; bad: { row: number; issues: RowIssue[] }[] }

export type EventContext = { namespace: string; secret: string; orderIdColumn: string; columnNames: Partial<Record<keyof OrderHeader, string>> }

export type FinishedOrder =
  | { ok: true; customer: { key: string; event: Envelope<'customer.upserted'> } | null; events: AnyEvent[]; rows: number; lines: number }
  | { ok: false; issues: RowIssue[] }

/** The id an imported customer gets: a keyed hash of the namespace and the file's customer id. */
export function importedCustomerId(secret: string, namespace: string, customer: string): { customerId: string; key: string } {
  const key = identityKey(secret, 'buyer_id', `import:${namespace}:${customer}`)
  return { customerId: customerIdFor(key), key }
}

/** The order id an imported order gets: unique across sources, readable. */
export const importedOrderId = (namespace: string, orderId: string) => `import:${namespace}:${orderId}`

function importEvent<T extends EventType>(type: T, channel: Channel, data: EventData<T>, at: number, key: string): Envelope<T> {
  return { event_id: importEventId(at, key), type, schema_version: SCHEMA_VERSION, occurred_at: new Date(at).toISOString(), source: 'import', channel, data }
}

const ORDER_FIELDS: (keyof OrderHeader)[] = ['orderedAt', 'shippedAt', 'channel', 'customer', 'region', 'city', 'store']
const show = (v: unknown) => (typeof v === 'number' ? new Date(v).toISOString() : v === null ? '(empty)' : String(v))

/**
 * The events of a whole order — `order.placed` and `order.paid` at the order date with every
 * line, `order.shipped` at the ship date — or why it is rejected: a bad row, rows that
 * disagree on an order-level field (date, channel, customer, place), too many lines.
 */
export function finishOrder(d: OrderDraft, ctx: EventContext): FinishedOrder {
  const issues: RowIssue[] = d.bad.flatMap((b) => b.issues)
  const first = d.rows[0]
  if (first) {
    for (const r of d.rows.slice(1)) {
      for (const f of ORDER_FIELDS) {
        if (r.order[f] !== first.order[f]) {
          issues.push({ row: r.row, column: ctx.columnNames[f] ?? f, value: show(r.order[f]), reason: `differs from row ${first.row} of the same order (${show(first.order[f])})`, order_id: d.orderId })
        }
      }
    }
  }
  const lines = d.rows.flatMap((r) => splitLine(r.line)).map((l, i) => ({ line_no: i + 1, ...l }))
  if (issues.length === 0 && lines.length > MAX_LINES_PER_ORDER) {
    issues.push({ row: d.rows[0]!.row, column: ctx.orderIdColumn, value: d.orderId, reason: `has ${lines.length} lines; at most ${MAX_LINES_PER_ORDER} per order`, order_id: d.orderId })
  }
  if (issues.length > 0 || !first) {
    const badRows = [...new Set(issues.map((i) => i.row))].sort((a, b) => a - b)
    for (const r of d.rows) {
      if (badRows.includes(r.row)) continue
      issues.push({ row: r.row, column: ctx.orderIdColumn, value: d.orderId, reason: `order rejected: row ${badRows.join(', ')} of this order ${badRows.length > 1 ? 'have' : 'has'} errors`, order_id: d.orderId })
    }
    issues.sort((a, b) => a.row - b.row)
    return { ok: false, issues }
  }

  const o = first.order
  const ns = ctx.namespace
  const who = o.customer ? importedCustomerId(ctx.secret, ns, o.customer) : null
  const order = {
    order_id: importedOrderId(ns, o.orderId),
    external_id: o.orderId,
    location_id: o.store,
    region: o.region,
    city: o.city,
    customer_id: who?.customerId ?? '',
  }
  const key = (type: string) => eventKey(ns, 'order', o.orderId, type)
  const events: AnyEvent[] = [
    importEvent('order.placed', o.channel, { ...order, lines }, o.orderedAt, key('order.placed')),
    importEvent('order.paid', o.channel, { ...order, lines }, o.orderedAt, key('order.paid')),
  ]
  if (o.shippedAt !== null) events.push(importEvent('order.shipped', o.channel, { ...order, actor: 'import' }, o.shippedAt, key('order.shipped')))
  const customer = who
    ? {
        key: o.customer,
        event: importEvent(
          'customer.upserted',
          o.channel,
          { customer_id: who.customerId, region: o.region, city: o.city, member_tier: o.segment || 'none', identity_keys: [who.key] },
          o.orderedAt,
          eventKey(ns, 'customer', o.customer),
        ),
      }
    : null
  return { ok: true, customer, events, rows: d.rows.length, lines: lines.length }
}
