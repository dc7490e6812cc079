'use client'

import type { Locale, Translate } from '@/lib/i18n'
import { formatChangePct, formatMoney, formatNumber, formatPercent, moneyToCents } from '@/lib/i18n/format'
import type { BreakdownRow } from '@/components/dashboard/analytics-api'
import type { Column } from '@/components/tables/data-table'
import { channelColor } from '@/components/charts/palette'
import { memberName } from '@/components/drill/names'
import { changeTone } from '@/components/overview/kpi-defs'

const pct = (rate: number | null) => (rate === null ? '' : (rate * 100).toFixed(2))

/** Columns of a breakdown table at `level`: member, KPIs, change against the comparison, share. */
export function breakdownColumns(
  level: string,
  t: Translate,
  locale: Locale,
  totalNet: string | null,
  withChange: boolean,
): Column<BreakdownRow>[] {
  const totalCents = moneyToCents(totalNet)
  const share = (row: BreakdownRow) => {
    const cents = moneyToCents(row.kpis.net_revenue)
    return totalCents && cents !== null ? cents / totalCents : null
  }
  const isTotal = (row: BreakdownRow) => row.member === ''
  const columns: Column<BreakdownRow>[] = [
    {
      id: 'member',
      header: t(`levels.${level}` as 'levels.channel'),
      cell: (row) => (
        <>
          {level === 'channel' && !isTotal(row) && (
            <span className="swatch" style={{ background: channelColor(row.member) }} aria-hidden="true" />
          )}
          {memberName(level, row.member, locale)}
        </>
      ),
      csv: (row) => (isTotal(row) ? t('csv.total') : memberName(level, row.member, locale)),
    },
    { id: 'id', header: 'ID', cell: (row) => <code className="muted">{row.member}</code>, csv: (row) => row.member },
    {
      id: 'net_revenue',
      header: t('table.netRevenue'),
      numeric: true,
      cell: (row) => formatMoney(row.kpis.net_revenue),
      csv: (row) => row.kpis.net_revenue,
    },
  ]
  if (withChange) {
    columns.push({
      id: 'change',
      header: t('drill.change'),
      numeric: true,
      cell: (row) => {
        const c = row.change?.net_revenue?.change_pct ?? null
        return <span className={`kpi-change tone-${changeTone({ lowerIsBetter: false }, c)}`}>{formatChangePct(c)}</span>
      },
      csv: (row) => pct(row.change?.net_revenue?.change_pct ?? null),
    })
  }
  columns.push(
    { id: 'orders', header: t('table.orders'), numeric: true, cell: (row) => formatNumber(row.kpis.orders, locale), csv: (row) => row.kpis.orders },
    {
      id: 'gross_margin',
      header: t('table.grossMargin'),
      numeric: true,
      cell: (row) => formatPercent(row.kpis.gross_margin),
      csv: (row) => pct(row.kpis.gross_margin),
    },
    {
      id: 'customers',
      header: t('table.customers'),
      numeric: true,
      cell: (row) => formatNumber(row.kpis.customers, locale),
      csv: (row) => row.kpis.customers,
    },
    { id: 'aov', header: t('table.aov'), numeric: true, cell: (row) => formatMoney(row.kpis.aov), csv: (row) => row.kpis.aov ?? '' },
    {
      id: 'share',
      header: t('drill.share'),
      numeric: true,
      cell: (row) => formatPercent(share(row)),
      csv: (row) => pct(share(row)),
    },
  )
  return columns
}
