import fs from 'node:fs'
import { once } from 'node:events'
import type { AnyEvent } from '@/lib/events/schema'
import { finishOrder, parseRow, type ConvertContext, type EventContext, type OrderDraft, type RowIssue } from './convert'
import { csvLine, readCsv } from './csv'
import { resolveColumns, type ImportMapping } from './mapping'

/**
 * Runs one import: a file and its mapping → events in the event log, and an error report.
 *
 * Two streaming passes, so a file of any size is never held in memory:
 * 1. scan: where each order's last row is (order ids only);
 * 2. import: rows are checked as they stream; an order's rows wait until its last row has
 *    been read, then the order becomes events (or is rejected whole). Events go to `publish`
 *    in bounded batches, awaited, so reading waits for the event log.
 * Rows of one order need not be adjacent; when they are (the usual export), at most one
 * order is held at a time.
 */
export type ImportProgress = {
  phase: 'scanning' | 'importing' | 'done' | 'failed'
  rows_total: number | null
  rows_read: number
  rows_imported: number
  rows_rejected: number
  orders_imported: number
  orders_rejected: number
  customers: number
  events: number
  /** 0–100: the share of rows imported or rejected (the scan is quick and counts as 0). */
  percent: number
  rows_per_second: number
  elapsed_ms: number
}

export type ImportSummary = ImportProgress & { errors_file: string | null }

export class ImportError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

export type RunOptions = {
  file: string
  mapping: ImportMapping
  /** Dates without an offset are local to this zone, unless the mapping names one. */
  timeZone: string
  /** Keys customer ids (lib/customers/identity). */
  secret: string
  publish: (events: AnyEvent[]) => Promise<void>
  /** Where the error CSV goes; it is written only when some row is rejected. */
  errorsFile?: string
  /** Most events per publish; default 2000. */
  batchSize?: number
  onProgress?: (p: ImportProgress) => void
  /** How often onProgress is called at most; default 250 ms. */
  progressMs?: number
  signal?: AbortSignal
}

export const ERROR_CSV_HEADER = ['row', 'column', 'value', 'reason', 'order_id'] as const

export async function runImport(opts: RunOptions): Promise<ImportSummary> {
  const { mapping } = opts
  const started = performance.now()
  const batchSize = opts.batchSize ?? 2000
  const progressMs = opts.progressMs ?? 250
  const timeZone = mapping.time_zone ?? opts.timeZone
  const p: ImportProgress = {
    phase: 'scanning',
    rows_total: null,
    rows_read: 0,
    rows_imported: 0,
    rows_rejected: 0,
    orders_imported: 0,
    orders_rejected: 0,
    customers: 0,
    events: 0,
    percent: 0,
    rows_per_second: 0,
    elapsed_ms: 0,
  }
  let lastReport = 0
  let importStarted = started
  const report = (force = false) => {
    const now = performance.now()
    if (!force && now - lastReport < progressMs) return
    lastReport = now
    p.elapsed_ms = Math.round(now - started)
    const seconds = (now - importStarted) / 1000
    p.rows_per_second = p.phase === 'scanning' || seconds <= 0 ? 0 : Math.round(p.rows_read / seconds)
    p.percent = p.phase === 'done' ? 100 : p.rows_total ? Math.min(100, Math.floor((p.rows_read / p.rows_total) * 1000) / 10) : 0
    opts.onProgress?.({ ...p })
  }
  const aborted = () => {
    if (opts.signal?.aborted) throw new ImportError('the import was cancelled')
  }

  // Pass 1: the header, and each order's last row.
  let header: string[] | undefined
  let orderColumn = -1
  const lastRow = new Map<string, number>()
  let row = 1
  for await (const record of readCsv(opts.file, mapping.delimiter)) {
    if (!header) {
      header = record
      const resolved = resolveColumns(header, mapping)
      if (!resolved.ok) {
        const list = resolved.missing.map((m) => `${m.field} "${m.column}"`).join(', ')
        throw new ImportError(`the file has no column ${list}; its columns are: ${header.map((h) => h.trim()).join(', ')}`, resolved.missing[0]!.field)
      }
      orderColumn = resolved.columns.order_id!
      continue
    }
    row++
    const id = (record[orderColumn] ?? '').trim()
    if (id) lastRow.set(id, row)
    p.rows_read = row - 1
    if ((row & 0x3fff) === 0) {
      aborted()
      report()
    }
  }
  if (!header) throw new ImportError('the file is empty: no header row')
  const resolved = resolveColumns(header, mapping)
  if (!resolved.ok) throw new ImportError('unreachable: columns resolved above')
  const columns = resolved.columns
  const ctx: ConvertContext = { mapping, columns, timeZone }
  const name = (i: number | undefined) => (i === undefined ? undefined : columns.names[i])
  const eventCtx: EventContext = {
    namespace: mapping.namespace,
    secret: opts.secret,
    orderIdColumn: name(columns.order_id) ?? 'order_id',
    columnNames: {
      orderedAt: name(columns.order_date),
      shippedAt: name(columns.ship_date),
      channel: name(columns.channel),
      customer: name(columns.customer_id),
      region: name(columns.region),
      city: name(columns.city),
      store: name(columns.store),
    },
  }

  p.phase = 'importing'
  p.rows_total = row - 1
  p.rows_read = 0
  importStarted = performance.now()
  report(true)

  // The error report: created at the first rejected row.
  let errors: fs.WriteStream | undefined
  const reportIssues = async (issues: RowIssue[]) => {
    if (!opts.errorsFile) return
    if (!errors) {
      errors = fs.createWriteStream(opts.errorsFile)
      errors.write(`\ufeff${csvLine(ERROR_CSV_HEADER)}`)
    }
    const text = issues.map((i) => csvLine([i.row, i.column, i.value, i.reason, i.order_id])).join('')
    if (!errors.write(text)) await once(errors, 'drain')
  }

  let batch: AnyEvent[] = []
  const flush = async () => {
    if (batch.length === 0) return
    const events = batch
    batch = []
    await opts.publish(events)
  }
  const seenCustomers = new Set<string>()
  const pending = new Map<string, OrderDraft>()
  const finish = async (d: OrderDraft) => {
    pending.delete(d.orderId)
    const result = finishOrder(d, eventCtx)
    if (!result.ok) {
      p.orders_rejected++
      p.rows_rejected += new Set(result.issues.map((i) => i.row)).size
      await reportIssues(result.issues)
      return
    }
    p.orders_imported++
    p.rows_imported += result.rows
    if (result.customer && !seenCustomers.has(result.customer.key)) {
      seenCustomers.add(result.customer.key)
      batch.push(result.customer.event)
      p.customers++
      p.events++
    }
    for (const e of result.events) batch.push(e)
    p.events += result.events.length
    if (batch.length >= batchSize) await flush()
  }

  try {
    row = 1
    let first = true
    for await (const record of readCsv(opts.file, mapping.delimiter)) {
      if (first) {
        first = false
        continue
      }
      row++
      p.rows_read = row - 1
      const parsed = parseRow(record, row, ctx)
      const orderId = parsed.ok ? parsed.value.order.orderId : parsed.orderId
      if (orderId === '' && !parsed.ok) {
        p.rows_rejected++
        await reportIssues(parsed.issues)
      } else {
        let d = pending.get(orderId)
        if (!d) {
          d = { orderId, rows: [], bad: [] }
          pending.set(orderId, d)
        }
        if (parsed.ok) d.rows.push(parsed.value)
        else d.bad.push({ row, issues: parsed.issues })
        if (lastRow.get(orderId) === row) await finish(d)
      }
      if ((row & 0x3ff) === 0) {
        aborted()
        report()
      }
    }
    // Orders whose last row moved (the file changed between the passes): finish them too.
    for (const d of [...pending.values()]) await finish(d)
    await flush()
  } finally {
    if (errors) {
      const stream = errors
      await new Promise<void>((resolve) => stream.end(resolve))
    }
  }
  p.phase = 'done'
  report(true)
  return { ...p, errors_file: errors && opts.errorsFile ? opts.errorsFile : null }
}
