import { describe, expect, it } from 'vitest'
import {
  DEFAULT_VIEW,
  apiFilters,
  canDrill,
  currentLevel,
  currentTimeLevel,
  drillInto,
  drillTime,
  levelChoices,
  parseViewState,
  resolveTime,
  serializeViewState,
  setLevel,
  setRange,
  stepBack,
  viewQueryString,
  type ViewState,
} from '@/components/drill/state'

const SH = 'Asia/Shanghai'
const now = new Date('2026-11-27T07:00:00Z') // 15:00 in Shanghai
const roundTrip = (s: ViewState) => parseViewState(new URLSearchParams(serializeViewState(s).toString()))

describe('URL round trip', () => {
  it('the default view is an empty query', () => {
    expect(viewQueryString(DEFAULT_VIEW)).toBe('')
    expect(parseViewState(new URLSearchParams(''))).toEqual(DEFAULT_VIEW)
  })

  it('keeps range, comparison, filters, time path and levels', () => {
    const views: ViewState[] = [
      { ...DEFAULT_VIEW, range: { preset: 'qtd' }, compare: 'yoy' },
      { ...DEFAULT_VIEW, range: { preset: 'custom', from: '2025-01-01', to: '2026-11-27' }, compare: 'none' },
      {
        range: { preset: 'ytd' },
        compare: 'previous',
        filters: { channel: 'tmall', region: 'east', store: 'ST-SH-01', category: 'skincare', sku: 'SKU-0001' },
        time: [
          { level: 'month', member: '2026-11' },
          { level: 'week', member: '2026-11-23' },
          { level: 'day', member: '2026-11-25' },
        ],
        geoBy: null,
        productBy: null,
      },
      { ...DEFAULT_VIEW, filters: { channel: 'a b&c=d' }, geoBy: 'store', productBy: 'sku' },
    ]
    for (const view of views) expect(roundTrip(view)).toEqual(view)
  })

  it('writes a stable, readable query', () => {
    const view = drillInto(drillInto({ ...DEFAULT_VIEW, range: { preset: 'today' } }, 'channel', 'tmall'), 'region', 'east')
    expect(viewQueryString(view)).toBe('?range=today&channel=tmall&region=east')
  })

  it('drops malformed parts instead of failing', () => {
    const s = parseViewState(
      new URLSearchParams('range=forever&cmp=weird&from=2026-02-30&to=2026-03-01&t=month:2026-13,day:2026-11-01&geo_by=planet'),
    )
    expect(s.range).toEqual({ preset: 'last7' })
    expect(s.compare).toBe('previous')
    expect(s.time).toEqual([])
    expect(s.geoBy).toBeNull()
    // A time path must go from coarse to fine; a week must start on a Monday.
    expect(parseViewState(new URLSearchParams('t=day:2026-11-25,month:2026-11')).time).toEqual([{ level: 'day', member: '2026-11-25' }])
    expect(parseViewState(new URLSearchParams('t=week:2026-11-25')).time).toEqual([])
    // from after to is not a range.
    expect(parseViewState(new URLSearchParams('from=2026-11-27&to=2026-11-01')).range).toEqual({ preset: 'last7' })
  })
})

describe('geo and product drill', () => {
  it('channel → region → city → store, then back via the breadcrumb', () => {
    let s = DEFAULT_VIEW
    expect(currentLevel(s, 'geo')).toBe('channel')
    s = drillInto(s, 'channel', 'tmall')
    expect(currentLevel(s, 'geo')).toBe('region')
    s = drillInto(s, 'region', 'east')
    expect(currentLevel(s, 'geo')).toBe('city')
    expect(levelChoices(s, 'geo')).toEqual(['city', 'store'])
    s = setLevel(s, 'geo', 'store') // skip the city
    expect(currentLevel(s, 'geo')).toBe('store')
    s = drillInto(s, 'store', 'ST-SH-01')
    expect(s.geoBy).toBeNull()
    expect(currentLevel(s, 'geo')).toBe('store')
    expect(canDrill(s, 'geo')).toBe(false) // leaf
    expect(apiFilters(s)).toEqual({ channel: ['tmall'], region: ['east'], store: ['ST-SH-01'] })

    const back = stepBack(s, 'geo', 'region')
    expect(back.filters).toEqual({ channel: 'tmall', region: 'east' })
    expect(currentLevel(back, 'geo')).toBe('city')
    expect(stepBack(s, 'geo', null).filters).toEqual({})
  })

  it('a chosen level above the filters is ignored; drilling clears deeper filters', () => {
    const s = setLevel(drillInto(DEFAULT_VIEW, 'region', 'east'), 'geo', 'channel')
    expect(currentLevel(s, 'geo')).toBe('city')
    const t = drillInto({ ...DEFAULT_VIEW, filters: { channel: 'jd', city: 'shanghai', store: 'ST-SH-01' } }, 'city', 'hangzhou')
    expect(t.filters).toEqual({ channel: 'jd', city: 'hangzhou' })
  })

  it('hierarchies are independent', () => {
    const s = drillInto(drillInto(drillInto(DEFAULT_VIEW, 'channel', 'tmall'), 'category', 'skincare'), 'sku', 'SKU-0001')
    expect(currentLevel(s, 'product')).toBe('sku')
    expect(canDrill(s, 'product')).toBe(false)
    expect(stepBack(s, 'product', 'category').filters).toEqual({ channel: 'tmall', category: 'skincare' })
    expect(stepBack(s, 'geo', null).filters).toEqual({ category: 'skincare', sku: 'SKU-0001' })
  })
})

describe('time drill', () => {
  it('year-to-date: month → week → day → hour, each narrowing the range', () => {
    let s: ViewState = { ...DEFAULT_VIEW, range: { preset: 'ytd' } }
    expect(resolveTime(s, now, SH).range).toEqual({ from: '2026-01-01', to: '2026-11-27' })
    expect(currentTimeLevel(s, now, SH)).toBe('month')
    s = drillTime(s, 'month', '2026-11', now, SH)
    expect(resolveTime(s, now, SH).range).toEqual({ from: '2026-11-01', to: '2026-11-27' })
    expect(currentTimeLevel(s, now, SH)).toBe('week')
    s = drillTime(s, 'week', '2026-11-23', now, SH)
    expect(resolveTime(s, now, SH).range).toEqual({ from: '2026-11-23', to: '2026-11-27' }) // not past today
    expect(currentTimeLevel(s, now, SH)).toBe('day')
    s = drillTime(s, 'day', '2026-11-25', now, SH)
    expect(resolveTime(s, now, SH).range).toEqual({ from: '2026-11-25', to: '2026-11-25' })
    expect(currentTimeLevel(s, now, SH)).toBe('hour')
    // A week outside the month (2026-05-25 ends on 05-31) does not meet June: it is dropped.
    const june: ViewState = { ...DEFAULT_VIEW, range: { preset: 'ytd' }, time: [{ level: 'month', member: '2026-06' }, { level: 'week', member: '2026-05-25' }] }
    expect(resolveTime(june, now, SH).steps).toEqual([{ level: 'month', member: '2026-06' }])
    const y = drillTime({ ...DEFAULT_VIEW, range: { preset: 'custom', from: '2024-01-01', to: '2026-11-27' } }, 'year', '2025', now, SH)
    expect(currentTimeLevel(y, now, SH)).toBe('quarter')
    const q = drillTime(y, 'quarter', '2025-Q4', now, SH)
    expect(resolveTime(q, now, SH).range).toEqual({ from: '2025-10-01', to: '2025-12-31' })
    expect(currentTimeLevel(q, now, SH)).toBe('month')
  })

  it('clips a week to its month, and steps back', () => {
    const s = drillTime(
      { ...DEFAULT_VIEW, range: { preset: 'ytd' }, time: [{ level: 'month', member: '2026-11' }, { level: 'week', member: '2026-10-26' }] },
      'day',
      '2026-11-01',
      now,
      SH,
    )
    expect(resolveTime({ ...s, time: s.time.slice(0, 2) }, now, SH).range).toEqual({ from: '2026-11-01', to: '2026-11-01' })
    expect(stepBack(s, 'time', 'month').time).toEqual([{ level: 'month', member: '2026-11' }])
    expect(stepBack(s, 'time', null).time).toEqual([])
  })

  it('refuses a coarser or repeated step, and a new range restarts the path', () => {
    const s = drillTime({ ...DEFAULT_VIEW, range: { preset: 'last30' } }, 'day', '2026-11-25', now, SH)
    expect(drillTime(s, 'week', '2026-11-23', now, SH)).toBe(s)
    expect(drillTime(s, 'day', '2026-11-25', now, SH)).toBe(s)
    expect(setRange(s, { preset: 'today' }).time).toEqual([])
  })
})
