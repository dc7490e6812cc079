/**
 * How old the newest data is. The age is measured on the server's clock
 * (`as_of − newest_event_at`) plus the time since the response arrived on the browser's
 * clock, so a browser whose clock is off does not show a wrong age.
 */
export const FRESHNESS_STALE_SECONDS = 30

export interface FreshnessInput {
  newestEventAt: string | null
  asOf: string
  /** Browser time (ms) when the response arrived, e.g. react-query's `dataUpdatedAt`. */
  receivedAt: number
  /** Browser time (ms) now. */
  now: number
}

/** Age in seconds (≥ 0), or null when there are no events at all. */
export function freshnessAgeSeconds({ newestEventAt, asOf, receivedAt, now }: FreshnessInput): number | null {
  if (newestEventAt === null) return null
  const newest = Date.parse(newestEventAt)
  if (Number.isNaN(newest)) return null
  const serverNow = Date.parse(asOf)
  const ageAtResponse = Number.isNaN(serverNow) ? (now - newest) / 1000 : (serverNow - newest) / 1000
  const sinceResponse = Number.isNaN(serverNow) ? 0 : Math.max(0, now - receivedAt) / 1000
  return Math.max(0, ageAtResponse + sinceResponse)
}

export function isStale(ageSeconds: number | null): boolean {
  return ageSeconds !== null && ageSeconds > FRESHNESS_STALE_SECONDS
}
