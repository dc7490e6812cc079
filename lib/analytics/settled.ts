import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import { config } from '@/lib/config'
import { addDays, localDay } from '@/lib/i18n/time-range'
import { WRITE_MARGIN_SECONDS } from './buyer-visits'
import type { RangeQuery } from './filters'
import { ALL_FILTERS } from './where'

/**
 * Values of settled periods, remembered. A period that ended before today changes only when an
 * event that occurred by its end is written (a late event), or when customers are merged or
 * unmerged (which reaches every day). event_hour_counts (clickhouse/0032) counts the events of
 * each hour as they are written, merges under hour 0. A value is remembered with the count of
 * events before its period's end, checked before its read, and serves while that count is
 * unchanged: never a figure a read now would not return. A write seen by the read but not by
 * the check only costs a read more; one seen by the check but not yet by the read — an insert's
 * views are committed one by one — would be kept wrong, so a value is remembered only when the
 * last such write is older than any insert in flight (a ClickHouse server's reads run beside
 * inserts; embedded chDB runs one statement at a time). Periods reaching today are not
 * remembered: they change with every event.
 */
export type SettledPeriods<T> = {
  /** Per period asked for, its remembered value, or undefined: to be read. */
  known: readonly (T | undefined)[]
  /** Keeps the values just read (one per period, known ones included) for the settled periods. */
  remember(values: readonly T[]): void
}

type Entry = { value: unknown; events: string }

/** Remembered values per client, least recently used first; at most MAX_ENTRIES per client. */
const memos = new WeakMap<ClickHouseClient, Map<string, Entry>>()
const MAX_ENTRIES = 1000

export const NOTHING_SETTLED: SettledPeriods<never> = { known: [], remember: () => {} }

/**
 * The remembered values of the `kind` (with `how`: whatever else shapes them) of the periods
 * `qs` that ended before `now`'s day in `timeZone`, from one count (~1 ms); none counted when no
 * period has.
 */
export async function settledPeriods<T>(ch: ClickHouseClient, timeZone: string, kind: string, qs: readonly RangeQuery[], now = new Date(), how: unknown = null): Promise<SettledPeriods<T>> {
  const today = localDay(now, timeZone)
  const settled = qs.flatMap((q, i) => (q.to < today ? [i] : []))
  if (!settled.length) return NOTHING_SETTLED
  let memo = memos.get(ch)
  if (!memo) memos.set(ch, (memo = new Map()))
  const [counts] = await queryRows<Record<string, string>>(
    ch,
    `SELECT ${settled
      .map((i) => {
        const before = `hour < toDateTime({end_${i}:Date}, {tz:String})`
        return `toString(sumIf(events, ${before})) AS events_${i}, maxIf(written_at, ${before}) < now64(3, 'UTC') - toIntervalSecond({in_flight:UInt32}) AS quiet_${i}`
      })
      .join(', ')} FROM ${TABLES.eventHourCounts}`,
    { tz: timeZone, in_flight: config().CLICKHOUSE_URL ? WRITE_MARGIN_SECONDS : 0, ...Object.fromEntries(settled.map((i) => [`end_${i}`, addDays(qs[i]!.to, 1)])) },
  )
  const eventsBefore = (i: number) => counts![`events_${i}`]!
  const keys = qs.map((q) => JSON.stringify([kind, how, timeZone, q.from, q.to, q.days ?? null, q.before_hour ?? null, ...ALL_FILTERS.map((f) => q[f])]))
  const known = keys.map((key, i) => {
    const entry = settled.includes(i) ? memo.get(key) : undefined
    if (!entry || entry.events !== eventsBefore(i)) return undefined
    memo.delete(key) // set again: most recently used last
    memo.set(key, entry)
    return entry.value as T
  })
  return {
    known,
    remember: (values) => {
      for (const i of settled) {
        if (known[i] !== undefined || !Number(counts![`quiet_${i}`])) continue
        memo.set(keys[i]!, { value: values[i], events: eventsBefore(i) })
        if (memo.size > MAX_ENTRIES) memo.delete(memo.keys().next().value!)
      }
    },
  }
}

/** Forgets every value remembered for `ch`: the bench times a call as it runs after a late event. */
export const forgetSettled = (ch: ClickHouseClient) => memos.delete(ch)
