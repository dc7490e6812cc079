'use client'

import { useQuery } from '@tanstack/react-query'
import type { DayRange } from '@/lib/i18n/time-range'
import type { RequestOptions } from '@/components/dashboard/api'
import type { Filters } from '@/components/dashboard/analytics-api'
import { apiFilters, resolveTime } from '@/components/drill/state'
import { useViewState } from '@/components/drill/use-view-state'
import { firstUnauthorized, useLive } from '@/components/live/use-live'

/**
 * One live query for a drill-down page: the view state from the URL, the range in the
 * business time zone, the filters, a query that refreshes every 5 s, and whether the session
 * is gone. The inventory and oversell pages differ only in what they fetch and show.
 */
export function useLivePage<T extends { range?: { time_zone?: string } }>(
  name: string,
  fetcher: (q: { range: DayRange; filters: Filters }, options?: RequestOptions) => Promise<T>,
  defaultTimeZone: string,
) {
  const { state, navigate } = useViewState()
  const live = useLive(defaultTimeZone)
  const { range } = resolveTime(state, new Date(live.now), live.timeZone)
  const filters = apiFilters(state)
  const query = useQuery({
    queryKey: [name, range.from, range.to, JSON.stringify(filters)],
    queryFn: ({ signal }) => fetcher({ range, filters }, { signal }),
    ...live.queryOptions,
  })
  live.followTimeZone(query.data?.range?.time_zone)
  return { state, navigate, live, range, query, data: query.data, unauthorized: firstUnauthorized([query.error]) }
}
