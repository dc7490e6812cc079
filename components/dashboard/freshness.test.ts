import { describe, expect, it } from 'vitest'
import { freshnessAgeSeconds, isStale } from '@/components/dashboard/freshness'

describe('freshnessAgeSeconds', () => {
  const asOf = '2026-11-27T07:01:03.000Z'
  const newest = '2026-11-27T07:01:02.000Z'

  it('is the server-side age plus time since the response', () => {
    const receivedAt = 1_000_000
    expect(freshnessAgeSeconds({ newestEventAt: newest, asOf, receivedAt, now: receivedAt })).toBe(1)
    expect(freshnessAgeSeconds({ newestEventAt: newest, asOf, receivedAt, now: receivedAt + 4_000 })).toBe(5)
  })

  it('ignores the browser clock offset', () => {
    // Browser clock is a day ahead of the server: the age is still 1 s.
    const receivedAt = Date.parse(asOf) + 86_400_000
    expect(freshnessAgeSeconds({ newestEventAt: newest, asOf, receivedAt, now: receivedAt })).toBe(1)
  })

  it('is null without events and never negative', () => {
    expect(freshnessAgeSeconds({ newestEventAt: null, asOf, receivedAt: 0, now: 0 })).toBeNull()
    expect(
      freshnessAgeSeconds({ newestEventAt: '2026-11-27T07:01:05.000Z', asOf, receivedAt: 10, now: 5 }),
    ).toBe(0)
  })
})

describe('isStale', () => {
  it('turns stale after 30 s', () => {
    expect(isStale(null)).toBe(false)
    expect(isStale(30)).toBe(false)
    expect(isStale(30.5)).toBe(true)
  })
})
