import type { ImportProgress, ImportSummary } from './run'

const n = (x: number) => x.toLocaleString('en-US')

/** The CLI's progress line: `importing  45.2% · 452,000 / 1,000,000 rows · 61,234 rows/s · 12 rejected`. */
export function formatProgress(p: ImportProgress): string {
  if (p.phase === 'scanning') return `scanning   ${n(p.rows_read)} rows`
  const total = p.rows_total ?? 0
  return [
    `${p.phase === 'done' ? 'done     ' : 'importing'} ${p.percent.toFixed(1).padStart(5)}%`,
    `${n(p.rows_read)} / ${n(total)} rows`,
    `${n(p.rows_per_second)} rows/s`,
    `${n(p.rows_rejected)} rejected`,
  ].join(' · ')
}

/** What the CLI prints at the end. */
export function formatSummary(s: ImportSummary): string {
  const lines = [
    `imported ${n(s.rows_imported)} of ${n(s.rows_total ?? 0)} rows: ${n(s.orders_imported)} orders, ${n(s.customers)} customers, ${n(s.events)} events`,
    `in ${(s.elapsed_ms / 1000).toFixed(1)} s (${n(s.rows_per_second)} rows/s)`,
  ]
  if (s.rows_rejected > 0) lines.push(`rejected ${n(s.rows_rejected)} rows (${n(s.orders_rejected)} orders): see ${s.errors_file}`)
  return lines.join('\n')
}
