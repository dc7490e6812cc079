import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import { MERGED_KEY } from '@/lib/customers/merged-id'
import type { Db } from '@/lib/db'
import { addDays, localDay } from '@/lib/i18n/time-range'
import { keyOf } from './dimensions'
import type { Dimension, RangeQuery } from './filters'
import { customerYears } from './grain'
import { dailyRollupsFit, dailyRollupZone } from './rollups'
import { fillStockValues, stockValuesBesides, stockValuesServe, type StockValues } from './stock-values'
import { ALL_FILTERS } from './where'

/**
 * Buyer visits (clickhouse/0020): each local day a merged customer paid, over everything, per
 * channel and per category, with the previous and next such day. A range's customers are then
 * counted, not grouped: a buyer is in the range once, on their first visit in it (the previous
 * visit falls before the range); a repeat buyer's first visit in it holds two orders or is
 * followed by another in it; a new buyer's first visit is in it and their first payment ever
 * is not before it. The visits are built up to a horizon day; the days after it are read live
 * from the daily rollups and matched, buyer by buyer, against the last visit before them.
 *
 * Each buyer's last visit by the horizon is stored a second time, under the scope's 'latest:'
 * twin (latest): a range reaching the horizon — every range ending today — holds a buyer
 * exactly when their last visit falls in it, so its counts read one row per buyer, not one
 * per visit (10 M lines, a year to date by channel and in total: 64 → 3 ms for the settled
 * days, 119 → 61 ms with today's buyers matched).
 */

/** The settled visits a read may count: every local day up to `horizon`, in `table`. */
export type BuyerVisits = { horizon: string; table: string }

/** The newest build's parts a read may use (null: none built, or stale). */
export type Built = { visits: BuyerVisits | null; stock: StockValues | null }
export const NOTHING_BUILT: Built = { visits: null, stock: null }

/**
 * The two tables builds take turns to fill: each build fills the one the newest build did not,
 * so the table a reader was told of is never rewritten under it (see buildBuyerVisits).
 */
const VISIT_TABLES = [TABLES.buyerVisits, TABLES.buyerVisitsNext] as const

/** A scope's member dimension ('' : over everything), where its buyers are read, and their paid orders in a day (2: two or more). */
const SCOPES = {
  '': { member: "''", table: TABLES.customerDays, orders: 'least(sum(paid_orders), 2)' },
  channel: { member: 'channel', table: TABLES.customerChannelDays, orders: 'least(sum(paid_orders), 2)' },
  // Two or more orders exactly when the smallest and largest order key differ (clickhouse/0019).
  category: { member: 'category', table: TABLES.customerCategoryDays, orders: 'if(min(first_order_key) = max(last_order_key), 1, 2)' },
} as const
type Scope = keyof typeof SCOPES

/** The scope holding each buyer's last visit by the horizon of `scope`'s members ('latest:' over everything). */
const latest = (scope: Scope) => `latest:${scope}`

/** A payment or movement written this long before a build started is in it: an insert commits well within this. */
const WRITE_MARGIN_SECONDS = 60
const NO_DAY = "toDate('1970-01-01')"
const NO_NEXT_DAY = "toDate('2149-06-06')"

/** Each merged buyer's paid orders per member of `scope` — and per day, `byDay` — on the days `where` picks. */
const buyerOrdersSql = (scope: Scope, where: string, byDay: boolean) => {
  const s = SCOPES[scope]
  return `SELECT ${s.member} AS member,${byDay ? ' day,' : ''} ${MERGED_KEY} AS buyer_key, ${s.orders} AS orders FROM ${s.table} WHERE ${where} GROUP BY member,${byDay ? ' day,' : ''} buyer_key`
}

type Build = { horizon: string; watermark: string; merges: string; visits_table: string; age_ms: string }

/**
 * The newest build's record, read at most every BUILD_RECORD_TTL_MS per client (and again
 * after a build here); it names the table it describes.
 */
const BUILD_RECORD_TTL_MS = 30_000
const builds = new WeakMap<ClickHouseClient, { record: Promise<Build | null>; read: number }>()

function latestBuild(ch: ClickHouseClient): Promise<Build | null> {
  const cached = builds.get(ch)
  if (cached && Date.now() - cached.read < BUILD_RECORD_TTL_MS) return cached.record
  const record = queryRows<Build>(
    ch,
    `SELECT toString(horizon) AS horizon, toString(watermark) AS watermark, toString(merges) AS merges, visits_table, toString(dateDiff('millisecond', built_at, now64(3, 'UTC'))) AS age_ms
       FROM ${TABLES.buyerVisitBuilds} ORDER BY built_at DESC LIMIT 1`,
  ).then((rows) => rows[0] ?? null)
  builds.set(ch, { record, read: Date.now() })
  record.catch(() => builds.delete(ch))
  return record
}

/**
 * The newest build's visits and stock values, where `want`ed and still whole — else null: none
 * built yet; visits stale once a payment is written for a day up to the horizon after the
 * build's watermark, or a merge recorded since it started; stock values once a movement is.
 */
async function settled(ch: ClickHouseClient, want: { visits: boolean; stock: boolean }): Promise<Built> {
  const build = want.visits || want.stock ? await latestBuild(ch) : null
  if (!build) return NOTHING_BUILT
  const written = (table: string) => `ifNull(max(written_at), 0) < {watermark:DateTime64(3, 'UTC')} AS ok FROM ${table} WHERE day <= {horizon:Date}`
  const checks = [
    ...(want.visits ? [`SELECT 'visits' AS part, count() = {merges:UInt64} AS ok FROM ${TABLES.customerMergeMap}`, `SELECT 'visits' AS part, ${written(TABLES.paymentDayWrites)}`] : []),
    ...(want.stock ? [`SELECT 'stock' AS part, ${written(TABLES.stockDayWrites)}`] : []),
  ]
  const rows = await queryRows<{ part: string; ok: number }>(ch, checks.join(' UNION ALL '), build)
  const whole = (part: string) => rows.some((r) => r.part === part) && rows.every((r) => r.part !== part || Number(r.ok) === 1)
  return {
    visits: want.visits && whole('visits') ? { horizon: build.horizon, table: build.visits_table } : null,
    stock: want.stock && whole('stock') ? { horizon: build.horizon, table: stockValuesBesides(build.visits_table) } : null,
  }
}

/** The visits the counts may read, or null (settled). */
export const buyerVisits = async (ch: ClickHouseClient) => (await settled(ch, { visits: true, stock: false })).visits

/** The stock values turnover may read, or null (settled). */
export const stockValues = async (ch: ClickHouseClient) => (await settled(ch, { visits: false, stock: true })).stock

/**
 * What reads by `dims` under `q`'s filters pick their source by: whether the daily rollups are
 * in `timeZone`'s days, the usable visits — looked up only when such reads could count them
 * (`dims` null: the call reads no customers) — and, with `stock`, the usable stock values; the
 * lookups are one statement (~2 ms).
 */
export async function rollupsWithVisits(
  ch: ClickHouseClient,
  timeZone: string,
  q: RangeQuery,
  dims: readonly Dimension[] | null,
  { stock = false }: { stock?: boolean } = {},
): Promise<{ daily: boolean } & Built> {
  const [daily, built] = await Promise.all([dailyRollupsFit(ch, timeZone), settled(ch, { visits: dims !== null && scopeOf(q, dims) !== null, stock: stock && stockValuesServe(q) })])
  return { daily, ...built }
}

const building = new WeakSet<ClickHouseClient>()

/**
 * A build rewrites the table the build before the newest one filled: readers told of it hold
 * that record at most BUILD_RECORD_TTL_MS, and a statement takes well under a second — so no
 * build starts sooner than this after the newest.
 */
const READERS_GRACE_MS = 2 * BUILD_RECORD_TTL_MS

/**
 * Builds the visits of every day up to `horizon` into the table the newest build did not fill,
 * and the stock values (stock-values.ts) into its twin, then records the build, naming the
 * visits' table. The watermark is the start less `marginSeconds`: payments and movements
 * written before it are in the build. Returns false when a build was already running
 * here, or the newest is younger than `graceMs` (tests, with no other readers and nothing
 * written meanwhile, pass 0 for both).
 */
export async function buildBuyerVisits(ch: ClickHouseClient, horizon: string, { marginSeconds = WRITE_MARGIN_SECONDS, graceMs = READERS_GRACE_MS } = {}): Promise<boolean> {
  if (building.has(ch)) return false
  building.add(ch)
  try {
    builds.delete(ch)
    const newest = await latestBuild(ch)
    if (newest && Number(newest.age_ms) < graceMs) return false
    const table = newest?.visits_table === VISIT_TABLES[0] ? VISIT_TABLES[1] : VISIT_TABLES[0]
    // The watermark and merge count are read before the rollups: what lands during the build makes it stale, never wrong.
    const [start] = await queryRows<{ watermark: string; merges: string }>(
      ch,
      `SELECT now64(3, 'UTC') - toIntervalMillisecond({margin:UInt32}) AS watermark, (SELECT count() FROM ${TABLES.customerMergeMap}) AS merges`,
      { margin: marginSeconds * 1000 },
    )
    await ch.command({ query: `TRUNCATE TABLE ${table}` })
    const days = (Object.keys(SCOPES) as Scope[]).map((scope) => `SELECT '${scope}' AS scope, * FROM (${buyerOrdersSql(scope, 'day <= toDate({horizon:String})', true)})`)
    await ch.command({
      query: `INSERT INTO ${table} (scope, member, day, buyer_key, orders, prev_day, next_day, first_day)
              SELECT scope, member, day, buyer_key, orders, lagInFrame(day, 1, ${NO_DAY}) OVER w, leadInFrame(day, 1, ${NO_NEXT_DAY}) OVER w, min(day) OVER (PARTITION BY buyer_key)
                FROM (${days.join(' UNION ALL ')})
              WINDOW w AS (PARTITION BY scope, member, buyer_key ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`,
      query_params: { horizon },
    })
    await ch.command({
      query: `INSERT INTO ${table} (scope, member, day, buyer_key, orders, prev_day, next_day, first_day)
              SELECT concat('${latest('')}', scope), member, day, buyer_key, orders, prev_day, next_day, first_day FROM ${table} WHERE next_day = ${NO_NEXT_DAY}`,
    })
    // Merged before it is read: a fresh table's hundreds of parts would merge under the readers.
    await ch.command({ query: `OPTIMIZE TABLE ${table} FINAL` })
    await fillStockValues(ch, stockValuesBesides(table), horizon)
    await ch.command({
      query: `INSERT INTO ${TABLES.buyerVisitBuilds} (horizon, watermark, merges, visits_table) VALUES ({horizon:Date}, {watermark:DateTime64(3, 'UTC')}, {merges:UInt64}, {table:String})`,
      query_params: { horizon, watermark: start!.watermark, merges: start!.merges, table },
    })
    builds.delete(ch)
    return true
  } finally {
    building.delete(ch)
  }
}

/** The horizon a build at `now` reaches: yesterday in the rollups' zone (today is still being written). */
export const visitHorizon = (now: Date, rollupZone: string) => addDays(localDay(now, rollupZone), -1)

/**
 * Stale visits are rebuilt no sooner than this many build durations after the last build here:
 * a build holds embedded chDB's one session (12–14 s at 10 M order lines), so late payments
 * that keep arriving for settled days cost at most a twentieth of its time.
 */
const STALE_REBUILD_GAP = 20
const lastBuild = new WeakMap<ClickHouseClient, { at: number; ms: number }>()

/**
 * The server's every-minute check: builds when the visits or stock values are missing or short
 * of yesterday, or stale and the gap since the last build here is long enough, by one process at a time
 * (the PostgreSQL advisory lock, as for customer attributes). Returns whether it built.
 */
export async function refreshBuyerVisits(db: Db, ch: ClickHouseClient, { now = new Date(), marginSeconds = WRITE_MARGIN_SECONDS, graceMs = READERS_GRACE_MS } = {}): Promise<boolean> {
  const zone = await dailyRollupZone(ch)
  if (!zone) return false
  const horizon = visitHorizon(now, zone)
  const [build, built] = await Promise.all([latestBuild(ch), settled(ch, { visits: true, stock: true })])
  if (built.visits?.horizon === horizon && built.stock?.horizon === horizon) return false
  const last = lastBuild.get(ch)
  if (build?.horizon === horizon && last && Date.now() - last.at < STALE_REBUILD_GAP * last.ms) return false
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock(2026112801) AS got')
    const started = Date.now()
    if (!lock?.got || !(await buildBuyerVisits(ch, horizon, { marginSeconds, graceMs }))) return false
    lastBuild.set(ch, { at: Date.now(), ms: Date.now() - started })
    return true
  })
}

/** The scope that counts a read's customers by `dims`: unfiltered, over whole days, by nothing, channel or category. */
function scopeOf(q: RangeQuery, dims: readonly Dimension[]): Scope | null {
  if (q.days || q.before_hour !== undefined || ALL_FILTERS.some((f) => q[f].length > 0) || dims.length > 1) return null
  const d = dims[0]
  return d === undefined ? '' : d === 'channel' || d === 'category' ? d : null
}

/**
 * A total alone that reads later days counts from the visits over this many days or more, and
 * unless it holds a 1 January (customer_years): matching the later days' buyers costs ~13 ms
 * however long the range, grouping a total's buyers grows with it (10 M lines: 7 days 14
 * against 10 ms, 30 days 17–19 against 21, a year to date 20 against 17 from customer_years).
 */
const LIVE_TOTAL_MIN_DAYS = 14
const liveTotalCounts = (q: RangeQuery) => addDays(q.from, LIVE_TOTAL_MIN_DAYS - 1) <= q.to && customerYears(q.from, q.to) === null

/** Whether the visits count a read's customers: they fit its shape, the rollups are in its zone, and its range starts by the horizon. */
export const visitsCount = (q: RangeQuery, dims: readonly Dimension[], daily: boolean, visits: BuyerVisits | null): visits is BuyerVisits =>
  daily &&
  visits !== null &&
  q.from <= visits.horizon &&
  scopeOf(q, dims) !== null &&
  (dims.length > 0 || q.to <= visits.horizon || liveTotalCounts(q))

/**
 * Per member of `dims` (and, with `total`, over everything as `is_total` = 1): `keys…,
 * n_customers, n_new, n_repeat` — from the visits up to the horizon, plus the buyers of the
 * later days (read live) without a visit in the range before them. `newBuyers` selects the
 * buyer_key of each customer whose first payment ever is not before the range. Each part
 * reads the member's scope and the total's together: a statement's subqueries cost planning.
 */
export function visitCountsSql(q: RangeQuery, dims: readonly Dimension[], total: boolean, visits: BuyerVisits, newBuyers: string) {
  const scope = scopeOf(q, dims)!
  const withTotal = total && scope !== ''
  const scopes: Scope[] = withTotal ? [scope, ''] : [scope]
  const keys = (table: string, everything: string) => [...(withTotal ? [`${table}.scope = '${everything}' AS is_total`] : []), ...dims.map((d) => `${table}.member AS ${keyOf(d)}`), '']
  const from = 'toDate({visit_from:String})'
  if (q.to < visits.horizon) {
    // Each buyer's first visit in the range: the one whose previous visit falls before it (a
    // condition of the WHERE, so the other columns are read for those rows only: 29 → 17 ms a year).
    return {
      sql: `SELECT ${keys('v', '').join(', ')} count() AS n_customers, countIf(first_day >= ${from}) AS n_new, countIf(orders >= 2 OR next_day <= toDate({visit_to:String})) AS n_repeat
              FROM ${visits.table} AS v WHERE scope IN {visit_scopes:Array(String)} AND day >= ${from} AND day <= toDate({visit_to:String}) AND prev_day < ${from}
             GROUP BY scope, member`,
      params: { visit_from: q.from, visit_to: q.to, visit_scopes: scopes },
    }
  }
  // Reaching the horizon, the range holds a buyer by it exactly when their last visit falls in
  // it: a repeat buyer when that visit holds two orders or the one before it is in the range too.
  const lastVisits = `FROM ${visits.table} AS v WHERE scope IN {visit_scopes:Array(String)} AND day >= ${from}`
  const settled = `SELECT ${keys('v', latest('')).join(', ')} count() AS n_customers, countIf(first_day >= ${from}) AS n_new, countIf(orders >= 2 OR prev_day >= ${from}) AS n_repeat
                     ${lastVisits} GROUP BY scope, member`
  const params = { visit_from: q.from, visit_to: q.to, visit_horizon: visits.horizon, visit_scopes: scopes.map(latest) }
  if (q.to === visits.horizon) return { sql: settled, params }
  if (scope === '') return { sql: `${settled} UNION ALL ${laterTotalSql(visits.table, from)}`, params }
  // A later buyer adds a customer when without a last visit in the range (the join's default:
  // 0 orders); a repeat one when that visit, their only one in the range, had one order, or
  // without one, with two orders later; a new one when without one.
  const later = `SELECT ${keys('later', latest('')).join(', ')} countIf(last.orders = 0) AS n_customers, countIf(last.orders = 0 AND later.buyer_key IN (${newBuyers})) AS n_new,
                        countIf((last.orders = 0 AND later.orders >= 2) OR (last.orders = 1 AND last.prev_day < ${from})) AS n_repeat
                   FROM (SELECT scope, member, buyer_key, orders, prev_day ${lastVisits}) AS last
                  RIGHT JOIN (${laterBuyersSql(scope, withTotal)}) AS later
                     ON last.scope = later.scope AND last.member = later.member AND last.buyer_key = later.buyer_key
                  GROUP BY later.scope, later.member`
  return { sql: `${settled} UNION ALL ${later}`, params }
}

/**
 * The later days' additions to a total alone, matched with each buyer's last visit whenever it
 * was: one is new exactly when they had none — no payment by the horizon — which spares reading
 * the first payments.
 */
const laterTotalSql = (table: string, from: string) =>
  `SELECT countIf(last.day < ${from}) AS n_customers, countIf(last.orders = 0) AS n_new,
          countIf((last.day < ${from} AND later.orders >= 2) OR (last.day >= ${from} AND last.orders = 1 AND last.prev_day < ${from})) AS n_repeat
     FROM (SELECT buyer_key, day, orders, prev_day FROM ${table} WHERE scope = '${latest('')}') AS last
    RIGHT JOIN (${laterBuyersSql('', false)}) AS later ON last.buyer_key = later.buyer_key`

/** Each merged buyer of the days after the horizon with their paid orders, per member of `scope` and, with `withTotal`, over everything — scoped as the last visits they are matched with. */
function laterBuyersSql(scope: Scope, withTotal: boolean) {
  const s = SCOPES[scope]
  const days = 'day > toDate({visit_horizon:String}) AND day <= toDate({visit_to:String})'
  if (!withTotal) return `SELECT '${latest(scope)}' AS scope, * FROM (${buyerOrdersSql(scope, days, false)})`
  // Outside a grouping set a key reads as its default: the total's member is ''.
  return `SELECT if(grouping(member) = 1, '${latest('')}', '${latest(scope)}') AS scope, ${s.member} AS member, ${MERGED_KEY} AS buyer_key, ${s.orders} AS orders
            FROM ${s.table} WHERE ${days} GROUP BY GROUPING SETS ((member, buyer_key), (buyer_key))`
}
