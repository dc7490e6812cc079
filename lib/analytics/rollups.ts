import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'

/**
 * The time zone the daily rollups were built in (recorded by clickhouse/0008), read once per
 * client: it changes only when they are rebuilt, which needs a restart. This caches where to
 * read, never a result.
 */
const zones = new WeakMap<ClickHouseClient, Promise<string | null>>()

export function dailyRollupZone(ch: ClickHouseClient): Promise<string | null> {
  let zone = zones.get(ch)
  if (!zone) {
    zone = queryRows<{ tz: string }>(ch, `SELECT time_zone AS tz FROM ${TABLES.dailyRollupZone} LIMIT 1`).then((r) => r[0]?.tz ?? null)
    zones.set(ch, zone)
    // A store migrated later in this process must not stay on the fallback because of an early failure.
    zone.catch(() => zones.delete(ch))
  }
  return zone.catch(() => null)
}

/** Whether the daily rollups are bucketed by `timeZone`'s days (else queries fall back to hourly or the facts). */
export async function dailyRollupsFit(ch: ClickHouseClient, timeZone: string): Promise<boolean> {
  return (await dailyRollupZone(ch)) === timeZone
}
