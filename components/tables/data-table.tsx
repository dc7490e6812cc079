'use client'

import type { ReactNode } from 'react'
import { useI18n } from '@/lib/i18n'
import { tableCsv, type CsvCell } from '@/components/dashboard/csv'
import { downloadText } from '@/components/dashboard/download'
import { ErrorState, Skeleton } from '@/components/dashboard/states'

export interface Column<R> {
  id: string
  header: string
  cell: (row: R) => ReactNode
  csv: (row: R) => CsvCell
  numeric?: boolean
}

interface Props<R> {
  title: ReactNode
  columns: readonly Column<R>[]
  rows: readonly R[] | undefined
  rowKey: (row: R) => string
  total?: R | null
  /** Rows become buttons that drill into the row's member (`drill-row-<key>`). */
  onRowClick?: (row: R) => void
  rowTitle?: string
  error?: unknown
  errorPath?: string
  onRetry?: () => void
  updating?: boolean
  empty: ReactNode
  csvFileName: string
  testId: string
  exportTestId?: string
  actions?: ReactNode
  footnote?: ReactNode
  /** Show at most this many rows (the CSV still has every row). */
  maxRows?: number
  /** Row test ids are `<prefix><key>` (default `drill-row-`). */
  rowTestIdPrefix?: string
  /** Member keys to flag with an anomaly marker, with the explanation. */
  flagged?: ReadonlyMap<string, string>
}

/** A card with a table, a total row, a CSV export (UTF-8 BOM) and loading / error / empty states. */
export function DataTable<R>(props: Props<R>) {
  const { t } = useI18n()
  const { columns, rows, total, onRowClick, rowKey } = props
  const exportCsv = () => {
    if (!rows) return
    downloadText(props.csvFileName, tableCsv(columns, rows, total), 'text/csv;charset=utf-8')
  }

  let body
  if (!rows && props.error) {
    body = <ErrorState error={props.error} onRetry={props.onRetry} compact path={props.errorPath} />
  } else if (!rows) {
    body = (
      <div aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={20} className="skeleton-row" />
        ))}
      </div>
    )
  } else {
    body = (
      <div className="table-scroll">
        <table className="data-table" data-testid={props.testId} data-state={props.updating ? 'updating' : 'ready'}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.id} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="table-empty">
                  {props.empty}
                </td>
              </tr>
            ) : (
              rows.slice(0, props.maxRows ?? rows.length).map((row) => {
                const key = rowKey(row)
                const flag = props.flagged?.get(key)
                return (
                  <tr
                    key={key}
                    data-testid={onRowClick ? `${props.rowTestIdPrefix ?? 'drill-row-'}${key}` : undefined}
                    className={onRowClick ? 'row-clickable' : undefined}
                    tabIndex={onRowClick ? 0 : undefined}
                    title={onRowClick ? props.rowTitle : undefined}
                    onClick={onRowClick ? () => onRowClick(row) : undefined}
                    onKeyDown={
                      onRowClick
                        ? (event) => {
                            if (event.key === 'Enter' || event.key === ' ') {
                              event.preventDefault()
                              onRowClick(row)
                            }
                          }
                        : undefined
                    }
                  >
                    {columns.map((c, i) =>
                      i === 0 ? (
                        <th key={c.id} scope="row">
                          {c.cell(row)}
                          {flag && (
                            <span className="anomaly-badge anomaly-inline" title={flag}>
                              {t('kpi.anomaly')}
                            </span>
                          )}
                        </th>
                      ) : (
                        <td key={c.id} className={c.numeric ? 'num' : undefined}>
                          {c.cell(row)}
                        </td>
                      ),
                    )}
                  </tr>
                )
              })
            )}
          </tbody>
          {total && rows.length > 0 && (
            <tfoot>
              <tr>
                {columns.map((c, i) =>
                  i === 0 ? (
                    <th key={c.id} scope="row">
                      {t('table.total')}
                    </th>
                  ) : (
                    <td key={c.id} className={c.numeric ? 'num' : undefined}>
                      {c.cell(total)}
                    </td>
                  ),
                )}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    )
  }

  return (
    <section className={`card table-card${props.updating ? ' is-updating' : ''}`}>
      <header className="card-header">
        <h2>{props.title}</h2>
        <div className="toolbar">
          {props.actions}
          <button
            type="button"
            className="button"
            data-testid={props.exportTestId ?? `${props.testId}-csv`}
            onClick={exportCsv}
            disabled={!rows}
          >
            {t('table.exportCsv')}
          </button>
        </div>
      </header>
      {body}
      {rows && props.maxRows !== undefined && rows.length > props.maxRows && (
        <p className="muted table-footnote" data-testid={`${props.testId}-truncated`}>
          {t('drill.truncated', { shown: props.maxRows, total: rows.length })}
        </p>
      )}
      {props.footnote && <p className="muted table-footnote">{props.footnote}</p>}
    </section>
  )
}
