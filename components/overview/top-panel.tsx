'use client'

import { useMemo } from 'react'
import { useI18n } from '@/lib/i18n'
import { formatMoney, formatPercent, moneyToCents } from '@/lib/i18n/format'
import type { Breakdown, BreakdownRow } from '@/components/dashboard/analytics-api'
import { csvFileName } from '@/components/dashboard/csv'
import { DataTable, type Column } from '@/components/tables/data-table'
import { memberName } from '@/components/drill/names'

interface Props {
  title: string
  dim: string
  data: Breakdown | undefined
  error: unknown
  updating: boolean
  onRetry: () => void
  onDrill?: (member: string) => void
  /** Net revenue of the whole view, for the share column. */
  totalNet: string | null
}

/** A top-10 list (breakdown with limit=10, by net revenue); a click narrows to the member. */
export function TopPanel({ title, dim, data, error, updating, onRetry, onDrill, totalNet }: Props) {
  const { t, locale } = useI18n()
  const columns = useMemo<Column<BreakdownRow>[]>(() => {
    const total = moneyToCents(totalNet)
    const share = (row: BreakdownRow) => {
      const cents = moneyToCents(row.kpis.net_revenue)
      return total && cents !== null ? cents / total : null
    }
    return [
      { id: 'member', header: t(`levels.${dim}` as 'levels.channel'), cell: (r) => memberName(dim, r.member, locale), csv: (r) => memberName(dim, r.member, locale) },
      { id: 'id', header: 'ID', cell: (r) => <code className="muted">{r.member}</code>, csv: (r) => r.member },
      { id: 'net', header: t('table.netRevenue'), numeric: true, cell: (r) => formatMoney(r.kpis.net_revenue), csv: (r) => r.kpis.net_revenue },
      {
        id: 'share',
        header: t('drill.share'),
        numeric: true,
        cell: (r) => formatPercent(share(r)),
        csv: (r) => {
          const s = share(r)
          return s === null ? '' : (s * 100).toFixed(2)
        },
      },
    ]
  }, [dim, t, locale, totalNet])
  return (
    <DataTable
      title={title}
      columns={columns}
      rows={data?.rows}
      rowKey={(r) => r.member}
      onRowClick={onDrill ? (r) => onDrill(r.member) : undefined}
      rowTitle={t('drill.hint')}
      error={error}
      errorPath="/api/v1/breakdown"
      onRetry={onRetry}
      updating={updating}
      empty={t('states.emptyFilteredBody')}
      csvFileName={data ? csvFileName(`top-${dim}`, data.range) : 'fourflow.csv'}
      testId={`top-${dim}`}
      rowTestIdPrefix="top-row-"
    />
  )
}
