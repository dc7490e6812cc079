import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, fetchChannelBreakdown, fetchKpis, fetchTimeBreakdown, shouldRetry } from '@/components/dashboard/api'

const range = { from: '2026-11-21', to: '2026-11-27', time_zone: 'Asia/Shanghai' }
const freshness = { newest_event_at: '2026-11-27T07:01:02.123Z', as_of: '2026-11-27T07:01:03.000Z' }
const kpis = {
  net_revenue: '12345.60',
  gmv: '13000.00',
  cogs: '8000.00',
  gross_profit: '4345.60',
  gross_margin: 0.352,
  orders: 120,
  aov: '102.88',
  customers: 95,
}

function mockFetch(body: unknown, init: { status?: number; redirected?: boolean; url?: string } = {}) {
  const fn = vi.fn(async (_input: string | URL | Request, _init?: RequestInit) => {
    const response = new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status: init.status ?? 200,
      headers: { 'content-type': 'application/json' },
    })
    if (init.redirected) {
      Object.defineProperty(response, 'redirected', { value: true })
      Object.defineProperty(response, 'url', { value: init.url })
    }
    return response
  })
  vi.stubGlobal('fetch', fn)
  return fn
}

afterEach(() => {
  vi.unstubAllGlobals()
})

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected a rejection')
}

describe('fetchKpis', () => {
  it('calls the contract URL and parses the response', async () => {
    const fn = mockFetch({ range, kpis, freshness })
    const data = await fetchKpis({ from: '2026-11-21', to: '2026-11-27' })
    expect(fn).toHaveBeenCalledWith('/api/v1/kpis?from=2026-11-21&to=2026-11-27', expect.objectContaining({ cache: 'no-store' }))
    expect(data.kpis.net_revenue).toBe('12345.60')
    expect(data.range.time_zone).toBe('Asia/Shanghai')
  })

  it('accepts null margin, AOV and newest event', async () => {
    mockFetch({
      range,
      kpis: { ...kpis, gross_margin: null, aov: null, orders: 0 },
      freshness: { newest_event_at: null, as_of: freshness.as_of },
    })
    const data = await fetchKpis(range)
    expect(data.kpis.aov).toBeNull()
    expect(data.freshness.newest_event_at).toBeNull()
  })

  it('a response off the contract is an invalid_response error', async () => {
    mockFetch({ range, kpis: { ...kpis, net_revenue: 12345.6 }, freshness })
    const error = await rejection(fetchKpis(range))
    expect(error.kind).toBe('invalid_response')
    expect(error.message).toContain('net_revenue')
  })

  it('401 is unauthorized; 400 carries the field', async () => {
    mockFetch({ error: { code: 'unauthorized', message: 'sign in' } }, { status: 401 })
    expect((await rejection(fetchKpis(range))).kind).toBe('unauthorized')
    mockFetch({ error: { code: 'invalid_parameter', message: 'bad', field: 'from' } }, { status: 400 })
    const bad = await rejection(fetchKpis(range))
    expect(bad.kind).toBe('invalid_parameter')
    expect(bad.field).toBe('from')
    expect(shouldRetry(0, bad)).toBe(false)
  })

  it('a redirect to the sign-in page is unauthorized', async () => {
    mockFetch('<html></html>', { redirected: true, url: 'http://localhost:3000/signin?callbackUrl=%2F' })
    expect((await rejection(fetchKpis(range))).kind).toBe('unauthorized')
  })

  it('5xx without a JSON body is a server error (retried)', async () => {
    mockFetch('oops', { status: 500 })
    const error = await rejection(fetchKpis(range))
    expect(error.kind).toBe('server')
    expect(shouldRetry(0, error)).toBe(true)
    expect(shouldRetry(2, error)).toBe(false)
  })

  it('network failures are network errors', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))))
    expect((await rejection(fetchKpis(range))).kind).toBe('network')
  })
})

describe('fetchChannelBreakdown', () => {
  it('parses rows and total', async () => {
    const fn = mockFetch({ range, by: 'channel', rows: [{ channel: 'tmall', ...kpis }], total: kpis, freshness })
    const data = await fetchChannelBreakdown(range)
    expect(fn.mock.calls[0]?.[0]).toBe('/api/v1/breakdown?by=channel&from=2026-11-21&to=2026-11-27')
    expect(data.rows[0]?.channel).toBe('tmall')
    expect(data.total.orders).toBe(120)
  })
})

describe('fetchTimeBreakdown', () => {
  it('normalises day rows to buckets', async () => {
    const fn = mockFetch({ range, by: 'day', rows: [{ day: '2026-11-27', channel: 'jd', ...kpis }], freshness })
    const data = await fetchTimeBreakdown('day', range)
    expect(fn.mock.calls[0]?.[0]).toBe('/api/v1/breakdown?by=day&split=channel&from=2026-11-21&to=2026-11-27')
    expect(data.rows[0]).toMatchObject({ bucket: '2026-11-27', channel: 'jd' })
  })

  it('normalises hour rows to buckets', async () => {
    mockFetch({ range, by: 'hour', rows: [{ hour: '2026-11-27 14:00', channel: 'web', ...kpis }], freshness })
    const data = await fetchTimeBreakdown('hour', range)
    expect(data.by).toBe('hour')
    expect(data.rows[0]?.bucket).toBe('2026-11-27 14:00')
  })

  it('rejects an hour in another format, or the wrong granularity', async () => {
    mockFetch({ range, by: 'hour', rows: [{ hour: '2026-11-27T14:00:00Z', channel: 'web', ...kpis }], freshness })
    expect((await rejection(fetchTimeBreakdown('hour', range))).kind).toBe('invalid_response')
    mockFetch({ range, by: 'day', rows: [], freshness })
    expect((await rejection(fetchTimeBreakdown('hour', range))).kind).toBe('invalid_response')
  })
})
