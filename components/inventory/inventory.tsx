'use client'

import dynamic from 'next/dynamic'
import { useMemo } from 'react'
import { useI18n } from '@/lib/i18n'
import { formatDateTime, formatDays, formatMoney, formatNumber, moneyToYuan } from '@/lib/i18n/format'
import { fetchInventory, type InventoryResponse } from '@/components/dashboard/analytics-api'
import { csvFileName } from '@/components/dashboard/csv'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { buildBreakdownBarOption } from '@/components/charts/breakdown-bar'
import { DataTable, type Column } from '@/components/tables/data-table'
import { categoryName, cityName, locationName, regionName, skuName } from '@/components/drill/names'
import { drillInto } from '@/components/drill/state'
import { useLivePage } from '@/components/live/use-live-page'
import { PageFrame } from '@/components/live/page-frame'

const EChart = dynamic(() => import('@/components/charts/echart'), { ssr: false, loading: () => <Skeleton height={260} /> })

type Cat = InventoryResponse['by_category'][number]
type Loc = InventoryResponse['by_location'][number]
type Out = InventoryResponse['stockouts'][number]
type Low = InventoryResponse['low_stock'][number]
type Slow = InventoryResponse['slow_moving'][number]

const PATH = '/api/v1/inventory'

/** Stock value, turnover and cover by category and location; stock-outs, low stock and slow movers. */
export function Inventory({ defaultTimeZone }: { defaultTimeZone: string }) {
  const { t, locale } = useI18n()
  const { state, navigate, live, range, query, data, unauthorized } = useLivePage('inventory', fetchInventory, defaultTimeZone)

  const skuCell = (sku: string) => (
    <>
      {skuName(sku, locale)} <code className="muted">{sku}</code>
    </>
  )
  const locCell = (id: string) => (
    <>
      {locationName(id, locale)} <code className="muted">{id}</code>
    </>
  )
  const common = {
    error: query.error,
    errorPath: PATH,
    onRetry: () => void query.refetch(),
    updating: query.isPlaceholderData,
  }

  const catColumns: Column<Cat>[] = [
    { id: 'category', header: t('inventory.category'), cell: (r) => categoryName(r.category, locale), csv: (r) => categoryName(r.category, locale) },
    { id: 'id', header: 'ID', cell: (r) => <code className="muted">{r.category}</code>, csv: (r) => r.category },
    { id: 'value', header: t('inventory.stockValue'), numeric: true, cell: (r) => formatMoney(r.stock_value), csv: (r) => r.stock_value },
    { id: 'onhand', header: t('inventory.onHand'), numeric: true, cell: (r) => formatNumber(r.on_hand, locale), csv: (r) => r.on_hand },
    { id: 'turn', header: t('inventory.turnoverDays'), numeric: true, cell: (r) => formatDays(r.turnover_days, locale), csv: (r) => r.turnover_days },
    { id: 'cover', header: t('inventory.daysOfCover'), numeric: true, cell: (r) => formatDays(r.days_of_cover, locale), csv: (r) => r.days_of_cover },
  ]
  const locColumns: Column<Loc>[] = [
    { id: 'loc', header: t('inventory.location'), cell: (r) => locCell(r.location_id), csv: (r) => r.location_id },
    { id: 'region', header: t('inventory.region'), cell: (r) => (r.region ? regionName(r.region, locale) : '—'), csv: (r) => r.region ?? '' },
    { id: 'city', header: t('inventory.city'), cell: (r) => (r.city ? cityName(r.city, locale) : '—'), csv: (r) => r.city ?? '' },
    { id: 'value', header: t('inventory.stockValue'), numeric: true, cell: (r) => formatMoney(r.stock_value), csv: (r) => r.stock_value },
    { id: 'onhand', header: t('inventory.onHand'), numeric: true, cell: (r) => formatNumber(r.on_hand, locale), csv: (r) => r.on_hand },
    { id: 'turn', header: t('inventory.turnoverDays'), numeric: true, cell: (r) => formatDays(r.turnover_days, locale), csv: (r) => r.turnover_days },
    { id: 'cover', header: t('inventory.daysOfCover'), numeric: true, cell: (r) => formatDays(r.days_of_cover, locale), csv: (r) => r.days_of_cover },
  ]
  const outColumns: Column<Out>[] = [
    { id: 'sku', header: t('inventory.sku'), cell: (r) => skuCell(r.sku), csv: (r) => r.sku },
    { id: 'loc', header: t('inventory.location'), cell: (r) => locCell(r.location_id), csv: (r) => r.location_id },
    { id: 'avail', header: t('inventory.available'), numeric: true, cell: (r) => formatNumber(r.available, locale), csv: (r) => r.available },
    { id: 'sold', header: t('inventory.unitsSold30d'), numeric: true, cell: (r) => formatNumber(r.units_sold_30d ?? null, locale), csv: (r) => r.units_sold_30d ?? '' },
  ]
  const lowColumns: Column<Low>[] = [
    { id: 'sku', header: t('inventory.sku'), cell: (r) => skuCell(r.sku), csv: (r) => r.sku },
    { id: 'loc', header: t('inventory.location'), cell: (r) => locCell(r.location_id), csv: (r) => r.location_id },
    { id: 'avail', header: t('inventory.available'), numeric: true, cell: (r) => formatNumber(r.available, locale), csv: (r) => r.available },
    { id: 'cover', header: t('inventory.daysOfCover'), numeric: true, cell: (r) => formatDays(r.days_of_cover, locale), csv: (r) => r.days_of_cover },
  ]
  const slowColumns: Column<Slow>[] = [
    { id: 'sku', header: t('inventory.sku'), cell: (r) => skuCell(r.sku), csv: (r) => r.sku },
    { id: 'loc', header: t('inventory.location'), cell: (r) => locCell(r.location_id), csv: (r) => r.location_id },
    { id: 'onhand', header: t('inventory.onHand'), numeric: true, cell: (r) => formatNumber(r.on_hand, locale), csv: (r) => r.on_hand },
    { id: 'value', header: t('inventory.stockValue'), numeric: true, cell: (r) => formatMoney(r.stock_value), csv: (r) => r.stock_value },
    { id: 'cover', header: t('inventory.daysOfCover'), numeric: true, cell: (r) => formatDays(r.days_of_cover, locale), csv: (r) => r.days_of_cover },
    { id: 'last', header: t('inventory.lastSaleAt'), cell: (r) => formatDateTime(r.last_sale_at ?? null, live.timeZone, locale), csv: (r) => r.last_sale_at ?? '' },
  ]

  const catOption = useMemo(
    () =>
      data && data.by_category.length > 0
        ? buildBreakdownBarOption({
            items: data.by_category.map((r) => ({ member: r.category, label: categoryName(r.category, locale), value: moneyToYuan(r.stock_value) ?? 0 })),
            locale,
            title: t('inventory.stockValue'),
            fileName: `fourflow-stock-by-category-${range.from}_${range.to}`,
          })
        : null,
    [data, locale, t, range.from, range.to],
  )
  const locOption = useMemo(
    () =>
      data && data.by_location.length > 0
        ? buildBreakdownBarOption({
            items: data.by_location.map((r) => ({ member: r.location_id, label: locationName(r.location_id, locale), value: moneyToYuan(r.stock_value) ?? 0 })),
            locale,
            title: t('inventory.stockValue'),
            fileName: `fourflow-stock-by-location-${range.from}_${range.to}`,
          })
        : null,
    [data, locale, t, range.from, range.to],
  )
  const chart = (option: ReturnType<typeof buildBreakdownBarOption> | null, title: string, onClick: (member: string) => void) => {
    if (!option) return null
    const { members, ...rest } = option
    return (
      <section className={`card chart-card${query.isPlaceholderData ? ' is-updating' : ''}`}>
        <header className="card-header">
          <h2>{title}</h2>
          <span className="muted">{t('drill.hint')}</span>
        </header>
        <EChart
          option={rest}
          height={Math.max(200, Math.min(480, members.length * 26 + 60))}
          ariaLabel={title}
          onItemClick={(i) => {
            const m = members[i]
            if (m !== undefined) onClick(m)
          }}
        />
      </section>
    )
  }

  return (
    <PageFrame
      title={t('inventory.title')}
      state={state}
      navigate={navigate}
      live={live}
      query={query}
    >
      {unauthorized ? (
        <ErrorState error={unauthorized} />
      ) : !data && query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} path={PATH} />
      ) : (
        <div className="dashboard-panels">
          <section className="kpi-grid kpi-grid-3">
            {(
              [
                ['inventory.stockValue', data ? formatMoney(data.summary.stock_value) : null, 'stock-value'],
                ['inventory.turnoverDays', data ? formatDays(data.summary.turnover_days, locale) : null, 'turnover-days'],
                ['inventory.daysOfCover', data ? formatDays(data.summary.days_of_cover, locale) : null, 'days-of-cover'],
              ] as const
            ).map(([label, value, id]) => (
              <div className="card kpi-card" key={id}>
                <div className="kpi-label">{t(label)}</div>
                {value === null ? <Skeleton height={32} width="60%" /> : <div className="kpi-value" data-testid={`inventory-${id}`}>{value}</div>}
              </div>
            ))}
          </section>
          <div className="two-col">
            {chart(catOption, `${t('inventory.stockValue')} · ${t('inventory.byCategory')}`, (m) => navigate(drillInto(state, 'category', m)))}
            {chart(locOption, `${t('inventory.stockValue')} · ${t('inventory.byLocation')}`, (m) => navigate(drillInto(state, 'store', m)))}
          </div>
          <DataTable
            title={t('inventory.byCategory')}
            columns={catColumns}
            rows={data?.by_category}
            rowKey={(r) => r.category}
            onRowClick={(r) => navigate(drillInto(state, 'category', r.category))}
            rowTitle={t('drill.hint')}
            empty={t('inventory.emptyList')}
            csvFileName={csvFileName('stock-by-category', range)}
            testId="inventory-by-category"
            {...common}
          />
          <DataTable
            title={t('inventory.byLocation')}
            columns={locColumns}
            rows={data?.by_location}
            rowKey={(r) => r.location_id}
            onRowClick={(r) => navigate(drillInto(state, 'store', r.location_id))}
            rowTitle={t('drill.hint')}
            empty={t('inventory.emptyList')}
            csvFileName={csvFileName('stock-by-location', range)}
            testId="inventory-by-location"
            maxRows={25}
            {...common}
          />
          <DataTable
            title={t('inventory.stockouts')}
            columns={outColumns}
            rows={data?.stockouts}
            rowKey={(r) => `${r.sku}@${r.location_id}`}
            empty={t('inventory.emptyStockouts')}
            csvFileName={csvFileName('stockouts', range)}
            testId="inventory-stockouts"
            maxRows={25}
            {...common}
          />
          <DataTable
            title={t('inventory.lowStock')}
            columns={lowColumns}
            rows={data?.low_stock}
            rowKey={(r) => `${r.sku}@${r.location_id}`}
            empty={t('inventory.emptyLowStock')}
            csvFileName={csvFileName('low-stock', range)}
            testId="inventory-low-stock"
            maxRows={25}
            {...common}
          />
          <DataTable
            title={t('inventory.slowMoving')}
            columns={slowColumns}
            rows={data?.slow_moving}
            rowKey={(r) => `${r.sku}@${r.location_id}`}
            empty={t('inventory.emptySlowMoving')}
            csvFileName={csvFileName('slow-moving', range)}
            testId="inventory-slow-moving"
            maxRows={25}
            {...common}
          />
        </div>
      )}
    </PageFrame>
  )
}
