import type { Channel } from '@/lib/events/channels'
import { COLUMN_FIELDS, type ColumnField, type ImportMappingInput } from '@/lib/import/mapping'

/**
 * The mapping form's state (every value a string the inputs edit) and its conversion to and
 * from a mapping. Pure, so the page stays a thin shell. The server validates the mapping
 * (zod) and names the field to fix.
 */
export type MappingForm = {
  namespace: string
  /** '' = not mapped */
  columns: Record<ColumnField, string>
  channelMode: 'constant' | 'column'
  channelConstant: Channel
  channelColumn: string
  storeMode: 'constant' | 'column'
  storeConstant: string
  storeColumn: string
  amountIs: 'net' | 'gross'
  discountKind: 'none' | 'amount' | 'rate'
  discountColumn: string
  costKind: 'unit' | 'line' | 'profit'
  costColumn: string
  categoryFrom: 'category' | 'sub_category' | 'both'
  dateFormats: string
  timeZone: string
  delimiter: ',' | ';' | '\t' | '|'
}

export function formFromMapping(m: ImportMappingInput): MappingForm {
  const columns = Object.fromEntries(COLUMN_FIELDS.map((f) => [f, m.columns?.[f] ?? ''])) as Record<ColumnField, string>
  return {
    namespace: m.namespace ?? 'default',
    columns,
    channelMode: m.channel && 'column' in m.channel ? 'column' : 'constant',
    channelConstant: m.channel && 'constant' in m.channel ? m.channel.constant : 'web',
    channelColumn: m.channel && 'column' in m.channel ? m.channel.column : '',
    storeMode: m.store && 'column' in m.store ? 'column' : 'constant',
    storeConstant: m.store && 'constant' in m.store ? m.store.constant : 'import',
    storeColumn: m.store && 'column' in m.store ? m.store.column : '',
    amountIs: m.amount_is ?? 'net',
    discountKind: m.discount?.kind ?? 'none',
    discountColumn: m.discount?.column ?? '',
    costKind: m.cost?.kind ?? 'profit',
    costColumn: m.cost?.column ?? '',
    categoryFrom: m.category_from ?? 'category',
    dateFormats: (m.date_formats ?? ['YYYY-MM-DD']).join(', '),
    timeZone: m.time_zone ?? '',
    delimiter: m.delimiter ?? ',',
  }
}

export function mappingFromForm(f: MappingForm): ImportMappingInput {
  const columns = Object.fromEntries(COLUMN_FIELDS.flatMap((k) => (f.columns[k] ? [[k, f.columns[k]]] : []))) as ImportMappingInput['columns']
  return {
    namespace: f.namespace.trim(),
    columns,
    channel: f.channelMode === 'column' ? { column: f.channelColumn } : { constant: f.channelConstant },
    store: f.storeMode === 'column' ? { column: f.storeColumn } : { constant: f.storeConstant.trim() || 'import' },
    amount_is: f.amountIs,
    ...(f.discountKind !== 'none' && f.discountColumn ? { discount: { column: f.discountColumn, kind: f.discountKind } } : {}),
    cost: { column: f.costColumn, kind: f.costKind },
    category_from: f.categoryFrom,
    date_formats: f.dateFormats
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    ...(f.timeZone.trim() ? { time_zone: f.timeZone.trim() } : {}),
    delimiter: f.delimiter,
  }
}

/** The job's progress as the bar shows it: 0–100, whole or one decimal. */
export function progressPercent(p: { phase: string; percent: number } | undefined): number {
  if (!p) return 0
  if (p.phase === 'done') return 100
  return Math.max(0, Math.min(100, Math.round(p.percent * 10) / 10))
}
