import { builtParts } from '@/lib/analytics/buyer-visits'
import { clickhouse, queryRows } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import { db } from '@/lib/db'
import { ingestLag } from '@/lib/eventlog/lag'

type Check = { ok: boolean; error?: string; ms: number }

async function check<T>(fn: () => Promise<T>): Promise<Check & { value?: T }> {
  const started = performance.now()
  try {
    const value = await fn()
    return { ok: true, ms: Math.round(performance.now() - started), value }
  } catch (e) {
    return { ok: false, error: (e as Error).message, ms: Math.round(performance.now() - started) }
  }
}

/** Liveness of each store and the ingest counters, for /api/health and operators. */
export async function health() {
  const [pg, ch, log, counters, built] = await Promise.all([
    check(async () => (await db()).query('SELECT 1')),
    check(async () => queryRows(await clickhouse(), 'SELECT 1')),
    check(async () => ingestLag(await db())),
    check(async () => {
      const [row] = await queryRows<{ ingested: string; dead: string; newest: string | null }>(
        await clickhouse(),
        `SELECT toString(countIf(dead_letter_reason = '')) AS ingested, toString(countIf(dead_letter_reason != '')) AS dead,
                if(countIf(dead_letter_reason = '') = 0, NULL, toString(maxIf(occurred_at, dead_letter_reason = ''))) AS newest
           FROM ${TABLES.events}`,
      )
      return row
    }),
    check(async () => builtParts(await clickhouse())),
  ])
  const strip = ({ value: _, ...c }: Check & { value?: unknown }) => c
  return {
    status: pg.ok && ch.ok && log.ok ? 'ok' : 'degraded',
    postgres: strip(pg),
    clickhouse: strip(ch),
    event_log: { ...strip(log), kind: log.value?.log },
    ingest: {
      events_ingested: Number(counters.value?.ingested ?? 0),
      dead_lettered: Number(counters.value?.dead ?? 0),
      lag: log.value?.lag ?? null,
      newest_event_at: counters.value?.newest ? `${counters.value.newest.replace(' ', 'T')}Z` : null,
    },
    // The last day customer counts read from fresh buyer visits (lib/analytics/buyer-visits.ts); null: they group buyers.
    buyer_visits_through: built.value?.visits?.horizon ?? null,
    // The same for turnover's stock values (lib/analytics/stock-values.ts); null: it runs the ledger.
    stock_values_through: built.value?.stock?.horizon ?? null,
  }
}
