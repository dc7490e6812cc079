'use client'

import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useCallback, useMemo } from 'react'
import { parseViewState, viewQueryString, type ViewState } from '@/components/drill/state'

/** The view in the URL, and a way to move to another one (a history entry: back/forward work). */
export function useViewState(): { state: ViewState; navigate: (next: ViewState) => void } {
  const params = useSearchParams()
  const router = useRouter()
  const pathname = usePathname()
  const state = useMemo(() => parseViewState(params), [params])
  const navigate = useCallback(
    (next: ViewState) => router.push(`${pathname}${viewQueryString(next)}`, { scroll: false }),
    [router, pathname],
  )
  return { state, navigate }
}
