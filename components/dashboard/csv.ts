/**
 * CSV export. `toCsv` follows RFC 4180 (CRLF record ends, fields with comma, quote, CR or
 * LF are quoted, quotes doubled) and starts with a UTF-8 BOM so Excel reads Chinese text
 * correctly. Text that a spreadsheet would run as a formula is defused with a leading `'`.
 */
import { channelLabel, translate, type Locale } from '@/lib/i18n/core'
import type { DayRange } from '@/lib/i18n/time-range'
import type { ChannelRow, KpiFields } from '@/components/dashboard/api'

export type CsvCell = string | number | null | undefined

export const UTF8_BOM = '\uFEFF'
const NUMERIC_RE = /^-?\d+(?:\.\d+)?$/
const FORMULA_START_RE = /^[=+\-@\t\r]/

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value
  if (typeof value === 'string' && FORMULA_START_RE.test(text) && !NUMERIC_RE.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}): string {
  const body = rows.map((row) => row.map(csvField).join(',')).join('\r\n')
  return `${options.bom === false ? '' : UTF8_BOM}${body}${rows.length > 0 ? '\r\n' : ''}`
}

function marginPercent(rate: number | null): string {
  return rate === null ? '' : (rate * 100).toFixed(2)
}

function kpiCells(k: KpiFields): CsvCell[] {
  return [
    k.net_revenue,
    k.gmv,
    k.cogs,
    k.gross_profit,
    marginPercent(k.gross_margin),
    k.orders,
    k.customers,
    k.aov ?? '',
  ]
}

/**
 * The channel comparison table as CSV: localized headers, raw decimal money (no currency
 * symbol or separators, so spreadsheets treat it as numbers), margin in percent, and a
 * total row.
 */
export function channelTableCsv(rows: readonly ChannelRow[], total: KpiFields | null, locale: Locale): string {
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key)
  const header = [
    t('csv.channelId'),
    t('csv.channel'),
    t('csv.netRevenue'),
    t('csv.gmv'),
    t('csv.cogs'),
    t('csv.grossProfit'),
    t('csv.grossMargin'),
    t('csv.orders'),
    t('csv.customers'),
    t('csv.aov'),
  ]
  const body = rows.map((row) => [row.channel, channelLabel(row.channel, locale), ...kpiCells(row)])
  const footer = total ? [['', t('csv.total'), ...kpiCells(total)]] : []
  return toCsv([header, ...body, ...footer])
}

export function channelCsvFileName(range: DayRange): string {
  return `fourflow-channels-${range.from}_${range.to}.csv`
}

/** A column of an exported table: its localized header and the raw cell of each row. */
export interface CsvColumn<R> {
  header: string
  csv: (row: R) => CsvCell
}

/** Any table as CSV: header row, one line per row, then an optional total row. */
export function tableCsv<R>(columns: readonly CsvColumn<R>[], rows: readonly R[], total?: R | null): string {
  const header = columns.map((c) => c.header)
  const body = rows.map((row) => columns.map((c) => c.csv(row)))
  const footer = total ? [columns.map((c) => c.csv(total))] : []
  return toCsv([header, ...body, ...footer])
}

/** `fourflow-<name>-<from>_<to>.csv`, with anything unsafe in a file name replaced. */
export function csvFileName(name: string, range: DayRange): string {
  return `fourflow-${name.replace(/[^\w.-]+/g, '_')}-${range.from}_${range.to}.csv`
}
