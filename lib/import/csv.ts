import fs from 'node:fs'
import { parse } from 'csv-parse'

/**
 * Streams the records of a CSV file (csv-parse): never the whole file in memory. The first
 * record is the header. A byte-order mark is dropped; rows may have a different number of
 * fields (the import reports them); blank lines are skipped.
 */
export async function* readCsv(file: string, delimiter: string, onBytes?: (bytes: number) => void): AsyncGenerator<string[]> {
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 })
  if (onBytes) input.on('data', (chunk) => onBytes(chunk.length))
  const parser = input.pipe(
    parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }),
  )
  input.on('error', (e) => parser.destroy(e))
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record
  } finally {
    input.destroy()
  }
}

/** The header and the first `limit` data records of a file. */
export async function sampleCsv(file: string, delimiter: string, limit: number): Promise<{ header: string[]; rows: string[][] }> {
  let header: string[] | undefined
  const rows: string[][] = []
  for await (const record of readCsv(file, delimiter)) {
    if (!header) header = record
    else rows.push(record)
    if (rows.length >= limit) break
  }
  return { header: header ?? [], rows }
}

/** One CSV field, quoted when it needs to be (RFC 4180); formula-like text is defused for spreadsheets. */
export function csvField(value: string | number): string {
  let s = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export const csvLine = (fields: readonly (string | number)[]) => `${fields.map(csvField).join(',')}\r\n`
