'use client'

import { useMemo } from 'react'
import { channelLabel, useI18n } from '@/lib/i18n'
import { formatMoney, formatNumber, formatPercent } from '@/lib/i18n/format'
import { channelColor } from '@/components/charts/palette'
import type { ChannelBreakdownResponse, KpiFields } from '@/components/dashboard/api'
import { orderChannelRows } from '@/components/dashboard/channel-rows'
import { channelCsvFileName, channelTableCsv } from '@/components/dashboard/csv'
import { downloadText } from '@/components/dashboard/download'
import { ErrorState, Skeleton } from '@/components/dashboard/states'

interface Props {
  data: ChannelBreakdownResponse | undefined
  error: unknown
  updating: boolean
  onRetry: () => void
}

function KpiCells({ k }: { k: KpiFields }) {
  const { locale } = useI18n()
  return (
    <>
      <td className="num">{formatMoney(k.net_revenue)}</td>
      <td className="num">{formatNumber(k.orders, locale)}</td>
      <td className="num">{formatPercent(k.gross_margin)}</td>
      <td className="num">{formatNumber(k.customers, locale)}</td>
      <td className="num">{formatMoney(k.aov)}</td>
    </>
  )
}

export function ChannelTable({ data, error, updating, onRetry }: Props) {
  const { t, locale } = useI18n()
  const rows = useMemo(() => (data ? orderChannelRows(data.rows) : []), [data])

  const exportCsv = () => {
    if (!data) return
    downloadText(channelCsvFileName(data.range), channelTableCsv(rows, data.total, locale), 'text/csv;charset=utf-8')
  }

  let body
  if (!data && error) {
    body = <ErrorState error={error} onRetry={onRetry} compact />
  } else if (!data) {
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
        <table className="data-table" data-testid="channel-table">
          <caption className="visually-hidden">{t('table.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('table.channel')}</th>
              <th scope="col" className="num">{t('table.netRevenue')}</th>
              <th scope="col" className="num">{t('table.orders')}</th>
              <th scope="col" className="num">{t('table.grossMargin')}</th>
              <th scope="col" className="num">{t('table.customers')}</th>
              <th scope="col" className="num">{t('table.aov')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="table-empty">
                  {t('table.empty')}
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.channel} data-channel={row.channel}>
                  <th scope="row">
                    <span className="swatch" style={{ background: channelColor(row.channel) }} aria-hidden="true" />
                    {channelLabel(row.channel, locale)}
                  </th>
                  <KpiCells k={row} />
                </tr>
              ))
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('table.total')}</th>
              <KpiCells k={data.total} />
            </tr>
          </tfoot>
        </table>
      </div>
    )
  }

  return (
    <section className={`card table-card${updating ? ' is-updating' : ''}`}>
      <header className="card-header">
        <h2>{t('table.title')}</h2>
        <button type="button" className="button" data-testid="export-csv" onClick={exportCsv} disabled={!data}>
          {t('table.exportCsv')}
        </button>
      </header>
      {body}
    </section>
  )
}
