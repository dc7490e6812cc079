/**
 * Imports historical orders from a CSV file as analytics events (source `import`):
 *
 *   npm run import -- --file orders.csv --mapping mapping.json [--errors rejected.csv]
 *   npx tsx scripts/import.ts --file orders.csv --mapping mapping.json
 *
 * The mapping is described in docs/import.md. Events go to the event log (the outbox of the
 * embedded database under DATA_DIR, or Kafka when KAFKA_BROKERS is set); they never touch
 * operational stock. Re-running with the same file changes nothing. Rows that cannot be
 * imported are listed, with row, column and reason, in the error file.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { appSecret } from '@/lib/auth/secret'
import { config } from '@/lib/config'
import { closeDb } from '@/lib/db'
import { publishEvents } from '@/lib/eventlog/publish'
import { importMappingSchema } from '@/lib/import/mapping'
import { formatProgress, formatSummary } from '@/lib/import/progress'
import { ImportError, runImport, type ImportProgress } from '@/lib/import/run'

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    mapping: { type: 'string' },
    errors: { type: 'string' },
  },
})

function fail(message: string, code = 2): never {
  console.error(`import: ${message}`)
  process.exit(code)
}

if (!values.file) fail('--file <orders.csv> is required')
if (!values.mapping) fail('--mapping <mapping.json> is required (see docs/import.md)')
if (!fs.existsSync(values.file)) fail(`no such file: ${values.file}`)

let json: unknown
try {
  json = JSON.parse(fs.readFileSync(values.mapping, 'utf8'))
} catch (e) {
  fail(`cannot read the mapping ${values.mapping}: ${(e as Error).message}`)
}
const mapping = importMappingSchema.safeParse(json)
if (!mapping.success) {
  fail(`the mapping is not valid:\n${mapping.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`)
}
const file = values.file
const errorsFile = values.errors ?? path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.errors.csv`)
const tty = process.stderr.isTTY
let lastLine = 0

async function main() {
  const cfg = config()
  const summary = await runImport({
    file,
    mapping: mapping.data!,
    timeZone: cfg.TIME_ZONE,
    secret: appSecret(),
    publish: publishEvents,
    errorsFile,
    progressMs: tty ? 200 : 2000,
    onProgress: (p: ImportProgress) => {
      if (tty) process.stderr.write(`\r\x1b[2K${formatProgress(p)}`)
      else if (Date.now() - lastLine >= 2000 || p.phase === 'done') {
        lastLine = Date.now()
        process.stderr.write(`${formatProgress(p)}\n`)
      }
    },
  })
  if (tty) process.stderr.write('\n')
  console.log(formatSummary(summary))
  await closeDb()
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    if (tty) process.stderr.write('\n')
    if (e instanceof ImportError) fail(e.message, 1)
    const message = (e as Error).message ?? String(e)
    fail(/in use by process/.test(message) ? `${message}\n(the running server owns it: import through its page /import instead)` : message, 1)
  },
)
