'use client'

import { useI18n } from '@/lib/i18n'
import { formatMoney } from '@/lib/i18n/format'
import type { MessageKey } from '@/lib/i18n'
import { DataTable, type Column } from '@/components/tables/data-table'
import type { Credit, StatementView } from './api'

export const yuan = (m: string | null | undefined) => (m === null || m === undefined ? '—' : formatMoney(m))

/** Credit limit, exposure and headroom of one account. */
export function CreditSummary({ credit, testId }: { credit: Credit; testId: string }) {
  const { t } = useI18n()
  const items: [MessageKey, string, string][] = [
    ['commerce.creditLimit', credit.credit_limit, 'limit'],
    ['commerce.receivable', credit.receivable, 'receivable'],
    ['commerce.openOrders', credit.open_orders, 'open'],
    ['commerce.held', credit.held, 'held'],
    ['commerce.exposure', credit.exposure, 'exposure'],
    ['commerce.headroom', credit.headroom, 'headroom'],
  ]
  return (
    <div className="kpi-grid" data-testid={testId}>
      {items.map(([key, value, id]) => (
        <div key={id} className="kpi-card">
          <span className="kpi-label">{t(key)}</span>
          <span className="kpi-value num" data-testid={`${testId}-${id}`}>
            {yuan(value)}
          </span>
        </div>
      ))}
    </div>
  )
}

type StatementLine = StatementView['lines'][number]

/** A statement of receivables: opening, lines with running balance, totals, closing. */
export function StatementTable({ statement, error, testId }: { statement: StatementView | undefined; error: unknown; testId: string }) {
  const { t } = useI18n()
  const columns: Column<StatementLine>[] = [
    { id: 'day', header: t('commerce.day'), cell: (l) => l.day, csv: (l) => l.day },
    { id: 'kind', header: t('commerce.entryKind'), cell: (l) => t(`commerce.entry.${l.kind}`), csv: (l) => l.kind },
    { id: 'reference', header: t('commerce.reference'), cell: (l) => l.reference, csv: (l) => l.reference },
    { id: 'amount', header: t('commerce.amount'), cell: (l) => yuan(l.amount), csv: (l) => l.amount, numeric: true },
    { id: 'balance', header: t('commerce.balance'), cell: (l) => yuan(l.balance), csv: (l) => l.balance, numeric: true },
  ]
  return (
    <DataTable
      title={t('commerce.statement')}
      columns={columns}
      rows={statement?.lines}
      rowKey={(l) => `${l.day}-${l.kind}-${l.reference}`}
      error={error}
      empty={t('commerce.statementEmpty')}
      csvFileName={`statement-${statement?.from ?? ''}-${statement?.to ?? ''}.csv`}
      testId={testId}
      footnote={
        statement && (
          <span data-testid={`${testId}-summary`}>
            {t('commerce.opening')} {yuan(statement.opening_balance)} · {t('commerce.invoiced')} {yuan(statement.invoiced)} · {t('commerce.credited')} {yuan(statement.credited)} · {t('commerce.paid')}{' '}
            {yuan(statement.paid)} · {t('commerce.closing')} <strong data-testid={`${testId}-closing`}>{yuan(statement.closing_balance)}</strong>
          </span>
        )
      }
    />
  )
}

/** The first and last day of this month in the configured time zone. */
export function thisMonth(timeZone: string): { from: string; to: string } {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone })
  const [y, m] = today.split('-').map(Number) as [number, number]
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return { from: `${today.slice(0, 8)}01`, to: `${today.slice(0, 8)}${String(last).padStart(2, '0')}` }
}
