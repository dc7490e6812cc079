import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import { MERGED_KEY } from '@/lib/customers/merged-id'
import type { Db } from '@/lib/db'
import { addDays, localDay } from '@/lib/i18n/time-range'
import { keyOf } from './dimensions'
import type { Dimension, RangeQuery } from './filters'
import { wholeMonths } from './grain'
import { dailyRollupsFit, dailyRollupZone } from './rollups'
import { fillStockValues, stockValuesServe, type StockValues } from './stock-values'
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
 * Each buyer's last visit by the horizon is kept twice more (clickhouse/0026): a range reaching
 * the horizon — every range ending today — holds a buyer exactly when their last visit falls
 * in it, so its settled counts are sums of per-day counts of last visits
 * (buyer_last_visit_counts), and the buyers of the days after the horizon are looked up one by
 * one in a Join table of last visits (buyer_last_visits): nothing read per buyer but those
 * (10 M lines, a year to date by channel and in total: 58 → 16 ms). The per-day counts are
 * kept as of the ends of the month, quarter and year before today's too (0029,
 * settledPeriodEnds), where the to-date ranges' comparison periods end: those sum days alike
 * (the year before a year to date by channel: 28 → 4 ms).
 */

/**
 * The tables one build fills: builds take turns with the two sets, each filling the one the
 * newest build did not, so the tables a reader was told of are never rewritten under it (see
 * buildBuyerVisits). The record names the set by its visits table.
 */
const BUILD_SETS = [
  { visits: TABLES.buyerVisits, lastVisitCounts: TABLES.buyerLastVisitCounts, lastVisits: TABLES.buyerLastVisits, monthCounts: TABLES.buyerMonthCounts, stockValues: TABLES.stockValues },
  { visits: TABLES.buyerVisitsNext, lastVisitCounts: TABLES.buyerLastVisitCountsNext, lastVisits: TABLES.buyerLastVisitsNext, monthCounts: TABLES.buyerMonthCountsNext, stockValues: TABLES.stockValuesNext },
] as const
type BuildSet = (typeof BUILD_SETS)[number]
const buildSet = (visitsTable: string): BuildSet => BUILD_SETS.find((set) => set.visits === visitsTable) ?? BUILD_SETS[0]
/** The set the build after `newest` fills: the other one. */
const setAfter = (newest: { visits_table: string } | null): BuildSet => BUILD_SETS[newest && buildSet(newest.visits_table) === BUILD_SETS[0] ? 1 : 0]

/** The settled visits a read may count: every local day up to `horizon`, in `table`, with the last visits and month counts of its build. */
export type BuyerVisits = { horizon: string; table: string; lastVisitCounts: string; lastVisits: string; monthCounts: string }

/** The newest build's parts a read may use (null: none built, or stale). */
export type Built = { visits: BuyerVisits | null; stock: StockValues | null }
export const NOTHING_BUILT: Built = { visits: null, stock: null }

/**
 * A scope's member dimension ('' : over everything), where its buyers are read, their paid
 * orders in a day (2: two or more), and the buyer_last_visits column holding a buyer's last
 * visit in it (a map by member, but over everything).
 */
const SCOPES = {
  '': { member: "''", table: TABLES.customerDays, orders: 'least(sum(paid_orders), 2)', lastVisit: 'everything' },
  channel: { member: 'channel', table: TABLES.customerChannelDays, orders: 'least(sum(paid_orders), 2)', lastVisit: 'channels' },
  // Two or more orders exactly when the smallest and largest order key differ (clickhouse/0019).
  category: { member: 'category', table: TABLES.customerCategoryDays, orders: 'if(min(first_order_key) = max(last_order_key), 1, 2)', lastVisit: 'categories' },
} as const
type Scope = keyof typeof SCOPES

/** A payment or movement written this long before a build started is in it: an insert commits well within this. */
export const WRITE_MARGIN_SECONDS = 60
const NO_DAY = "toDate('1970-01-01')"

/**
 * A slice's buyers counted from the visits, each on their first visit in it (the visit whose
 * previous falls before `first`): new when their first payment is in the slice, repeat when
 * that visit holds two orders or the next falls by `last`. For the rows `prev_day < first`
 * keeps; a range's (visitCountsSql) and each month's (fillMonthCounts).
 */
const firstVisitCountsSql = (first: string, last: string) =>
  `count() AS n_customers, countIf(first_day >= ${first}) AS n_new, countIf(orders >= 2 OR next_day <= ${last}) AS n_repeat`
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
async function usableParts(ch: ClickHouseClient, want: { visits: boolean; stock: boolean }): Promise<Built> {
  const build = want.visits || want.stock ? await latestBuild(ch) : null
  if (!build) return NOTHING_BUILT
  const written = (table: string) => `ifNull(max(written_at), 0) < {watermark:DateTime64(3, 'UTC')} AS ok FROM ${table} WHERE day <= {horizon:Date}`
  const checks = [
    ...(want.visits ? [`SELECT 'visits' AS part, count() = {merges:UInt64} AS ok FROM ${TABLES.customerMergeMap}`, `SELECT 'visits' AS part, ${written(TABLES.paymentDayWrites)}`] : []),
    ...(want.stock ? [`SELECT 'stock' AS part, ${written(TABLES.stockDayWrites)}`] : []),
  ]
  const rows = await queryRows<{ part: string; ok: number }>(ch, checks.join(' UNION ALL '), build)
  const set = buildSet(build.visits_table)
  const whole = (part: string) => rows.some((r) => r.part === part) && rows.every((r) => r.part !== part || Number(r.ok) === 1)
  return {
    visits: want.visits && whole('visits') ? { horizon: build.horizon, table: set.visits, lastVisitCounts: set.lastVisitCounts, lastVisits: set.lastVisits, monthCounts: set.monthCounts } : null,
    stock: want.stock && whole('stock') ? { horizon: build.horizon, table: set.stockValues } : null,
  }
}

/** The visits the counts may read, or null (usableParts). */
export const buyerVisits = async (ch: ClickHouseClient) => (await usableParts(ch, { visits: true, stock: false })).visits

/** The stock values turnover may read, or null (usableParts). */
export const stockValues = async (ch: ClickHouseClient) => (await usableParts(ch, { visits: false, stock: true })).stock

/** Both, from one check (usableParts). */
export const builtParts = (ch: ClickHouseClient) => usableParts(ch, { visits: true, stock: true })

/**
 * What reads by `dims` under `q`'s filters pick their source by: whether the daily rollups are
 * in `timeZone`'s days, the usable visits — looked up only when such reads could count them
 * (`dims` null: the call reads no customers) — and, with `stock`, the usable stock values; the
 * lookups are one statement (~2 ms).
 */
export async function readSources(
  ch: ClickHouseClient,
  timeZone: string,
  q: RangeQuery,
  dims: readonly Dimension[] | null,
  { stock = false }: { stock?: boolean } = {},
): Promise<{ daily: boolean } & Built> {
  const [daily, built] = await Promise.all([dailyRollupsFit(ch, timeZone), usableParts(ch, { visits: dims !== null && (scopeOf(q, dims) !== null || byMonthAlone(q, dims)), stock: stock && stockValuesServe(q) })])
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
    const set = setAfter(newest)
    const table = set.visits
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
    // Merged before it is read: a fresh table's hundreds of parts would merge under the readers.
    await ch.command({ query: `OPTIMIZE TABLE ${table} FINAL` })
    await fillLastVisits(ch, set, horizon)
    await fillMonthCounts(ch, set, horizon)
    await fillStockValues(ch, set.stockValues, horizon)
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

/**
 * Each buyer's last visit by the horizon (the visit with no next), from the visits just built,
 * into `set`'s per-day counts and Join table. Per scope, member and day: the buyers whose last
 * visit falls on it (and holds two orders), whose first payment does, and whose previous visit
 * does when their last holds one order — so a range from a day to the horizon sums the days
 * from it (see visitCountsSql). The counts are kept as of each settled period end too
 * (settledPeriodEnds): a visit is a buyer's last as of a day when it falls by it and their
 * next one after it.
 */
async function fillLastVisits(ch: ClickHouseClient, set: BuildSet, horizon: string) {
  const asOf = [...settledPeriodEnds(horizon), horizon]
  const lastAsOf = `SELECT arrayJoin(arrayFilter(d -> day <= d AND next_day > d, {as_of:Array(Date)})) AS as_of, scope, member, buyer_key, day, orders, prev_day, first_day
                      FROM ${set.visits} WHERE next_day > {earliest:Date}`
  await ch.command({ query: `TRUNCATE TABLE ${set.lastVisitCounts}` })
  await ch.command({
    query: `INSERT INTO ${set.lastVisitCounts} (as_of, scope, member, day, last_visits, last_visits_two_orders, first_payments, previous_of_single)
            SELECT as_of, scope, member, c_day, sum(c_last), sum(c_two), sum(c_first), sum(c_previous)
              FROM (SELECT as_of, scope, member, day AS c_day, 1 AS c_last, orders >= 2 AS c_two, 0 AS c_first, 0 AS c_previous FROM (${lastAsOf})
                    UNION ALL SELECT as_of, scope, member, first_day, 0, 0, 1, 0 FROM (${lastAsOf})
                    UNION ALL SELECT as_of, scope, member, prev_day, 0, 0, 0, 1 FROM (${lastAsOf}) WHERE orders = 1 AND prev_day != ${NO_DAY})
             GROUP BY as_of, scope, member, c_day`,
    query_params: { as_of: asOf, earliest: asOf[0] },
  })
  const last = `SELECT scope, member, buyer_key, day, orders, prev_day, first_day FROM ${set.visits} WHERE next_day = ${NO_NEXT_DAY}`
  await ch.command({ query: `TRUNCATE TABLE ${set.lastVisits}` })
  const members = (scope: Scope) => `mapFromArrays(groupArrayIf(member, scope = '${scope}'), groupArrayIf((day, orders, prev_day), scope = '${scope}'))`
  await ch.command({
    query: `INSERT INTO ${set.lastVisits} (buyer_key, first_day, everything, channels, categories)
            SELECT buyer_key, any(first_day), anyIf((day, orders, prev_day), scope = ''), ${members('channel')}, ${members('category')} FROM (${last}) GROUP BY buyer_key`,
  })
}

/**
 * The customers, new and repeat customers of each calendar month ending by the horizon, over
 * everything, from the visits just built: a buyer is in a month once, on their first visit in
 * it (the previous falls before it); new when their first payment ever is in it; a repeat
 * buyer when that visit holds two orders or another follows in the month.
 */
async function fillMonthCounts(ch: ClickHouseClient, set: BuildSet, horizon: string) {
  await ch.command({ query: `TRUNCATE TABLE ${set.monthCounts}` })
  await ch.command({
    query: `INSERT INTO ${set.monthCounts} (month, customers, new_customers, repeat_customers)
            SELECT toStartOfMonth(day) AS month, ${firstVisitCountsSql('month', 'toLastDayOfMonth(day)')}
              FROM ${set.visits} WHERE scope = '' AND prev_day < toStartOfMonth(day) AND toLastDayOfMonth(day) <= toDate({horizon:String})
             GROUP BY month`,
    query_params: { horizon },
  })
}

/** The horizon a build at `now` reaches: yesterday in the rollups' zone (today is still being written). */
export const visitHorizon = (now: Date, rollupZone: string) => addDays(localDay(now, rollupZone), -1)

/**
 * The days before a build's horizon its last visits are also counted as of (fillLastVisits):
 * the last days of the month, the quarter and the year before the ones the horizon's next day
 * — today — falls in, where the comparison periods of the month, quarter and year to date end.
 * Earliest first; none that is the horizon itself.
 */
export function settledPeriodEnds(horizon: string): string[] {
  const today = addDays(horizon, 1)
  const month = Number(today.slice(5, 7))
  const starts = [`${today.slice(0, 4)}-01-01`, `${today.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`, `${today.slice(0, 7)}-01`]
  return [...new Set(starts.map((start) => addDays(start, -1)))].filter((end) => end < horizon)
}

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
 * (the PostgreSQL advisory lock, as for customer attributes); otherwise releases the older
 * set's last visits. Returns whether it built.
 */
export async function refreshBuyerVisits(db: Db, ch: ClickHouseClient, { now = new Date(), marginSeconds = WRITE_MARGIN_SECONDS, graceMs = READERS_GRACE_MS } = {}): Promise<boolean> {
  const zone = await dailyRollupZone(ch)
  if (!zone) return false
  const horizon = visitHorizon(now, zone)
  const [build, built] = await Promise.all([latestBuild(ch), builtParts(ch)])
  const last = lastBuild.get(ch)
  const rebuild = !(built.visits?.horizon === horizon && built.stock?.horizon === horizon) && !(build?.horizon === horizon && last && Date.now() - last.at < STALE_REBUILD_GAP * last.ms)
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock(2026112801) AS got')
    if (!lock?.got) return false
    if (!rebuild) {
      await releaseOlderLastVisits(ch, graceMs)
      return false
    }
    const started = Date.now()
    if (!(await buildBuyerVisits(ch, horizon, { marginSeconds, graceMs }))) return false
    lastBuild.set(ch, { at: Date.now(), ms: Date.now() - started })
    return true
  })
}

/**
 * Empties the older set's last visits once the newest build is past the readers' grace: a Join
 * table is held in memory (~100 MB per 300 k buyers), and no reader is told of that set any
 * more. Under the build lock, with the record read afresh: the next build refills that set.
 */
async function releaseOlderLastVisits(ch: ClickHouseClient, graceMs: number) {
  builds.delete(ch)
  const newest = await latestBuild(ch)
  if (newest && Number(newest.age_ms) >= graceMs) await ch.command({ query: `TRUNCATE TABLE ${setAfter(newest).lastVisits}` })
}

/** The scope that counts a read's customers by `dims`: unfiltered, over whole days, by nothing, channel or category. */
function scopeOf(q: RangeQuery, dims: readonly Dimension[]): Scope | null {
  if (q.days || q.before_hour !== undefined || ALL_FILTERS.some((f) => q[f].length > 0) || dims.length > 1) return null
  const d = dims[0]
  return d === undefined ? '' : d === 'channel' || d === 'category' ? d : null
}

/** A read by month alone, unfiltered: its whole months up to the horizon are counted by month (countedMonths). */
const byMonthAlone = (q: RangeQuery, dims: readonly Dimension[]) => dims.length === 1 && dims[0] === 'month' && scopeOf(q, []) === ''

/**
 * The whole calendar months of a read by month alone, unfiltered, that end by the visits'
 * horizon — counted at the build (fillMonthCounts) — as their first and last day; null when
 * none, or the rollups are not in the read's zone.
 */
export function countedMonths(q: RangeQuery, dims: readonly Dimension[], daily: boolean, visits: BuyerVisits | null): { from: string; to: string } | null {
  if (!daily || !visits || !byMonthAlone(q, dims)) return null
  return wholeMonths(q.from, q.to < visits.horizon ? q.to : visits.horizon)
}

/** The counted months from `{months_from}` to `{months_to}` as `key_month, n_customers, n_new, n_repeat` (countedMonths). */
export const monthCountsSql = (visits: BuyerVisits) =>
  `SELECT month AS key_month, customers AS n_customers, new_customers AS n_new, repeat_customers AS n_repeat
     FROM ${visits.monthCounts} WHERE month >= toDate({months_from:String}) AND month <= toDate({months_to:String})`

/**
 * A total alone that reads later days counts from the visits over this many days or more:
 * looking the later days' buyers up costs ~9 ms however long the range, grouping a total's
 * buyers grows with it (10 M lines: 2 days 10.4 against 8.4 ms grouped, 4 days 9.1 against 9.6,
 * 7 days 9.5 against 12.4, 30 days 9.5 against 21, a year to date 7.8 against 19 from customer_years).
 */
const LIVE_TOTAL_MIN_DAYS = 4
const liveTotalCounts = (q: RangeQuery) => addDays(q.from, LIVE_TOTAL_MIN_DAYS - 1) <= q.to

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
 * later days (read live) without a visit in the range before them.
 */
export function visitCountsSql(q: RangeQuery, dims: readonly Dimension[], total: boolean, visits: BuyerVisits) {
  const scope = scopeOf(q, dims)!
  const withTotal = total && scope !== ''
  const scopes: Scope[] = withTotal ? [scope, ''] : [scope]
  const keys = (table: string) => [...(withTotal ? [`${table}.scope = '' AS is_total`] : []), ...dims.map((d) => `${table}.member AS ${keyOf(d)}`), '']
  const from = 'toDate({visit_from:String})'
  if (q.to < visits.horizon && !settledPeriodEnds(visits.horizon).includes(q.to)) {
    // Each buyer's first visit in the range: the one whose previous visit falls before it (a
    // condition of the WHERE, so the other columns are read for those rows only: 29 → 17 ms a
    // year). A statement per scope, grouped by member alone (the total's not at all): grouping
    // by two LowCardinality keys cost a quarter more (a year by channel 41 → 33 ms, by category 53 → 41).
    const counts = firstVisitCountsSql(from, 'toDate({visit_to:String})')
    const part = (s: Scope) =>
      `SELECT ${[...(withTotal ? [`${s === '' ? 1 : 0} AS is_total`] : []), ...dims.map((d) => `${s === '' ? "''" : 'member'} AS ${keyOf(d)}`), ''].join(', ')}${counts}
         FROM ${visits.table} WHERE scope = '${s}' AND day >= ${from} AND day <= toDate({visit_to:String}) AND prev_day < ${from}${s === '' ? '' : ' GROUP BY member'}`
    return { sql: scopes.map(part).join(' UNION ALL '), params: { visit_from: q.from, visit_to: q.to } }
  }
  // Reaching the horizon, the range holds a buyer by it exactly when their last visit falls in
  // it: a repeat buyer when that visit holds two orders or the one before it is in the range
  // too; a new one when their first payment is in it. Each is a count of days from the range's
  // first — as of the horizon, or of the range's last day when it ends a settled period.
  const settled = `SELECT ${keys('c').join(', ')} sum(last_visits) AS n_customers, sum(first_payments) AS n_new, sum(last_visits_two_orders) + sum(previous_of_single) AS n_repeat
                     FROM ${visits.lastVisitCounts} AS c WHERE as_of = toDate({visit_as_of:String}) AND scope IN {visit_scopes:Array(String)} AND day >= ${from} GROUP BY scope, member`
  const params = { visit_from: q.from, visit_to: q.to, visit_horizon: visits.horizon, visit_scopes: scopes, visit_as_of: q.to < visits.horizon ? q.to : visits.horizon }
  if (q.to <= visits.horizon) return { sql: settled, params }
  if (scope === '') return { sql: `${settled} UNION ALL ${laterTotalSql(visits.lastVisits, from)}`, params }
  // A later buyer adds a customer when without a last visit in the range (0 orders); a repeat
  // one when that visit, their only one in the range, had one order, or without one, with two
  // orders later; a new one when without one, and with no payment before the range (none by
  // the horizon: not in the lookup).
  const lookup = (column: string, orNull = '') => `joinGet${orNull}('${visits.lastVisits}', '${column}', buyer_key)`
  const later = `SELECT ${keys('later').join(', ')} countIf(l_orders = 0) AS n_customers, countIf(l_orders = 0 AND ifNull(l_first >= ${from}, 1)) AS n_new,
                        countIf((l_orders = 0 AND orders >= 2) OR (l_orders = 1 AND l_visit.prev_day < ${from})) AS n_repeat
                   FROM (SELECT *, if(scope = '', ${lookup(SCOPES[''].lastVisit)}, ${lookup(SCOPES[scope].lastVisit)}[member]) AS l_visit, if(l_visit.day >= ${from}, l_visit.orders, 0) AS l_orders,
                                ${lookup('first_day', 'OrNull')} AS l_first
                           FROM (${laterBuyersSql(scope, withTotal)})) AS later
                  GROUP BY scope, member`
  return { sql: `${settled} UNION ALL ${later}`, params }
}

/**
 * The later days' additions to a total alone, each buyer looked up with their last visit
 * whenever it was (none: the defaults, day 1970-01-01 and no orders): one is new exactly when
 * they had none — no payment by the horizon — which spares reading the first payments.
 */
const laterTotalSql = (lastVisits: string, from: string) =>
  `SELECT countIf(l_visit.day < ${from}) AS n_customers, countIf(l_visit.orders = 0) AS n_new,
          countIf((l_visit.day < ${from} AND orders >= 2) OR (l_visit.day >= ${from} AND l_visit.orders = 1 AND l_visit.prev_day < ${from})) AS n_repeat
     FROM (SELECT orders, joinGet('${lastVisits}', '${SCOPES[''].lastVisit}', buyer_key) AS l_visit FROM (${laterBuyersSql('', false)}))`

/** Each merged buyer of the days after the horizon with their paid orders, per member of `scope` and, with `withTotal`, over everything (scope ''). */
function laterBuyersSql(scope: Scope, withTotal: boolean) {
  const s = SCOPES[scope]
  const days = 'day > toDate({visit_horizon:String}) AND day <= toDate({visit_to:String})'
  if (!withTotal) return `SELECT '${scope}' AS scope, * FROM (${buyerOrdersSql(scope, days, false)})`
  // Outside a grouping set a key reads as its default: the total's member is ''.
  return `SELECT if(grouping(member) = 1, '', '${scope}') AS scope, ${s.member} AS member, ${MERGED_KEY} AS buyer_key, ${s.orders} AS orders
            FROM ${s.table} WHERE ${days} GROUP BY GROUPING SETS ((member, buyer_key), (buyer_key))`
}
