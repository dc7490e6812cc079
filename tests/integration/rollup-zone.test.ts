import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { breakdown } from '@/lib/analytics/breakdown'
import { breakdownQuerySchema, rangeQuerySchema } from '@/lib/analytics/filters'
import { dailyRollupZone } from '@/lib/analytics/rollups'
import { kpiSnapshot } from '@/lib/analytics/snapshot'
import { openChdb, queryRows, SESSION_SETTINGS, type ClickHouseClient } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { TABLES } from '@/lib/clickhouse/tables'
import type { Db } from '@/lib/db'
import { customersPerPeriod, expectedFromPostgres, ingestAll, placeScenario, TZ } from './expected'
import { freshDb, seedCatalogue, tempDir } from './stores'

/**
 * The daily rollups (clickhouse/0008, 0009, 0012, 0013, 0014, 0015, 0016, 0017, 0019, 0024, 0027, 0028) when the configured
 * zone is not the one they were built in: here built in UTC and queried in Asia/Shanghai, every
 * query falls back to the UTC-hourly rollup or the facts and stays exact. And the rollups are
 * exactly-once with the sink's deduplication: a batch inserted again with its token changes none
 * of them, while the same rows under another token would (the negative control). A migration
 * run again after a change of TIME_ZONE buckets its view and its backfill in the recorded zone.
 */
const BASE = Date.parse('2026-10-01T02:00:00Z')
let db: Db
let ch: ClickHouseClient

beforeAll(async () => {
  process.env.DATA_DIR = tempDir()
  db = await freshDb('pglite')
  ch = await openChdb(path.join(tempDir(), 'clickhouse'))
  await migrateClickHouse(ch, undefined, 'UTC')
  await seedCatalogue(db)
  await placeScenario(db, BASE)
  await ingestAll(db, ch)
})
afterAll(async () => {
  await db?.close()
  await ch?.close()
})

describe('daily rollups built in another time zone', () => {
  it('are recorded as such, so no query reads them for Asia/Shanghai', async () => {
    expect(await dailyRollupZone(ch)).toBe('UTC')
  })

  it.each([
    ['the whole period', '2026-09-30', '2026-10-10', {}],
    ['one day', '2026-10-03', '2026-10-03', {}],
    ['one channel', '2026-09-30', '2026-10-10', { channel: 'tmall' }],
  ])('still give every KPI to the cent for %s', async (_, from, to, filter: { channel?: string }) => {
    const got = await kpiSnapshot(ch, rangeQuerySchema.parse({ from, to, ...(filter.channel ? { channel: [filter.channel] } : {}) }), TZ)
    expect(got).toMatchObject(await expectedFromPostgres(db, from, to, filter))
  })

  it('still give each day its own KPIs', async () => {
    const { rows } = await breakdown(ch, breakdownQuerySchema.parse({ from: '2026-10-02', to: '2026-10-04', by: 'day' }), TZ)
    for (const { day, ...kpis } of rows) expect(kpis, day).toEqual(await expectedFromPostgres(db, day!, day!))
  })
})

describe('exactly once', () => {
  const totals = async () =>
    (
      await queryRows<Record<string, string>>(
        ch,
        `SELECT (SELECT toString(sum(net_cents)) FROM ${TABLES.salesDaily}) AS daily,
                (SELECT toString(sum(net_cents)) FROM ${TABLES.salesChannelDaily}) AS channel_daily,
                (SELECT toString(sum(net_cents)) FROM ${TABLES.salesCategoryDaily}) AS category_daily,
                (SELECT toString(sum(net_cents)) FROM ${TABLES.salesHourlyByPlace}) AS hourly_by_place,
                (SELECT toString(sum(net_cents)) FROM ${TABLES.salesDailySku}) AS daily_sku,
                (SELECT toString(sum(paid_orders)) FROM ${TABLES.customerDays}) AS customer_days,
                (SELECT toString(sum(paid_orders)) FROM ${TABLES.customerYears}) AS customer_years,
                (SELECT toString(sum(paid_orders)) FROM ${TABLES.customerMonths}) AS customer_months,
                (SELECT toString(sum(paid_orders)) FROM ${TABLES.customerChannelDays}) AS customer_channel_days,
                (SELECT toString(count()) FROM ${TABLES.customerCategoryDays}) AS customer_category_days,
                (SELECT toString(sum(placed_orders)) FROM ${TABLES.orderFlowDaily}) AS placed,
                (SELECT toString(sum(placed_orders)) FROM ${TABLES.orderFlowHourly}) AS placed_hourly,
                (SELECT toString(count()) FROM ${TABLES.orderPayments}) AS payments,
                (SELECT toString(count()) || '/' || toString(sum(seconds)) FROM ${TABLES.orderShipments}) AS shipments,
                (SELECT toString(count()) || '/' || toString(sum(seconds)) FROM ${TABLES.orderShipmentTimes}) AS shipment_times,
                (SELECT toString(sum(shipments)) FROM ${TABLES.orderShipmentBuckets}) AS shipment_buckets,
                (SELECT toString(count()) || '/' || toString(sum(seconds)) FROM ${TABLES.orderShipmentTimesByChannel}) AS shipment_times_by_channel,
                (SELECT toString(sum(shipments)) FROM ${TABLES.orderShipmentFineBuckets}) AS shipment_fine_buckets,
                (SELECT toString(sum(shipments)) FROM ${TABLES.orderShipmentFineBucketsMonthly}) AS shipment_fine_buckets_monthly,

                (SELECT toString(sum(on_hand_change)) FROM ${TABLES.stockDaily}) AS stock_daily,
                (SELECT toString(sum(on_hand_change)) FROM ${TABLES.stockSkuDaily}) AS stock_sku_daily`,
      )
    )[0]!

  it('a batch inserted again with its token changes no rollup; under another token it would', async () => {
    const [{ batch }] = (await queryRows<{ batch: string }>(
      ch,
      `SELECT batch FROM ${TABLES.events} GROUP BY batch
        HAVING countIf(type = 'order.paid') > 0 AND countIf(type = 'order.shipped') > 0 AND countIf(type = 'order.placed') > 0
           AND countIf(type = 'stock.moved') > 0
        ORDER BY count() DESC LIMIT 1`,
    )) as [{ batch: string }]
    const rows = await queryRows<Record<string, unknown>>(
      ch,
      `SELECT stream, toString(position) AS position, batch, event_id, type, channel, source, schema_version,
              toString(occurred_at) AS occurred_at, data, dead_letter_reason, raw
         FROM ${TABLES.events} WHERE batch = {batch:String} ORDER BY position`,
      { batch },
    )
    const insert = (token: string) =>
      ch.insert({ table: TABLES.events, values: rows, format: 'JSONEachRow', clickhouse_settings: { ...SESSION_SETTINGS, insert_deduplication_token: token } })

    const before = await totals()
    await insert(batch)
    expect(await totals()).toEqual(before)

    await insert(`${batch}-other`)
    const after = await totals()
    // (order_payments keeps the earliest payment per order: the same payments again change nothing there.)
    for (const k of Object.keys(before).filter((k) => k !== 'payments')) expect(after[k], k).not.toBe(before[k])
  })
})

describe('a migration after a change of TIME_ZONE', () => {
  it('buckets by the zone the daily rollups were built in, not the newly configured one, and fills from the facts', async () => {
    for (const [view, table] of [
      ['customer_sku_days_mv', TABLES.customerSkuDays],
      ['customer_months_mv', TABLES.customerMonths],
      ['customer_channel_days_mv', TABLES.customerChannelDays],
      ['customer_category_days_mv', TABLES.customerCategoryDays],
      ['sales_channel_daily_mv', TABLES.salesChannelDaily],
      ['sales_category_daily_mv', TABLES.salesCategoryDaily],
      ['order_shipment_times_by_channel_mv', TABLES.orderShipmentTimesByChannel],
      ['order_shipment_fine_buckets_mv', TABLES.orderShipmentFineBuckets],
      ['order_shipment_fine_buckets_monthly_mv', TABLES.orderShipmentFineBucketsMonthly],
    ]) {
      await ch.command({ query: `DROP VIEW IF EXISTS ${view}` })
      await ch.command({ query: `DROP TABLE IF EXISTS ${table}` })
    }
    // A payment on 30 September in UTC, 1 October in Asia/Shanghai: history the backfill buckets.
    await ch.command({
      query: `INSERT INTO ${TABLES.salesLines} (occurred_at, event_id, kind, order_id, channel, location_id, region, city, customer_id, line_no, sku, category,
                quantity, gross_cents, discount_cents, net_cents, cost_cents, paid_orders)
              VALUES ('2026-09-30 20:00:00', generateUUIDv4(), 'payment', 'O-ZONE', 'web', 'WH-SH', 'east', 'shanghai', 'C-ZONE', 1, 'SKU-A', 'skincare', 1, 100, 0, 100, 50, 1)`,
    })
    const again = ['0015_customer_sku_days.sql', '0016_customer_months.sql', '0017_customer_channel_days.sql', '0019_customer_category_days.sql', '0024_sales_channel_daily.sql', '0027_sales_category_daily.sql', '0028_shipment_fine_buckets.sql']
    await ch.command({ query: `DELETE FROM schema_migrations WHERE name IN {again:Array(String)}`, query_params: { again } })
    expect(await migrateClickHouse(ch, undefined, 'Asia/Shanghai')).toEqual(again)
    for (const view of ['customer_sku_days_mv', 'customer_months_mv', 'customer_channel_days_mv', 'customer_category_days_mv', 'sales_channel_daily_mv', 'sales_category_daily_mv']) {
      const [v] = await queryRows<{ q: string }>(ch, `SELECT create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name = {view:String}`, { view })
      expect(v!.q, view).toContain(`toDate(occurred_at, 'UTC')`)
      expect(v!.q, view).not.toContain('Asia/Shanghai')
    }
    // The backfill buckets the history as customer_days' view did, in UTC.
    const months = await queryRows<{ p: string }>(ch, customersPerPeriod(TABLES.customerMonths, 'month'))
    expect(months.map((r) => r.p)).toEqual(['2026-09-01', '2026-10-01'])
    expect(months).toEqual(await queryRows(ch, customersPerPeriod(TABLES.customerDays, 'toStartOfMonth(day)')))
    const days = await queryRows<{ p: string; s: string }>(ch, customersPerPeriod(TABLES.customerChannelDays, 'day', 'channel'))
    expect(days.map((r) => `${r.p} ${r.s}`)).toContain('2026-09-30 web')
    expect(days).toEqual(await queryRows(ch, customersPerPeriod(TABLES.customerDays, 'day', 'channel')))
    const categoryDays = await queryRows<{ d: string }>(ch, `SELECT DISTINCT toString(day) AS d FROM ${TABLES.customerCategoryDays} WHERE customer_key = reinterpretAsUInt128(sipHash128('C-ZONE'))`)
    expect(categoryDays.map((r) => r.d)).toEqual(['2026-09-30'])
    const salesPerDay = (table: string) => `SELECT toString(day) AS d, channel, toString(sum(net_cents)) AS net FROM ${table} GROUP BY day, channel ORDER BY day, channel`
    expect(await queryRows(ch, salesPerDay(TABLES.salesChannelDaily))).toEqual(await queryRows(ch, salesPerDay(TABLES.salesDaily)))
    const salesPerCategory = (table: string) => `SELECT toString(day) AS d, channel, category, toString(sum(net_cents)) AS net, toString(sum(paid_orders)) AS orders FROM ${table} GROUP BY day, channel, category ORDER BY day, channel, category`
    expect(await queryRows(ch, salesPerCategory(TABLES.salesCategoryDaily))).toEqual(await queryRows(ch, salesPerCategory(TABLES.salesDaily)))
    // The fine shipment buckets (0028) by UTC shipping day, as 0014's coarse ones: the same shipments per day, month and channel.
    const [times] = await queryRows<{ q: string }>(ch, `SELECT create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name = 'order_shipment_times_by_channel_mv'`)
    expect(times!.q).toContain(`toDate(shipped_at, 'UTC')`)
    const shipmentsPer = (table: string, period: string) => `SELECT toString(${period}) AS p, channel, toString(sum(shipments)) AS n FROM ${table} GROUP BY p, channel ORDER BY p, channel`
    const perDay = await queryRows(ch, shipmentsPer(TABLES.orderShipmentFineBuckets, 'day'))
    expect(perDay.length).toBeGreaterThan(5)
    expect(perDay).toEqual(await queryRows(ch, shipmentsPer(TABLES.orderShipmentBuckets, 'day')))
    expect(await queryRows(ch, shipmentsPer(TABLES.orderShipmentFineBucketsMonthly, 'month'))).toEqual(await queryRows(ch, shipmentsPer(TABLES.orderShipmentBuckets, 'toStartOfMonth(day)')))
  })
})
