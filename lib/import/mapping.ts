import { z } from 'zod'
import { CHANNEL_IDS, CHANNELS, channelSchema, type Channel } from '@/lib/events/channels'
import { isValidTimeZone } from '@/lib/i18n/time-range'
import { compileDateFormat, DATE_FORMAT_PATTERN } from './values'

/**
 * The mapping of a historical order file: which column holds each field, and how to read
 * the values. One definition, used by the CLI (a JSON file), the API and the UI. docs/import.md
 * explains every field with a worked example.
 */
const column = z.string().trim().min(1).max(200)

export const COLUMN_FIELDS = [
  'order_id',
  'order_date',
  'ship_date',
  'customer_id',
  'customer_name',
  'segment',
  'region',
  'state',
  'city',
  'category',
  'sub_category',
  'sku',
  'product_name',
  'quantity',
  'amount',
] as const
export type ColumnField = (typeof COLUMN_FIELDS)[number]
export const REQUIRED_COLUMNS = ['order_id', 'order_date', 'category', 'sku', 'quantity', 'amount'] as const satisfies readonly ColumnField[]

const columnsSchema = z.object({
  order_id: column,
  order_date: column,
  ship_date: column.optional(),
  customer_id: column.optional(),
  customer_name: column.optional(),
  /** A customer segment or membership tier (Superstore: Consumer, Corporate, Home Office). */
  segment: column.optional(),
  region: column.optional(),
  /** Province or state: checked, not stored (events have no such field; see docs/import.md). */
  state: column.optional(),
  city: column.optional(),
  category: column,
  sub_category: column.optional(),
  sku: column,
  product_name: column.optional(),
  quantity: column,
  /** The line amount: after discount (`amount_is: "net"`, the default) or before it. */
  amount: column,
})

export const importMappingSchema = z
  .object({
    /**
     * Names the source system. Event ids and customer ids derive from it and the file's own
     * order and customer ids: re-importing (the same file, or an overlapping export of the
     * same system) changes nothing.
     */
    namespace: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'must be 1–40 letters, digits, "_", "-" or "."').default('default'),
    columns: columnsSchema,
    /** The sales channel: one for the whole file, or a column (channel ids, 中文 or English names, or `values`). */
    channel: z.union([
      z.object({ constant: channelSchema }).strict(),
      z.object({ column, values: z.record(z.string().max(100), channelSchema).optional() }).strict(),
    ]),
    /** The store or warehouse an order is booked at; default the constant "import". */
    store: z.union([z.object({ constant: z.string().trim().min(1).max(64) }).strict(), z.object({ column }).strict()]).default({ constant: 'import' }),
    amount_is: z.enum(['net', 'gross']).default('net'),
    discount: z.object({ column, kind: z.enum(['amount', 'rate']) }).strict().optional(),
    cost: z.object({ column, kind: z.enum(['unit', 'line', 'profit']) }).strict(),
    /** Which value becomes the event's category: the category, the sub-category, or "Category / Sub-category". */
    category_from: z.enum(['category', 'sub_category', 'both']).default('category'),
    /** Tried in order. Tokens YYYY MM M MMM DD D HH H mm ss, or `iso`. */
    date_formats: z
      .array(z.string().regex(DATE_FORMAT_PATTERN, 'must use the tokens YYYY MM M MMM DD D HH H mm ss, or be "iso"'))
      .min(1)
      .max(10)
      .default(['YYYY-MM-DD', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm:ss', 'YYYY/MM/DD', 'iso']),
    /** Dates without an offset are local to this zone; default the configured TIME_ZONE. */
    time_zone: z.string().refine(isValidTimeZone, 'is not an IANA time zone').optional(),
    delimiter: z.enum([',', ';', '\t', '|']).default(','),
    decimal: z.enum(['.', ',']).default('.'),
    thousands: z.enum(['', ',', '.', ' ', "'"]).default(''),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const [i, f] of m.date_formats.entries()) {
      try {
        compileDateFormat(f)
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: ['date_formats', i], message: (e as Error).message })
      }
    }
    if (m.decimal === m.thousands) ctx.addIssue({ code: 'custom', path: ['thousands'], message: 'must differ from the decimal separator' })
    if (m.delimiter === m.decimal && m.decimal === ',') ctx.addIssue({ code: 'custom', path: ['decimal'], message: 'a decimal comma needs another delimiter (";")' })
    if (m.category_from !== 'category' && !m.columns.sub_category) {
      ctx.addIssue({ code: 'custom', path: ['columns', 'sub_category'], message: `is needed by category_from "${m.category_from}"` })
    }
  })

export type ImportMapping = z.infer<typeof importMappingSchema>
export type ImportMappingInput = z.input<typeof importMappingSchema>

/** Column indexes of a mapping in one file's header. */
export type ResolvedColumns = { [K in ColumnField]?: number } & {
  channel?: number
  store?: number
  discount?: number
  cost: number
  /** Header names by index, for error reports. */
  names: string[]
}

/** A header cell as the mapping is matched against it: trimmed; matched exactly, else case-insensitively. */
function indexOf(header: readonly string[], name: string): number {
  const exact = header.findIndex((h) => h.trim() === name)
  if (exact >= 0) return exact
  const lower = name.toLowerCase()
  return header.findIndex((h) => h.trim().toLowerCase() === lower)
}

/** Where each mapped column is, or every column the header lacks. */
export function resolveColumns(header: readonly string[], m: ImportMapping): { ok: true; columns: ResolvedColumns } | { ok: false; missing: { field: string; column: string }[] } {
  const missing: { field: string; column: string }[] = []
  const find = (field: string, name: string | undefined): number | undefined => {
    if (name === undefined) return undefined
    const i = indexOf(header, name)
    if (i < 0) missing.push({ field, column: name })
    return i < 0 ? undefined : i
  }
  const out: Partial<ResolvedColumns> = { names: header.map((h) => h.trim()) }
  for (const f of COLUMN_FIELDS) {
    const i = find(`columns.${f}`, m.columns[f])
    if (i !== undefined) out[f] = i
  }
  if ('column' in m.channel) out.channel = find('channel.column', m.channel.column)
  if ('column' in m.store) out.store = find('store.column', m.store.column)
  if (m.discount) out.discount = find('discount.column', m.discount.column)
  out.cost = find('cost.column', m.cost.column) ?? -1
  if (missing.length > 0) return { ok: false, missing }
  return { ok: true, columns: out as ResolvedColumns }
}

/** A channel cell → channel id: the mapping's own `values`, else the id, 中文 or English name. */
export function channelOf(value: string, values?: Record<string, Channel>): Channel | undefined {
  const v = value.trim()
  if (values && Object.hasOwn(values, v)) return values[v]
  const lower = v.toLowerCase()
  return CHANNEL_IDS.find((id) => id === lower || CHANNELS[id].zh === v || CHANNELS[id].en.toLowerCase() === lower)
}

// ---------------------------------------------------------------------------------------
// Suggestions for the UI: a first mapping guessed from the header
// ---------------------------------------------------------------------------------------

const NAMES: Record<ColumnField | 'channel' | 'store' | 'discount' | 'unit_cost' | 'line_cost' | 'profit', string[]> = {
  order_id: ['order id', 'order_id', 'order no', 'order number', '订单号', '订单编号', '订单id'],
  order_date: ['order date', 'order_date', 'date', 'created at', '下单日期', '下单时间', '订单日期'],
  ship_date: ['ship date', 'ship_date', 'shipped at', '发货日期', '发货时间'],
  customer_id: ['customer id', 'customer_id', '客户id', '客户编号', '会员号'],
  customer_name: ['customer name', 'customer_name', '客户名称', '客户姓名'],
  segment: ['segment', '客户类型', '细分'],
  region: ['region', '地区', '区域', '大区'],
  state: ['state', 'province', 'state/province', '省份', '省'],
  city: ['city', '城市'],
  category: ['category', '类别', '品类', '类目'],
  sub_category: ['sub-category', 'sub_category', 'subcategory', '子类别', '子品类'],
  sku: ['product id', 'sku', 'product_id', '商品编号', '商品id', 'sku编码'],
  product_name: ['product name', 'product_name', '商品名称', '产品名称'],
  quantity: ['quantity', 'qty', '数量'],
  amount: ['sales', 'amount', 'line amount', 'revenue', '销售额', '金额', '实付金额'],
  channel: ['channel', '渠道', '销售渠道'],
  store: ['store', 'store id', 'location', '门店', '门店编号'],
  discount: ['discount', '折扣', '优惠金额'],
  unit_cost: ['unit cost', 'unit_cost', '单位成本', '成本单价'],
  line_cost: ['cost', 'line cost', '成本', '成本金额'],
  profit: ['profit', '利润'],
}

/** The header column a field most likely lives in, by common names (English and 中文). */
function guess(header: readonly string[], key: keyof typeof NAMES): string | undefined {
  const names = NAMES[key]
  const hit = header.find((h) => names.includes(h.trim().toLowerCase()))
  return hit?.trim()
}

/**
 * A first mapping for a header, for the UI to show and the user to correct. Fields it cannot
 * place are left out (required ones then fail validation with their name).
 */
export function suggestMapping(header: readonly string[], sample: readonly (readonly string[])[] = []): ImportMappingInput {
  const columns: Partial<Record<ColumnField, string>> = {}
  for (const f of COLUMN_FIELDS) {
    const g = guess(header, f)
    if (g) columns[f] = g
  }
  const channel = guess(header, 'channel')
  const store = guess(header, 'store')
  const discount = guess(header, 'discount')
  const profit = guess(header, 'profit')
  const unitCost = guess(header, 'unit_cost')
  const lineCost = guess(header, 'line_cost')
  let discountKind: 'amount' | 'rate' = 'amount'
  if (discount) {
    const i = header.findIndex((h) => h.trim() === discount)
    const values = sample.map((r) => r[i] ?? '').filter((v) => v.trim() !== '')
    if (values.length > 0 && values.every((v) => /%$/.test(v.trim()) || (Number(v) >= 0 && Number(v) < 1))) discountKind = 'rate'
  }
  const dateColumn = columns.order_date ? header.findIndex((h) => h.trim() === columns.order_date) : -1
  const dates = sample.map((r) => r[dateColumn] ?? '').filter(Boolean)
  return {
    namespace: 'default',
    columns: columns as ImportMappingInput['columns'],
    channel: channel ? { column: channel } : { constant: 'web' },
    ...(store ? { store: { column: store } } : {}),
    ...(discount ? { discount: { column: discount, kind: discountKind } } : {}),
    cost: profit ? { column: profit, kind: 'profit' } : unitCost ? { column: unitCost, kind: 'unit' } : { column: lineCost ?? '', kind: 'line' },
    date_formats: guessDateFormats(dates),
  }
}

/** Date formats that fit sample values: ISO-like, or slashed month-first / day-first when a day > 12 tells. */
export function guessDateFormats(values: readonly string[]): string[] {
  const v = values.map((s) => s.trim())
  if (v.length === 0 || v.every((s) => /^\d{4}[-/]\d{1,2}[-/]\d{1,2}/.test(s))) {
    return ['YYYY-MM-DD', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm:ss', 'YYYY/MM/DD', 'YYYY/MM/DD HH:mm:ss', 'iso']
  }
  const sep = v.find((s) => /^\d{1,2}([-/.])\d{1,2}\1\d{4}/.test(s))?.match(/^\d{1,2}([-/.])/)?.[1] ?? '/'
  const firstOver12 = v.some((s) => Number(s.split(/[-/.]/)[0]) > 12)
  const order = firstOver12 ? 'D{s}M{s}YYYY' : 'M{s}D{s}YYYY'
  const base = order.replaceAll('{s}', sep)
  return [base, `${base} H:mm`, `${base} H:mm:ss`]
}
