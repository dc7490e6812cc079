// Adds up the vitest and Playwright JSON reports into one closing line: "N passed, N failed".
import fs from 'node:fs'
import path from 'node:path'

const dir = process.argv[2]
let passed = 0
let failed = 0
let skipped = 0
for (const file of ['unit.json', 'integration.json']) {
  const p = path.join(dir, file)
  if (!fs.existsSync(p)) { failed++; console.log(`summary: ${file} missing (suite did not run)`); continue }
  const r = JSON.parse(fs.readFileSync(p, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests + (r.numRuntimeErrors ?? 0)
  skipped += r.numPendingTests + r.numTodoTests
}
const e2e = path.join(dir, 'e2e.json')
if (fs.existsSync(e2e)) {
  const s = JSON.parse(fs.readFileSync(e2e, 'utf8')).stats
  passed += s.expected
  failed += s.unexpected
  skipped += s.skipped
} else {
  failed++
  console.log('summary: e2e.json missing (suite did not run)')
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
