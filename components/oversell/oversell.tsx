'use client'

import dynamic from 'next/dynamic'
import { useMemo } from 'react'
import { channelLabel, useI18n } from '@/lib/i18n'
import { formatDateTime } from '@/lib/i18n/format'
import { currentBucket } from '@/lib/i18n/time-range'
import { fetchOversells, type OversellsResponse } from '@/components/dashboard/analytics-api'
import { csvFileName } from '@/components/dashboard/csv'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { buildTrendOption } from '@/components/charts/trend'
import { DataTable, type Column } from '@/components/tables/data-table'
import { cityName, locationName, regionName, skuName } from '@/components/drill/names'
import { drillInto } from '@/components/drill/state'
import { useLivePage } from '@/components/live/use-live-page'
import { PageFrame } from '@/components/live/page-frame'
import { expectedBuckets } from '@/components/overview/time-panel'

const HEIGHT = 320
const EChart = dynamic(() => import('@/components/charts/echart'), { ssr: false, loading: () => <Skeleton height={HEIGHT} /> })
const PATH = '/api/v1/oversells'

type Order = OversellsResponse['orders'][number]

/** Oversell rate by channel per day, and the orders cancelled out of stock with their SKUs and location. */
export function Oversell({ defaultTimeZone }: { defaultTimeZone: string }) {
  const { t, locale } = useI18n()
  const { state, navigate, live, range, query, data, unauthorized } = useLivePage('oversells', fetchOversells, defaultTimeZone)
  const currentHour = currentBucket('hour', new Date(live.now), live.timeZone)

  const option = useMemo(() => {
    if (!data || data.series.length === 0) return null
    return buildTrendOption({
      kind: 'rate',
      rows: data.series.map((s) => ({ bucket: s.day, channel: s.channel, value: s.oversell_rate, num: s.oversold_orders, den: s.placed_orders })),
      buckets: expectedBuckets(range, 'day', currentHour),
      level: 'day',
      locale,
      title: t('oversell.rateTitle'),
      fileName: `fourflow-oversell-rate-${range.from}_${range.to}`,
    })
    // Buckets change with the day only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, locale, t, range.from, range.to, currentHour.slice(0, 10)])

  const columns: Column<Order>[] = [
    { id: 'order', header: t('oversell.orderId'), cell: (r) => <code>{r.order_id}</code>, csv: (r) => r.order_id },
    { id: 'external', header: t('oversell.externalId'), cell: (r) => r.external_id ?? '—', csv: (r) => r.external_id ?? '' },
    { id: 'channel', header: t('oversell.channel'), cell: (r) => channelLabel(r.channel, locale), csv: (r) => r.channel },
    { id: 'at', header: t('oversell.occurredAt'), cell: (r) => formatDateTime(r.occurred_at, live.timeZone, locale), csv: (r) => r.occurred_at },
    {
      id: 'location',
      header: t('oversell.location'),
      cell: (r) => (r.location_id ? locationName(r.location_id, locale) : '—'),
      csv: (r) => r.location_id ?? '',
    },
    { id: 'region', header: t('oversell.region'), cell: (r) => (r.region ? regionName(r.region, locale) : '—'), csv: (r) => r.region ?? '' },
    { id: 'city', header: t('oversell.city'), cell: (r) => (r.city ? cityName(r.city, locale) : '—'), csv: (r) => r.city ?? '' },
    {
      id: 'skus',
      header: t('oversell.skus'),
      cell: (r) => (
        <ul className="sku-list">
          {r.skus.map((sku) => (
            <li key={sku}>
              {skuName(sku, locale)} <code className="muted">{sku}</code>
            </li>
          ))}
        </ul>
      ),
      csv: (r) => r.skus.join(' '),
    },
  ]

  let chartBody
  if (!data && query.error) chartBody = <ErrorState error={query.error} onRetry={() => void query.refetch()} compact path={PATH} />
  else if (!data) chartBody = <Skeleton height={HEIGHT} />
  else if (!option)
    chartBody = (
      <div className="chart-empty" style={{ height: HEIGHT }} role="status">
        {t('oversell.chartEmpty')}
      </div>
    )
  else {
    const { buckets: _buckets, ...chartOption } = option
    chartBody = <EChart option={chartOption} height={HEIGHT} ariaLabel={t('oversell.rateTitle')} />
  }

  return (
    <PageFrame
      title={t('oversell.title')}
      state={state}
      navigate={navigate}
      live={live}
      query={query}
    >
      {unauthorized ? (
        <ErrorState error={unauthorized} />
      ) : (
        <div className="dashboard-panels">
          <section
            className={`card chart-card${query.isPlaceholderData ? ' is-updating' : ''}`}
            data-testid="oversell-chart"
            data-state={!data ? (query.error ? 'error' : 'loading') : option ? 'ready' : 'empty'}
          >
            <header className="card-header">
              <h2>{t('oversell.rateTitle')}</h2>
            </header>
            {chartBody}
          </section>
          <DataTable
            title={t('oversell.ordersTitle')}
            columns={columns}
            rows={data?.orders}
            rowKey={(r) => r.order_id}
            onRowClick={(r) => navigate(drillInto(state, 'channel', r.channel))}
            rowTestIdPrefix="oversell-row-"
            rowTitle={t('drill.hint')}
            error={query.error}
            errorPath={PATH}
            onRetry={() => void query.refetch()}
            updating={query.isPlaceholderData}
            empty={t('oversell.empty')}
            csvFileName={csvFileName('oversold-orders', range)}
            testId="oversell-orders"
            maxRows={100}
          />
        </div>
      )}
    </PageFrame>
  )
}
