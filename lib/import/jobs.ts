import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { appSecret } from '@/lib/auth/secret'
import { config } from '@/lib/config'
import { publishEvents } from '@/lib/eventlog/publish'
import { DomainError } from '@/lib/ops/errors'
import { parseRow, type RowIssue } from './convert'
import { sampleCsv } from './csv'
import { resolveColumns, suggestMapping, type ImportMapping, type ImportMappingInput } from './mapping'
import { ImportError, runImport, type ImportProgress } from './run'

/**
 * Imports run by the server (the UI): an uploaded file is stored under DATA_DIR/imports,
 * previewed with a mapping, then imported by a background job in this process whose
 * progress the page polls. Jobs live in memory: a restart forgets them (the events they
 * published stay, and a re-run of the same file changes nothing).
 */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3

export type ImportJob = {
  id: string
  upload_id: string
  actor: string
  started_at: string
  finished_at: string | null
  state: 'running' | 'done' | 'failed'
  error: string | null
  progress: ImportProgress
  has_errors: boolean
}

type Holder = { jobs: Map<string, ImportJob> }
const holder = ((globalThis as Record<string, unknown>).__fourflowImports ??= { jobs: new Map() }) as Holder

const dir = () => path.join(config().DATA_DIR, 'imports')
const uploadPath = (id: string) => path.join(dir(), `${id}.csv`)
const errorsPath = (jobId: string) => path.join(dir(), `${jobId}.errors.csv`)

function existingUpload(id: string): string {
  const file = uploadPath(id)
  if (!fs.existsSync(file)) throw new DomainError('not_found', `no upload ${id}`, 404, 'upload_id')
  return file
}

/** Stores an uploaded CSV (streamed to disk, at most MAX_UPLOAD_BYTES); answers its header, a sample and a first mapping. */
export async function saveUpload(body: ReadableStream<Uint8Array> | null) {
  if (!body) throw new DomainError('invalid_body', 'send the CSV file as the request body', 400, 'file')
  fs.mkdirSync(dir(), { recursive: true })
  const id = randomUUID()
  const file = uploadPath(id)
  let bytes = 0
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length
      if (bytes > MAX_UPLOAD_BYTES) done(new DomainError('body_too_large', `the file exceeds ${MAX_UPLOAD_BYTES} bytes`, 413, 'file'))
      else done(null, chunk)
    },
  })
  try {
    await pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), limit, fs.createWriteStream(file))
  } catch (e) {
    fs.rmSync(file, { force: true })
    throw e
  }
  if (bytes === 0) {
    fs.rmSync(file, { force: true })
    throw new DomainError('invalid_body', 'the file is empty', 400, 'file')
  }
  const delimiter = sniffDelimiter(file)
  const { header, rows } = await sampleCsv(file, delimiter, 20)
  const suggestion: ImportMappingInput = { ...suggestMapping(header, rows), delimiter }
  return { upload_id: id, bytes, header: header.map((h) => h.trim()), sample: rows.slice(0, 5), suggested_mapping: suggestion }
}

/** The delimiter the first line uses most: "," ";" tab or "|". */
function sniffDelimiter(file: string): ',' | ';' | '\t' | '|' {
  const fd = fs.openSync(file, 'r')
  const buf = Buffer.alloc(8192)
  const n = fs.readSync(fd, buf, 0, buf.length, 0)
  fs.closeSync(fd)
  const line = buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0] ?? ''
  const counts = ([',', ';', '\t', '|'] as const).map((d) => ({ d, n: line.split(d).length }))
  return counts.sort((a, b) => b.n - a.n)[0]!.d
}

export type PreviewRow = {
  row: number
  ok: boolean
  order_id: string
  order_date: string | null
  ship_date: string | null
  channel: string | null
  customer: string | null
  region: string | null
  city: string | null
  store: string | null
  category: string | null
  sku: string | null
  quantity: number | null
  net_amount: string | null
  gross_amount: string | null
  cost: string | null
  issues: Omit<RowIssue, 'order_id' | 'row'>[]
}

const cents = (c: number) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`

/** The first rows of an upload as the mapping reads them: values converted, or why not. Row by row (orders are checked whole at import). */
export async function previewUpload(uploadId: string, mapping: ImportMapping, limit = 20): Promise<{ header: string[]; rows: PreviewRow[] }> {
  const file = existingUpload(uploadId)
  const { header, rows } = await sampleCsv(file, mapping.delimiter, limit)
  const resolved = resolveColumns(header, mapping)
  if (!resolved.ok) {
    const m = resolved.missing[0]!
    throw new DomainError('invalid_body', `the file has no column "${m.column}" (${resolved.missing.map((x) => x.column).join(', ')})`, 400, `mapping.${m.field}`)
  }
  const timeZone = config().TIME_ZONE
  return {
    header: header.map((h) => h.trim()),
    rows: rows.map((fields, i) => {
      const r = parseRow(fields, i + 2, { mapping, columns: resolved.columns, timeZone })
      if (!r.ok) {
        return { row: i + 2, ok: false, order_id: r.orderId, order_date: null, ship_date: null, channel: null, customer: null, region: null, city: null, store: null, category: null, sku: null, quantity: null, net_amount: null, gross_amount: null, cost: null, issues: r.issues.map(({ column, value, reason }) => ({ column, value, reason })) }
      }
      const { order: o, line: l } = r.value
      return {
        row: r.value.row,
        ok: true,
        order_id: o.orderId,
        order_date: new Date(o.orderedAt).toISOString(),
        ship_date: o.shippedAt === null ? null : new Date(o.shippedAt).toISOString(),
        channel: o.channel,
        customer: o.customer,
        region: o.region,
        city: o.city,
        store: o.store,
        category: l.category,
        sku: l.sku,
        quantity: l.quantity,
        net_amount: cents(l.net_cents),
        gross_amount: cents(l.gross_cents),
        cost: cents(l.cost_cents),
        issues: [],
      }
    }),
  }
}

const publicJob = (j: ImportJob) => ({ ...j, progress: { ...j.progress } })

/** Starts importing an upload in the background; answers at once with the job. */
export async function startImportJob(uploadId: string, mapping: ImportMapping, actor: string) {
  const file = existingUpload(uploadId)
  // Check the header now, so a wrong mapping is a 400 and not a failed job.
  const { header } = await sampleCsv(file, mapping.delimiter, 0)
  const resolved = resolveColumns(header, mapping)
  if (!resolved.ok) {
    const m = resolved.missing[0]!
    throw new DomainError('invalid_body', `the file has no column "${m.column}"`, 400, `mapping.${m.field}`)
  }
  const id = randomUUID()
  const job: ImportJob = {
    id,
    upload_id: uploadId,
    actor,
    started_at: new Date().toISOString(),
    finished_at: null,
    state: 'running',
    error: null,
    has_errors: false,
    progress: { phase: 'scanning', rows_total: null, rows_read: 0, rows_imported: 0, rows_rejected: 0, orders_imported: 0, orders_rejected: 0, customers: 0, events: 0, percent: 0, rows_per_second: 0, elapsed_ms: 0 },
  }
  holder.jobs.set(id, job)
  void runImport({
    file,
    mapping,
    timeZone: config().TIME_ZONE,
    secret: appSecret(),
    publish: publishEvents,
    errorsFile: errorsPath(id),
    onProgress: (p) => {
      job.progress = p
    },
  }).then(
    (summary) => {
      const { errors_file, ...progress } = summary
      job.progress = progress
      job.has_errors = errors_file !== null
      job.state = 'done'
      job.finished_at = new Date().toISOString()
    },
    (e: unknown) => {
      job.state = 'failed'
      job.progress = { ...job.progress, phase: 'failed' }
      job.error = e instanceof ImportError ? e.message : 'the import failed; the server log has the details'
      job.finished_at = new Date().toISOString()
      if (!(e instanceof ImportError)) console.error(`import job ${id} failed`, e)
    },
  )
  return publicJob(job)
}

export function importJob(id: string) {
  const job = holder.jobs.get(id)
  if (!job) throw new DomainError('not_found', `no import job ${id}`, 404)
  return publicJob(job)
}

/** The job's error CSV as a stream, or 404 when no row was rejected. */
export function importErrorsFile(id: string): { stream: ReadableStream<Uint8Array>; bytes: number } {
  const job = importJob(id)
  const file = errorsPath(job.id)
  if (!job.has_errors || !fs.existsSync(file)) throw new DomainError('not_found', `import job ${id} has no rejected rows${job.state === 'running' ? ' yet (it is still running)' : ''}`, 404)
  return { stream: Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>, bytes: fs.statSync(file).size }
}
