'use client'

import { useI18n } from '@/lib/i18n'
import { formatDateTime, formatRelativeAge } from '@/lib/i18n/format'
import type { Freshness } from '@/components/dashboard/api'
import { freshnessAgeSeconds, isStale } from '@/components/dashboard/freshness'

interface Props {
  freshness: Freshness | undefined
  receivedAt: number
  now: number
  timeZone: string
  paused: boolean
  /** The first load failed: there is no freshness to show. */
  failed?: boolean
}

/** "数据更新于 N 秒前" from the newest event; amber once the data is over 30 s old. */
export function FreshnessBadge({ freshness, receivedAt, now, timeZone, paused, failed = false }: Props) {
  const { t, locale } = useI18n()
  if (!freshness && failed) {
    return (
      <span className="badge badge-warning" data-testid="freshness" data-state="error">
        <span className="badge-dot" aria-hidden="true" />
        {t('states.errorTitle')}
      </span>
    )
  }
  if (!freshness) {
    return (
      <span className="badge badge-muted" data-testid="freshness" data-state="loading">
        {t('states.loading')}
      </span>
    )
  }
  const age = freshnessAgeSeconds({
    newestEventAt: freshness.newest_event_at,
    asOf: freshness.as_of,
    receivedAt,
    now,
  })
  const stale = isStale(age)
  const text = age === null ? t('dashboard.noEvents') : t('dashboard.dataAsOf', { age: formatRelativeAge(age, locale) })
  const title =
    freshness.newest_event_at === null
      ? undefined
      : [
          t('dashboard.newestEventAt', { time: formatDateTime(freshness.newest_event_at, timeZone, locale) }),
          stale ? t('dashboard.staleHint') : null,
        ]
          .filter(Boolean)
          .join(' · ')
  const state = age === null ? 'empty' : stale ? 'stale' : 'fresh'
  return (
    <span
      className={`badge ${stale ? 'badge-warning' : age === null ? 'badge-muted' : 'badge-ok'}`}
      data-testid="freshness"
      data-state={state}
      data-age-seconds={age === null ? undefined : Math.floor(age)}
      title={title}
    >
      <span className="badge-dot" aria-hidden="true" />
      {text}
      {paused && <span className="badge-suffix"> · {t('dashboard.paused')}</span>}
    </span>
  )
}
