/**
 * clickhouse-http — a DEVELOPMENT / TEST STAND-IN for a ClickHouse server, not a production server.
 *
 *   npx tsx scripts/clickhouse-http.ts --path <dir> [--port 8123] [--host 127.0.0.1] [--verbose]
 *
 * One process owns one chDB data directory (chDB locks it to a single process) and serves the
 * part of ClickHouse's HTTP interface that @clickhouse/client uses, so that several processes
 * (web, ingest workers) can share one store through CLICKHOUSE_URL=http://127.0.0.1:8123 with
 * `createClient({ url })` unchanged. Queries run on the real ClickHouse engine inside chDB; only
 * the HTTP layer is re-implemented here. There is no authentication (credentials are accepted
 * and ignored), so it binds to loopback unless told otherwise.
 *
 * Served:
 *   GET|HEAD /ping, /replicas_status, and / without a query   → "Ok.\n"
 *   GET|POST /?query=…  and  POST / with the query in the body
 *     - URL parameters: query, query_id, database, default_format, param_<name>=<value>
 *       (ClickHouse text format, bound by the engine — never spliced into SQL), any other
 *       name is a setting applied to that query only (wait_end_of_query, buffer_size and the
 *       http_* / compression settings are handled here); user/password/quota_key are ignored.
 *     - A query in the URL plus a body: the body is the INSERT's data (`INSERT … FORMAT X`) or
 *       the rest of the query, as in ClickHouse.
 *     - multipart/form-data bodies with `query` and `param_*` parts (the client's
 *       use_multipart_params).
 *     - Request bodies with Content-Encoding gzip/deflate/br (zstd where Node has it).
 *     - Response compression (gzip/deflate/br) when enable_http_compression=1 and the client
 *       sends Accept-Encoding.
 *     - GET is read-only (readonly=2), as in ClickHouse.
 *   Responses carry X-ClickHouse-Query-Id, -Format, -Timezone, -Summary and -Server-Display-Name.
 *   Errors: the HTTP status ClickHouse would use (400/404/500/…), X-ClickHouse-Exception-Code and
 *   a body `Code: N. DB::Exception: … (NAME)`, which @clickhouse/client turns into ClickHouseError.
 *   Results in row formats (JSONEachRow, JSONCompactEachRow, TSV, CSV, RowBinary, Native …) are
 *   streamed: up to buffer_size (1 MiB) is held back so that an early error still gets a proper
 *   status; beyond that the body is chunked, and an error mid-stream ends it with ClickHouse's
 *   exception block (X-ClickHouse-Exception-Tag), which the client raises as an error. Other
 *   formats (JSON, *WithNames, Pretty, Parquet …) are answered whole: chDB's streaming would
 *   repeat their header and footer in every chunk.
 * Not served: session_id (501), ClickHouse-native compression (compress/decompress=1),
 *   external tables in multipart bodies, progress headers, /play and the other handlers.
 *
 * Engine use: every request gets its own chDB connection on the shared engine (opening one costs
 * ~0.3 ms), so settings, USE and temporary state never leak between requests, exactly like a
 * sessionless HTTP query. Connections run in parallel; parameterised queries are serialised,
 * because chdb-node documents that libchdb's parameter state races across connections. The
 * native binding is called directly (through chdb's own loader) because the HTTP parameter
 * values are already in ClickHouse's text format and chdb's JS wrappers would escape them again.
 *
 * SIGTERM/SIGINT: stop accepting, finish requests in flight, close chDB, exit 0.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { createRequire } from 'node:module'
import { randomBytes, randomUUID } from 'node:crypto'
import { parseArgs, promisify } from 'node:util'
import type { Writable } from 'node:stream'
import { Session } from 'chdb'

// ─── chDB native binding ────────────────────────────────────────────────────────────────────────

type NativeResult = { bytes: Uint8Array; elapsed: number; rowsRead: number; bytesRead: number }
type NativeInsertResult = { elapsed: number; rowsWritten: number; bytesWritten: number }
type NativeChunk = { bytes: Uint8Array; numRows: number; done: boolean }
type Params = Record<string, string>

/** The functions of chdb's addon this server uses (the ones chdb's Session methods wrap). */
interface ChdbNative {
  QueryAsyncConnection(conn: unknown, sql: string, format: string, params?: Params): Promise<NativeResult>
  InsertRawAsyncConnection(conn: unknown, prefix: string, data: Buffer, countLines: boolean): Promise<NativeInsertResult>
  StreamQuery(conn: unknown, sql: string, format: string, params?: Params): unknown
  StreamFetch(handle: unknown): Promise<NativeChunk>
  StreamCancel(handle: unknown): void
}

const localRequire = createRequire(import.meta.url)
const chdbRoot = path.dirname(localRequire.resolve('chdb/package.json'))
const CHDB_VERSION = (localRequire('chdb/package.json') as { version: string }).version
// chdb's loader picks the per-platform package and caches it: the same module chdb itself uses.
const native = (localRequire(path.join(chdbRoot, 'dist', 'loader.js')) as { loadNative(): ChdbNative }).loadNative()

// ─── Errors ──────────────────────────────────────────────────────────────────────────────────────

/** An error raised by this server, shaped like a ClickHouse exception. */
class ServerError extends Error {
  constructor(
    readonly code: number,
    readonly type: string,
    message: string,
  ) {
    super(message)
  }
}

const STATUS_BY_TYPE = new Map<string, number>()
const statusFor = (status: number, types: string[]) => types.forEach((t) => STATUS_BY_TYPE.set(t, status))
// As ClickHouse's HTTPHandler maps exception codes to statuses.
statusFor(401, ['REQUIRED_PASSWORD'])
statusFor(403, ['UNKNOWN_USER', 'WRONG_PASSWORD', 'AUTHENTICATION_FAILED', 'SET_NON_GRANTED_ROLE'])
statusFor(400, [
  'BAD_ARGUMENTS', 'CANNOT_COMPILE_REGEXP', 'CANNOT_PARSE_TEXT', 'CANNOT_PARSE_ESCAPE_SEQUENCE',
  'CANNOT_PARSE_QUOTED_STRING', 'CANNOT_PARSE_DATE', 'CANNOT_PARSE_DATETIME', 'CANNOT_PARSE_NUMBER',
  'CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING', 'CANNOT_PARSE_IPV4', 'CANNOT_PARSE_IPV6',
  'CANNOT_PARSE_INPUT_ASSERTION_FAILED', 'CANNOT_PARSE_UUID', 'CANNOT_PARSE_BOOL', 'DUPLICATE_COLUMN',
  'ILLEGAL_COLUMN', 'UNKNOWN_ELEMENT_IN_AST', 'UNKNOWN_TYPE_OF_AST_NODE', 'TOO_DEEP_AST', 'TOO_BIG_AST',
  'UNEXPECTED_AST_STRUCTURE', 'SYNTAX_ERROR', 'INCORRECT_DATA', 'TYPE_MISMATCH',
  'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
])
statusFor(404, [
  'UNKNOWN_TABLE', 'UNKNOWN_FUNCTION', 'UNKNOWN_IDENTIFIER', 'UNKNOWN_TYPE', 'UNKNOWN_STORAGE',
  'UNKNOWN_DATABASE', 'UNKNOWN_SETTING', 'UNKNOWN_DIRECTION_OF_SORTING', 'UNKNOWN_AGGREGATE_FUNCTION',
  'UNKNOWN_FORMAT', 'UNKNOWN_DATABASE_ENGINE', 'UNKNOWN_TYPE_OF_QUERY', 'UNKNOWN_ROLE',
])
statusFor(413, ['QUERY_IS_TOO_LARGE'])
statusFor(501, ['NOT_IMPLEMENTED'])
statusFor(503, ['SOCKET_TIMEOUT', 'CANNOT_OPEN_FILE', 'CANNOT_SCHEDULE_TASK'])

type Failure = { status: number; code: number; text: string }

/** The ClickHouse text of an error (`Code: N. DB::Exception: … (NAME)`), its code and HTTP status. */
function describeError(e: unknown): Failure {
  let text: string
  if (e instanceof ServerError) {
    text = `Code: ${e.code}. DB::Exception: ${e.message}. (${e.type})`
  } else {
    const message = e instanceof Error ? e.message : String(e)
    text = /^Code: \d+\./.test(message) ? message : `Code: 1001. DB::Exception: ${message}. (STD_EXCEPTION)`
  }
  const code = Number(/^Code: (\d+)\./.exec(text)?.[1] ?? 1001)
  // The type is the last `(UPPER_CASE)` marker; a message may quote others before it.
  const types = [...text.matchAll(/\(([A-Z][A-Z0-9_]{2,})\)/g)]
  const type = types.length > 0 ? types[types.length - 1]![1]! : ''
  return { status: STATUS_BY_TYPE.get(type) ?? 500, code, text: text.endsWith('\n') ? text : `${text}\n` }
}

// ─── Request parsing ─────────────────────────────────────────────────────────────────────────────

/** URL parameters that are not settings. */
const HTTP_PARAMS = new Set([
  'query', 'query_id', 'database', 'default_format', 'user', 'password', 'quota_key', 'session_id',
  'session_timeout', 'session_check', 'close_session', 'compress', 'decompress', 'stacktrace', 'role',
  'buffer_size', 'wait_end_of_query', 'client_protocol_version',
])
/** Settings that only concern the HTTP response; handled (or ignored) here, never sent to the engine. */
const HTTP_SETTINGS = new Set([
  'enable_http_compression', 'http_zlib_compression_level', 'http_response_buffer_size',
  'http_wait_end_of_query', 'send_progress_in_http_headers', 'http_headers_progress_interval_ms',
  'http_native_compression_disable_checksumming_on_decompress', 'add_http_cors_header',
  'cancel_http_readonly_queries_on_client_close', 'http_write_exception_in_output_format',
])
const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const MAX_BODY_BYTES = 1024 * 1024 * 1024
const DEFAULT_BUFFER_SIZE = 1024 * 1024

type Codec = 'gzip' | 'deflate' | 'br'

type Job = {
  queryId: string
  /** The URL `query` (or a multipart `query` part). */
  urlQuery: string
  body: Buffer
  database: string
  defaultFormat: string
  settings: [string, string][]
  params: Params
  codec?: Codec
  level: number
  bufferSize: number
  waitEnd: boolean
}

const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false'

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new ServerError(229, 'QUERY_IS_TOO_LARGE', `Request body is larger than ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

const zstdDecompress = (zlib as unknown as Record<string, unknown>).zstdDecompress as
  | ((b: Buffer, o: zlib.ZlibOptions, cb: (e: Error | null, r: Buffer) => void) => void)
  | undefined

async function decodeBody(body: Buffer, encoding: string | undefined): Promise<Buffer> {
  const enc = (encoding ?? '').trim().toLowerCase()
  if (enc === '' || enc === 'identity' || body.length === 0) return body
  const opts = { maxOutputLength: MAX_BODY_BYTES }
  if (enc === 'gzip' || enc === 'x-gzip') return promisify(zlib.gunzip)(body, opts)
  if (enc === 'deflate') return promisify(zlib.inflate)(body, opts)
  if (enc === 'br') return promisify(zlib.brotliDecompress)(body, opts)
  if (enc === 'zstd' && zstdDecompress) return promisify(zstdDecompress)(body, opts)
  throw new ServerError(36, 'BAD_ARGUMENTS', `Unsupported Content-Encoding: ${encoding}`)
}

/** The fields of a multipart/form-data body. Parts with a filename (external tables) are refused. */
function parseMultipart(body: Buffer, contentType: string): Map<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  if (!boundary) throw new ServerError(36, 'BAD_ARGUMENTS', 'multipart/form-data without a boundary')
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`)
  const fields = new Map<string, string>()
  let pos = body.indexOf(delimiter)
  while (pos !== -1) {
    let start = pos + delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2
    const next = body.indexOf(delimiter, start)
    if (next === -1) break
    const headerEnd = body.indexOf('\r\n\r\n', start)
    if (headerEnd === -1 || headerEnd > next) throw new ServerError(36, 'BAD_ARGUMENTS', 'Malformed multipart/form-data body')
    const headers = body.subarray(start, headerEnd).toString('utf8')
    let end = next
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2
    const name = /name="([^"]*)"/i.exec(headers)?.[1]
    if (/filename=/i.test(headers)) {
      throw new ServerError(48, 'NOT_IMPLEMENTED', 'External tables (multipart file parts) are not supported by clickhouse-http')
    }
    if (name !== undefined) fields.set(name, body.subarray(headerEnd + 4, end).toString('utf8'))
    pos = next
  }
  return fields
}

function pickCodec(acceptEncoding: string | undefined): Codec | undefined {
  for (const token of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...attrs] = token.trim().split(';')
    if (attrs.some((a) => /^\s*q=0(\.0*)?\s*$/.test(a))) continue
    if (name === 'gzip' || name === 'x-gzip') return 'gzip'
    if (name === 'deflate') return 'deflate'
    if (name === 'br') return 'br'
  }
  return undefined
}

async function parseJob(req: http.IncomingMessage, url: URL): Promise<Job> {
  const fields: [string, string][] = [...url.searchParams]
  let body = await decodeBody(await readBody(req), req.headers['content-encoding'])
  const contentType = req.headers['content-type'] ?? ''
  if (/^multipart\/form-data/i.test(contentType)) {
    fields.push(...parseMultipart(body, contentType))
    body = Buffer.alloc(0)
  }
  const get = (name: string) => {
    let value: string | undefined
    for (const [k, v] of fields) if (k === name) value = v
    return value
  }
  if (get('session_id')) {
    throw new ServerError(48, 'NOT_IMPLEMENTED', 'Sessions (session_id) are not supported by clickhouse-http: every query is sessionless')
  }
  if (truthy(get('compress')) || truthy(get('decompress'))) {
    throw new ServerError(48, 'NOT_IMPLEMENTED', 'ClickHouse-native compression (compress/decompress=1) is not supported by clickhouse-http; use Content-Encoding')
  }

  const settings = new Map<string, string>()
  const params: Params = {}
  for (const [key, value] of fields) {
    if (key.startsWith('param_')) params[key.slice('param_'.length)] = value
    else if (HTTP_PARAMS.has(key)) continue
    else if (!SETTING_NAME.test(key)) throw new ServerError(115, 'UNKNOWN_SETTING', `Unknown setting '${key}'`)
    else settings.set(key, value)
  }
  // A GET can only read, as in ClickHouse (readonly=2 still lets the query change settings).
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (settings.get('readonly') !== '1') settings.set('readonly', '2')
  }
  const level = Number(settings.get('http_zlib_compression_level') ?? 3)
  const bufferSize = Number(get('buffer_size') ?? settings.get('http_response_buffer_size') ?? DEFAULT_BUFFER_SIZE)
  const job: Job = {
    queryId: get('query_id') || randomUUID(),
    urlQuery: get('query') ?? '',
    body,
    database: get('database') || headerValue(req, 'x-clickhouse-database') || 'default',
    defaultFormat: get('default_format') || headerValue(req, 'x-clickhouse-format') || 'TabSeparated',
    settings: [],
    params,
    codec: truthy(settings.get('enable_http_compression')) ? pickCodec(req.headers['accept-encoding']) : undefined,
    level: Number.isInteger(level) && level >= 1 && level <= 9 ? level : 3,
    bufferSize: Number.isFinite(bufferSize) && bufferSize >= 0 ? bufferSize : DEFAULT_BUFFER_SIZE,
    waitEnd: truthy(get('wait_end_of_query')) || truthy(settings.get('http_wait_end_of_query')),
  }
  for (const name of HTTP_SETTINGS) settings.delete(name)
  job.settings = [...settings]
  return job
}

function headerValue(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

// ─── SQL helpers ─────────────────────────────────────────────────────────────────────────────────

/** Where the comment or whitespace starting at `i` ends (or `i` if there is none). */
function skipTrivia(sql: string, i: number): number {
  for (;;) {
    const c = sql[i]
    if (c === undefined) return i
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') i++
    else if ((c === '-' && sql[i + 1] === '-') || (c === '#' && (sql[i + 1] === ' ' || sql[i + 1] === '!'))) {
      const nl = sql.indexOf('\n', i)
      i = nl === -1 ? sql.length : nl + 1
    } else if (c === '/' && sql[i + 1] === '*') {
      // ClickHouse comments nest.
      let depth = 0
      do {
        if (sql.startsWith('/*', i)) {
          depth++
          i += 2
        } else if (sql.startsWith('*/', i)) {
          depth--
          i += 2
        } else i++
      } while (depth > 0 && i < sql.length)
    } else return i
  }
}

const WORD_START = /[A-Za-z_]/
const WORD = /[A-Za-z0-9_]/

/** The first keyword of a statement, past comments and opening parentheses. */
function firstKeyword(sql: string): string {
  let i = skipTrivia(sql, 0)
  while (sql[i] === '(') i = skipTrivia(sql, i + 1)
  return (/^[A-Za-z_]+/.exec(sql.slice(i, i + 16))?.[0] ?? '').toUpperCase()
}

/**
 * The format named by the statement's last top-level `FORMAT <name>`, skipping string literals,
 * quoted identifiers, comments and anything inside brackets.
 */
function formatClause(sql: string): string | undefined {
  let format: string | undefined
  let depth = 0
  let previous = ''
  let i = 0
  while (i < sql.length) {
    const next = skipTrivia(sql, i)
    if (next !== i) {
      i = next
      continue
    }
    const c = sql[i]!
    if (c === "'" || c === '"' || c === '`') {
      i++
      while (i < sql.length && sql[i] !== c) i += sql[i] === '\\' ? 2 : 1
      i++
      previous = ''
    } else if (WORD_START.test(c)) {
      const from = i
      while (i < sql.length && WORD.test(sql[i]!)) i++
      const word = sql.slice(from, i)
      if (depth === 0 && previous === 'FORMAT') format = word
      previous = depth === 0 ? word.toUpperCase() : ''
    } else {
      if (c === '(' || c === '[' || c === '{') depth++
      else if (c === ')' || c === ']' || c === '}') depth--
      previous = ''
      i++
    }
  }
  return format
}

/** Statements whose result may be streamed. */
const READS = new Set(['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'EXISTS'])
/**
 * Formats that are a plain sequence of rows. chDB's streaming formats each chunk as a document of
 * its own (JSON, *WithNames, Pretty, Parquet … would repeat their header and footer), so only
 * these are streamed; the rest are answered whole.
 */
const ROW_FORMATS = new Set(
  ['JSONEachRow', 'JSONLines', 'NDJSON', 'JSONStringsEachRow', 'JSONCompactEachRow', 'JSONCompactStringsEachRow',
    'TabSeparated', 'TSV', 'TabSeparatedRaw', 'TSVRaw', 'Raw', 'CSV', 'RowBinary', 'Native', 'LineAsString']
    .map((f) => f.toLowerCase()),
)

function contentType(format: string): string {
  const f = format.toLowerCase()
  if (f.startsWith('json')) return 'application/json; charset=UTF-8'
  if (f.startsWith('tabseparated') || f.startsWith('tsv')) return 'text/tab-separated-values; charset=UTF-8'
  if (f.startsWith('csv')) return `text/csv; charset=UTF-8; header=${f.includes('names') ? 'present' : 'absent'}`
  if (/^(parquet|arrow|native|rowbinary|orc|avro|protobuf|capnproto|msgpack|bson|npy)/.test(f)) return 'application/octet-stream'
  return 'text/plain; charset=UTF-8'
}

const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\0/g, '\\0')}'`
const sqlIdentifier = (s: string) => `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``

// ─── Engine ──────────────────────────────────────────────────────────────────────────────────────

class Engine {
  /** Held for the process's lifetime: it keeps the engine up between requests. */
  private readonly base: Session
  private paramTail: Promise<void> = Promise.resolve()
  version = ''
  timezone = 'UTC'

  constructor(readonly dataPath: string) {
    this.base = new Session(dataPath)
  }

  async init(): Promise<void> {
    const r = await native.QueryAsyncConnection(this.base.connection, 'SELECT version(), timezone()', 'TabSeparated')
    const [version = '', timezone = 'UTC'] = Buffer.from(r.bytes).toString('utf8').trim().split('\t')
    this.version = version
    this.timezone = timezone
  }

  /** A fresh connection: per-request state (settings, database) dies with it. */
  connect(): Session {
    return new Session(this.dataPath)
  }

  /** Runs `fn` while no other parameterised query is in the engine. */
  async withParams<T>(fn: () => T | Promise<T>): Promise<T> {
    const previous = this.paramTail
    let release!: () => void
    this.paramTail = new Promise<void>((r) => (release = r))
    await previous
    try {
      return await fn()
    } finally {
      release()
    }
  }

  close(): void {
    this.base.close()
  }
}

// ─── Responses ───────────────────────────────────────────────────────────────────────────────────

type Summary = {
  read_rows: number
  read_bytes: number
  written_rows: number
  written_bytes: number
  result_rows: number
  result_bytes: number
  elapsed_ns: number
}

const emptySummary = (): Summary => ({
  read_rows: 0, read_bytes: 0, written_rows: 0, written_bytes: 0, result_rows: 0, result_bytes: 0, elapsed_ns: 0,
})

function summaryHeader(s: Summary): string {
  return JSON.stringify({
    read_rows: String(s.read_rows),
    read_bytes: String(s.read_bytes),
    written_rows: String(s.written_rows),
    written_bytes: String(s.written_bytes),
    total_rows_to_read: '0',
    result_rows: String(s.result_rows),
    result_bytes: String(s.result_bytes),
    elapsed_ns: String(Math.round(s.elapsed_ns)),
  })
}

const compressors: Record<Codec, (b: Buffer, level: number) => Promise<Buffer>> = {
  gzip: (b, level) => promisify(zlib.gzip)(b, { level }),
  deflate: (b, level) => promisify(zlib.deflate)(b, { level }),
  br: (b) => promisify(zlib.brotliCompress)(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }),
}
const compressionStreams: Record<Codec, (level: number) => zlib.Gzip | zlib.Deflate | zlib.BrotliCompress> = {
  gzip: (level) => zlib.createGzip({ level }),
  deflate: (level) => zlib.createDeflate({ level }),
  br: () => zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }),
}

/** Writes `chunk`, then waits for the stream to want more (or to be gone). */
function write(stream: Writable, chunk: Buffer): Promise<void> {
  if (stream.write(chunk)) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done)
      stream.off('close', done)
      resolve()
    }
    stream.on('drain', done)
    stream.on('close', done)
  })
}

class Reply {
  /** The client went away before the response was complete. */
  aborted = false
  queryId: string
  private readonly started = process.hrtime.bigint()

  constructor(
    private readonly res: http.ServerResponse,
    queryId: string,
    private readonly closing: () => boolean,
  ) {
    this.queryId = queryId
    res.on('close', () => {
      if (!res.writableFinished) this.aborted = true
    })
    res.on('error', () => undefined)
  }

  get elapsedNs(): number {
    return Number(process.hrtime.bigint() - this.started)
  }

  get headersSent(): boolean {
    return this.res.headersSent
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    return {
      // Header values must be Latin-1; a query_id is echoed as far as it is.
      'X-ClickHouse-Query-Id': this.queryId.replace(/[^\x20-\x7e]/g, '?'),
      'X-ClickHouse-Server-Display-Name': os.hostname(),
      'X-ClickHouse-Timezone': engine.timezone,
      ...(this.closing() ? { Connection: 'close' } : {}),
      ...extra,
    }
  }

  text(status: number, body: string, extra: Record<string, string> = {}): void {
    const buf = Buffer.from(body)
    this.res.writeHead(status, this.headers({ 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': String(buf.length), ...extra }))
    this.res.end(buf)
  }

  fail(e: unknown): Failure {
    const f = describeError(e)
    if (this.aborted || this.res.headersSent) return f
    this.text(f.status, f.text, { 'X-ClickHouse-Exception-Code': String(f.code) })
    return f
  }

  async complete(job: Job, format: string, chunks: Buffer[], summary: Summary): Promise<void> {
    if (this.aborted) return
    let body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
    const extra: Record<string, string> = {}
    if (job.codec && body.length > 0) {
      body = await compressors[job.codec](body, job.level)
      extra['Content-Encoding'] = job.codec
    }
    summary.elapsed_ns = this.elapsedNs
    this.res.writeHead(200, this.headers({
      'Content-Type': contentType(format),
      'Content-Length': String(body.length),
      'X-ClickHouse-Format': format,
      'X-ClickHouse-Summary': summaryHeader(summary),
      ...extra,
    }))
    this.res.end(body)
  }

  /** Sends the headers of a streamed (chunked) 200 response; returns where to write the body. */
  stream(job: Job, format: string, summary: Summary): Streamed {
    const tag = randomBytes(8).toString('hex')
    summary.elapsed_ns = this.elapsedNs
    const extra: Record<string, string> = {}
    let out: Writable = this.res
    if (job.codec) {
      const z = compressionStreams[job.codec](job.level)
      z.on('error', () => this.res.destroy())
      this.res.on('close', () => z.destroy())
      z.pipe(this.res)
      out = z
      extra['Content-Encoding'] = job.codec
    }
    this.res.writeHead(200, this.headers({
      'Content-Type': contentType(format),
      'X-ClickHouse-Format': format,
      'X-ClickHouse-Summary': summaryHeader(summary),
      'X-ClickHouse-Exception-Tag': tag,
      ...extra,
    }))
    return {
      write: (chunk) => write(out, chunk),
      // ClickHouse (25.11+) ends a stream that failed after its headers with this block.
      fail: (e) => {
        const message = describeError(e).text.replace(/\n$/, '')
        const block = `\r\n__exception__\r\n${tag}\r\n${message}\n${Buffer.byteLength(message) + 1} ${tag}\r\n__exception__\r\n`
        out.end(Buffer.from(block))
      },
      end: () => {
        out.end()
      },
    }
  }
}

type Streamed = { write(chunk: Buffer): Promise<void>; fail(e: unknown): void; end(): void }

const bytesOf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)

// ─── Execution ───────────────────────────────────────────────────────────────────────────────────

/** Applies the request's database and settings to its (fresh) connection. */
async function prepare(conn: unknown, job: Job): Promise<void> {
  const statements: string[] = []
  if (job.database !== 'default') statements.push(`USE ${sqlIdentifier(job.database)}`)
  if (job.settings.length > 0) {
    statements.push(`SET ${job.settings.map(([k, v]) => `${k} = ${sqlString(v)}`).join(', ')}`)
  }
  if (statements.length > 0) await native.QueryAsyncConnection(conn, statements.join('; '), 'TabSeparated')
}

async function execute(job: Job, reply: Reply): Promise<void> {
  const hasParams = Object.keys(job.params).length > 0
  const insertWithData = job.urlQuery !== '' && firstKeyword(job.urlQuery) === 'INSERT'
  if (insertWithData && job.body.length === 0 && formatClause(job.urlQuery)) {
    // An INSERT of an empty stream inserts nothing, as ClickHouse does over HTTP.
    return reply.complete(job, job.defaultFormat, [], emptySummary())
  }
  const session = engine.connect()
  const conn = session.connection
  try {
    await prepare(conn, job)
    if (insertWithData && job.body.length > 0 && !hasParams) {
      // The data stays bytes: chDB parses it in the engine, as the server would.
      const r = await native.InsertRawAsyncConnection(conn, job.urlQuery, job.body, false)
      const summary = { ...emptySummary(), read_rows: r.rowsWritten, read_bytes: job.body.length, written_rows: r.rowsWritten, written_bytes: r.bytesWritten }
      return await reply.complete(job, job.defaultFormat, [], summary)
    }
    const sql = job.body.length === 0 ? job.urlQuery : job.urlQuery === '' ? job.body.toString('utf8') : `${job.urlQuery}\n${job.body.toString('utf8')}`
    if (sql.trim() === '') throw new ServerError(62, 'SYNTAX_ERROR', 'Empty query')
    const params = hasParams ? job.params : undefined
    let format = job.defaultFormat
    if (READS.has(firstKeyword(sql))) {
      // Also given to chDB as the default, so the output is in this format even if a `FORMAT x`
      // found here were not the statement's own.
      format = formatClause(sql) ?? job.defaultFormat
      const rowsOnly = ROW_FORMATS.has(format.toLowerCase()) && !truthy(job.settings.find(([k]) => k === 'output_format_json_array_of_rows')?.[1])
      if (rowsOnly && (await streamQuery(conn, sql, format, params, job, reply))) return
    }
    const run = () => native.QueryAsyncConnection(conn, sql, format, params)
    const r = await (params ? engine.withParams(run) : run())
    const summary = { ...emptySummary(), read_rows: r.rowsRead, read_bytes: r.bytesRead, result_bytes: r.bytes.byteLength }
    await reply.complete(job, format, [bytesOf(r.bytes)], summary)
  } finally {
    session.close()
  }
}

/**
 * Streams a result in a row format. The first buffer_size bytes are held back so that a query
 * failing early still gets an error status; returns false when chDB cannot stream the statement.
 */
async function streamQuery(conn: unknown, sql: string, format: string, params: Params | undefined, job: Job, reply: Reply): Promise<boolean> {
  const start = () => (params ? native.StreamQuery(conn, sql, format, params) : native.StreamQuery(conn, sql, format))
  let handle: unknown
  try {
    handle = params ? await engine.withParams(start) : start()
  } catch (e) {
    if (e instanceof Error && /Streaming query is not supported/.test(e.message)) return false
    throw e
  }
  try {
    const held: Buffer[] = []
    const summary = emptySummary()
    let done = false
    while (!reply.aborted) {
      const chunk = await native.StreamFetch(handle)
      if (chunk.done) {
        done = true
        break
      }
      held.push(bytesOf(chunk.bytes))
      summary.result_rows += chunk.numRows
      summary.result_bytes += chunk.bytes.byteLength
      if (!job.waitEnd && summary.result_bytes >= job.bufferSize) break
    }
    if (reply.aborted) return true
    if (done) {
      await reply.complete(job, format, held, summary)
      return true
    }
    const out = reply.stream(job, format, summary)
    for (const b of held) await out.write(b)
    while (!reply.aborted) {
      let chunk: NativeChunk
      try {
        chunk = await native.StreamFetch(handle)
      } catch (e) {
        out.fail(e)
        return true
      }
      if (chunk.done) break
      await out.write(bytesOf(chunk.bytes))
    }
    out.end()
    return true
  } finally {
    // Never while a fetch is in flight: every fetch above has been awaited.
    native.StreamCancel(handle)
  }
}

// ─── Server ──────────────────────────────────────────────────────────────────────────────────────

const OK_PATHS = new Set(['/ping', '/replicas_status'])

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const queryId = url.searchParams.get('query_id') || randomUUID()
  const reply = new Reply(res, queryId, () => closing)
  const method = req.method ?? 'GET'
  const started = performance.now()
  let status = 200
  let sql = ''
  try {
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
      status = 405
      return reply.text(405, `HTTP method ${method} is not supported by clickhouse-http\n`, { Allow: 'GET, HEAD, POST' })
    }
    if (OK_PATHS.has(url.pathname) || (url.pathname === '/' && method !== 'POST' && !url.searchParams.has('query'))) {
      req.resume()
      return reply.text(200, 'Ok.\n')
    }
    if (url.pathname !== '/') {
      req.resume()
      status = 404
      return reply.text(404, `There is no handle ${url.pathname}\n\nUse / or /ping for health checks.\n`)
    }
    const job = await parseJob(req, url)
    reply.queryId = job.queryId
    sql = job.urlQuery || job.body.subarray(0, 200).toString('utf8')
    await execute(job, reply)
  } catch (e) {
    req.resume()
    const f = reply.fail(e)
    status = f.status
    if (verbose) process.stderr.write(`clickhouse-http: ${f.text}`)
  } finally {
    if (verbose) {
      const line = sql.replace(/\s+/g, ' ').trim().slice(0, 120)
      process.stderr.write(`clickhouse-http: ${method} ${status} ${(performance.now() - started).toFixed(1)}ms ${reply.queryId} ${line}\n`)
    }
  }
}

// ─── Main ────────────────────────────────────────────────────────────────────────────────────────

const USAGE = 'usage: npx tsx scripts/clickhouse-http.ts --path <dir> [--port 8123] [--host 127.0.0.1] [--verbose]'

function fatal(message: string, code = 1): never {
  process.stderr.write(`clickhouse-http: ${message}\n`)
  process.exit(code)
}

let args: { path?: string; port: string; host: string; verbose: boolean; help: boolean }
try {
  args = parseArgs({
    options: {
      path: { type: 'string' },
      port: { type: 'string', default: '8123' },
      host: { type: 'string', default: '127.0.0.1' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }).values as typeof args
} catch (e) {
  fatal(`${(e as Error).message}\n${USAGE}`, 2)
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}
if (!args.path) fatal(`--path is required\n${USAGE}`, 2)
const port = Number(args.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fatal(`invalid --port ${args.port}`, 2)
const host = args.host
const verbose = args.verbose
const dataPath = path.resolve(args.path)
if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
  process.stderr.write(`clickhouse-http: WARNING: listening on ${host} without authentication; this is a development stand-in\n`)
}

let engine: Engine
let closing = false
let active = 0
let onIdle: (() => void) | undefined

const server = http.createServer((req, res) => {
  active++
  handle(req, res)
    .catch((e) => {
      process.stderr.write(`clickhouse-http: unexpected error: ${(e as Error).stack ?? String(e)}\n`)
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
    })
    .finally(() => {
      active--
      if (active === 0) onIdle?.()
    })
})
server.keepAliveTimeout = 10_000
server.requestTimeout = 0
server.on('clientError', (_e, socket) => socket.destroy())

async function main(): Promise<void> {
  fs.mkdirSync(dataPath, { recursive: true })
  try {
    engine = new Engine(dataPath)
    await engine.init()
  } catch (e) {
    fatal(`cannot open chDB at ${dataPath}: ${(e as Error).message}`)
  }
  server.on('error', (e) => {
    engine.close()
    fatal(`cannot listen on ${host}:${port}: ${e.message}`)
  })
  server.listen(port, host, () => {
    const address = server.address()
    const actualPort = typeof address === 'object' && address ? address.port : port
    const shownHost = host.includes(':') ? `[${host}]` : host
    process.stdout.write(`clickhouse-http: chDB ${CHDB_VERSION} (ClickHouse ${engine.version}) at ${dataPath} listening on http://${shownHost}:${actualPort}\n`)
  })
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

const GRACE_MS = 30_000

async function shutdown(signal: string): Promise<void> {
  if (closing) {
    process.stderr.write(`clickhouse-http: ${signal} again, exiting now\n`)
    process.exit(1)
  }
  closing = true
  server.close()
  server.closeIdleConnections()
  const idle = () => new Promise<void>((resolve) => (active === 0 ? resolve() : (onIdle = resolve)))
  let timer: NodeJS.Timeout | undefined
  const graceful = await Promise.race([
    idle().then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), GRACE_MS))),
  ])
  clearTimeout(timer)
  if (!graceful) {
    // Cut the clients off; handlers still wait for their engine calls before they return.
    server.closeAllConnections()
    await idle()
  }
  server.closeAllConnections()
  engine.close()
  process.exit(0)
}

void main()
