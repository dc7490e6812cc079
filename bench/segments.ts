/**
 * Segment benchmark: latency of the segment builder's two live queries — the count (with
 * revenue and the totals the shares are of) and the sample (top 20 by spend) — for a set of
 * typical rule trees over one million merged customers, in embedded mode (chDB in this
 * process), through the same functions the API calls (lib/customers/segments/query.ts).
 *
 *   npx tsx bench/segments.ts                          # 1,000,000 customers, 20 runs per query
 *   npx tsx bench/segments.ts --customers 200000 --runs 5
 *   npx tsx bench/segments.ts --dir /tmp/s --keep      # keep the store; rerun with --reuse
 *
 * The customers are generated in ClickHouse itself: `INSERT INTO customer_facts SELECT … FROM
 * numbers(N)` (rows shaped as the materialized views write them: purchases, profile, coupons;
 * a second purchase row for a fifth of them, as an unmerged part would hold), plus merges of
 * 2 % of the records into others in customer_merge_map; then the attribute table is rebuilt
 * (grouped by merged customer, as the server does every minute) and timed. Target: p95 ≤ 1 s
 * per query.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openChdb, queryRows, type ClickHouseClient } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { TABLES } from '@/lib/clickhouse/tables'
import { config } from '@/lib/config'
import { refreshCustomerAttributes } from '@/lib/customers/attributes'
import { countSegment, listSegment, type SegmentContext } from '@/lib/customers/segments/query'
import { ruleGroupSchema, type RuleGroup } from '@/lib/customers/segments/rules'
import { CATEGORY_SLUGS } from '@/lib/demo/catalogue'
import { CITIES, STORES } from '@/lib/demo/locations'
import { CHANNEL_IDS } from '@/lib/events'
import { fmt, machine, percentile } from './lib'

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '20' },
    dir: { type: 'string' },
    reuse: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
})
const CUSTOMERS = Number(values.customers)
const RUNS = Number(values.runs)
const WARMUPS = 2
const TARGET_P95_MS = 1000
const MERGED_PCT = 2

const lit = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
const arr = (xs: readonly string[]) => `[${xs.map(lit).join(', ')}]`

async function fill(ch: ClickHouseClient, nowMs: number) {
  const t0 = performance.now()
  const stores = STORES.map((s) => s.location_id)
  // A second row for a fifth of the customers, in another insert: the same customer split over
  // two parts, as the views leave it until a background merge; the query must aggregate them.
  for (const [from, count] of [[0, CUSTOMERS], [0, Math.floor(CUSTOMERS / 5)]] as const) {
    await ch.command({
      query: `
        INSERT INTO ${TABLES.customerFacts}
        SELECT
          concat('C', leftPad(toString(c), 7, '0')) AS customer_id,
          fromUnixTimestamp64Milli(toInt64(${nowMs} - c_first_days * 86400000), 'UTC'),
          fromUnixTimestamp64Milli(toInt64(${nowMs} - c_last_days * 86400000), 'UTC'),
          toInt64(c_orders), toInt64(c_orders * c_aov),
          arraySlice(arraySort(x -> cityHash64(x, c), ${arr(CHANNEL_IDS)}), 1, 1 + c % 3),
          arraySlice(arraySort(x -> cityHash64(x, c, 1), ${arr(CATEGORY_SLUGS)}), 1, 1 + intDiv(c, 8) % 3),
          arrayMap(k -> concat('SKU-', leftPad(toString(toUInt32(500 * pow(((cityHash64(c, k) % 1000003) / 1000003), 2.2))), 4, '0')), range(least(12, 1 + c_orders))),
          arraySlice(arraySort(x -> cityHash64(x, c, 2), ${arr(stores)}), 1, 1 + intDiv(c, 32) % 2),
          argMaxState(tuple(${arr(CITIES.map((x) => x.region))}[c_ci], ${arr(CITIES.map((x) => x.city))}[c_ci], ['none', 'regular', 'silver', 'gold', 'platinum'][1 + intDiv(c, 128) % 5]),
                      fromUnixTimestamp64Milli(toInt64(${nowMs} - c_first_days * 86400000), 'UTC')),
          toInt64(c % 7 = 0)
        FROM (
          SELECT number AS n, n % ${CUSTOMERS} AS c,
                 (cityHash64(c, 'u') % 1000003) / 1000003 AS c_u,
                 toUInt32(1 + floor(-log(1 - c_u * 0.999) * 3)) AS c_orders,
                 toInt64(3000 + cityHash64(c, 'aov') % 60000) AS c_aov,
                 toUInt32(cityHash64(c, 'first') % 730) AS c_first_days,
                 toUInt32(c_first_days * ((cityHash64(c, 'last') % 1000) / 1000)) AS c_last_days,
                 toUInt8(1 + cityHash64(c, 'city') % ${CITIES.length}) AS c_ci
            FROM numbers(${from}, ${count}))
        GROUP BY n, c, c_orders, c_aov, c_first_days, c_last_days, c_ci`,
    })
  }
  // 2 % of the records merged into the record 1,000 ids earlier.
  await ch.command({
    query: `
      INSERT INTO ${TABLES.customerMergeMap}
      SELECT concat('C', leftPad(toString(number), 7, '0')), concat('C', leftPad(toString(number - 1000), 7, '0')), 1
        FROM numbers(1000, ${CUSTOMERS - 1000}) WHERE cityHash64(number, 'merge') % 100 < ${MERGED_PCT}`,
  })
  return (performance.now() - t0) / 1000
}

/** Typical rule trees marketing builds. */
const TREES: { name: string; rules: RuleGroup }[] = [
  { name: 'all customers (empty rules)', rules: { combinator: 'and', rules: [] } },
  { name: 'RFM champions', rules: { combinator: 'and', rules: [{ field: 'rfm_class', op: 'in', value: ['champions'] }] } },
  {
    name: 'marketplace buyers, ≥ ¥1,000, active in 90 days',
    rules: {
      combinator: 'and',
      rules: [
        { field: 'channels', op: 'any_of', value: ['tmall', 'jd'] },
        { field: 'spend', op: 'gte', value: 1000 },
        { field: 'days_since_last_order', op: 'lte', value: 90 },
      ],
    },
  },
  {
    name: '(Shanghai/Beijing AND skincare) OR ≥ 5 orders',
    rules: {
      combinator: 'or',
      rules: [
        { combinator: 'and', rules: [{ field: 'city', op: 'in', value: ['shanghai', 'beijing'] }, { field: 'categories', op: 'any_of', value: [CATEGORY_SLUGS[0]!] }] },
        { field: 'order_count', op: 'gte', value: 5 },
      ],
    },
  },
  {
    name: 'bought one of 3 SKUs, never in a store',
    rules: { combinator: 'and', rules: [{ field: 'skus', op: 'any_of', value: ['SKU-0001', 'SKU-0002', 'SKU-0003'] }, { field: 'channels', op: 'none_of', value: ['store'] }] },
  },
  {
    name: 'first bought last year, AOV ¥100–500, gold/platinum, at risk or hibernating',
    rules: {
      combinator: 'and',
      rules: [
        { field: 'first_purchase_at', op: 'between', value: [`${new Date().getUTCFullYear() - 1}-01-01`, `${new Date().getUTCFullYear() - 1}-12-31`] },
        { field: 'aov', op: 'between', value: [100, 500] },
        { field: 'member_tier', op: 'in', value: ['gold', 'platinum'] },
        { field: 'rfm_class', op: 'in', value: ['at_risk', 'hibernating'] },
      ],
    },
  },
]

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  let last!: T
  for (let i = 0; i < WARMUPS; i++) last = await fn()
  const ms: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    last = await fn()
    ms.push(performance.now() - t)
  }
  return { ms: ms.sort((a, b) => a - b), last }
}

async function main() {
  const dir = values.dir ?? path.join(os.tmpdir(), `fourflow-segments-${randomBytes(4).toString('hex')}`)
  const ch = await openChdb(dir)
  await migrateClickHouse(ch)
  const nowMs = Date.now()
  console.log(`# Segment benchmark — ${machine()}`)
  console.log(`store: chDB at ${dir}`)
  if (!values.reuse) {
    const s = await fill(ch, nowMs)
    console.log(`fill: ${fmt(s, 1)} s`)
  }
  const [d] = await queryRows<{ rows: string; records: string; merged: string }>(
    ch,
    `SELECT toString(count()) AS rows, toString(uniqExact(customer_id)) AS records,
            toString((SELECT count() FROM ${TABLES.customerMergeMap} FINAL WHERE merged_id != customer_id)) AS merged FROM ${TABLES.customerFacts}`,
  )
  console.log(`customer_facts: ${fmt(Number(d?.rows))} rows, ${fmt(Number(d?.records))} customer records, ${fmt(Number(d?.merged))} merged into others`)
  const t = performance.now()
  await refreshCustomerAttributes(ch)
  console.log(`attribute rebuild (customer_facts → customer_attributes, every minute in the server): ${fmt((performance.now() - t) / 1000, 1)} s`)
  const ctx: SegmentContext = { asOf: new Date(nowMs), timeZone: config().TIME_ZONE }
  console.log(`\n| rule tree | matching | count p50 | count p95 | sample p50 | sample p95 |`)
  console.log(`| --- | ---: | ---: | ---: | ---: | ---: |`)
  let worst = 0
  for (const t of TREES) {
    const rules = ruleGroupSchema.parse(t.rules)
    const count = await time(() => countSegment(ch, rules, ctx))
    const sample = await time(() => listSegment(ch, { rules, limit: 20 }, ctx))
    worst = Math.max(worst, percentile(count.ms, 95), percentile(sample.ms, 95))
    console.log(
      `| ${t.name} | ${fmt(count.last.customers)} of ${fmt(count.last.all_customers)} | ${fmt(percentile(count.ms, 50))} ms | ${fmt(percentile(count.ms, 95))} ms | ${fmt(percentile(sample.ms, 50))} ms | ${fmt(percentile(sample.ms, 95))} ms |`,
    )
  }
  console.log(`\nworst p95 ${fmt(worst)} ms — target ≤ ${TARGET_P95_MS} ms: ${worst <= TARGET_P95_MS ? 'MET' : 'MISSED'}`)
  await ch.close()
  if (!values.keep && !values.dir) fs.rmSync(dir, { recursive: true, force: true })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
