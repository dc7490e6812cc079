'use client'

import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiError, shouldRetry } from '@/components/dashboard/api'
import { useNow } from '@/components/dashboard/use-now'
import { isValidTimeZone } from '@/lib/i18n/time-range'

export const REFRESH_INTERVAL_MS = 5000

function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.kind === 'unauthorized'
}

/**
 * Live refresh for a page: every query polls every 5 s (until paused, or the session is
 * gone) and keeps showing its previous data while a new key loads, so drilling or a
 * refresh never flickers. Also follows the server's business time zone.
 */
export function useLive(defaultTimeZone: string) {
  const [paused, setPaused] = useState(false)
  const [timeZone, setTimeZone] = useState(() => (isValidTimeZone(defaultTimeZone) ? defaultTimeZone : 'UTC'))
  const now = useNow(1000)
  const followTimeZone = (apiTimeZone: string | undefined) => {
    if (apiTimeZone && apiTimeZone !== timeZone && isValidTimeZone(apiTimeZone)) setTimeZone(apiTimeZone)
  }
  const queryOptions = {
    refetchInterval: (query: { state: { error: unknown } }) =>
      paused || isUnauthorized(query.state.error) ? false : REFRESH_INTERVAL_MS,
    placeholderData: keepPreviousData,
    retry: shouldRetry,
  }
  return { paused, setPaused, timeZone, followTimeZone, now, queryOptions }
}

export function firstUnauthorized(errors: readonly unknown[]): unknown {
  return errors.find(isUnauthorized)
}
