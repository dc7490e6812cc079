/**
 * The whole view of the executive pages — range, comparison, drill filters and drill level
 * per hierarchy — as a value that round-trips through the URL's search params. Pure: the
 * hook in use-view-state.ts only reads and pushes it.
 *
 * Hierarchies:
 *   geo      channel → region → city → store
 *   product  category → sku
 *   time     year → quarter → month → week → day → hour (each step narrows the range)
 *
 * URL: `range=last7` or `from=2026-11-01&to=2026-11-27`, `cmp=yoy|none` (default previous),
 * one param per filter (`channel=tmall&region=east`), `t=month:2026-11,day:2026-11-25`
 * (the time drill path), `geo_by=store` / `product_by=sku` (a level chosen to skip to).
 */
import {
  DEFAULT_RANGE_PRESET,
  RANGE_PRESETS,
  TIME_LEVELS,
  childTimeLevel,
  computeTimeRange,
  intersectRanges,
  isTimeLevel,
  isTimeMember,
  memberRange,
  timeLevelFor,
  type DayRange,
  type RangePreset,
  type TimeLevel,
} from '@/lib/i18n/time-range'
import type { CompareMode, Filters } from '@/components/dashboard/analytics-api'

export const GEO_LEVELS = ['channel', 'region', 'city', 'store'] as const
export const PRODUCT_LEVELS = ['category', 'sku'] as const
export type GeoLevel = (typeof GEO_LEVELS)[number]
export type ProductLevel = (typeof PRODUCT_LEVELS)[number]
export type DrillDim = GeoLevel | ProductLevel
export type Hierarchy = 'geo' | 'product' | 'time'
export type Compare = CompareMode | 'none'
export const COMPARES: readonly Compare[] = ['previous', 'yoy', 'none']
export const DEFAULT_COMPARE: Compare = 'previous'

export type RangeChoice = { preset: RangePreset } | { preset: 'custom'; from: string; to: string }

export interface TimeStep {
  level: TimeLevel
  member: string
}

export interface ViewState {
  range: RangeChoice
  compare: Compare
  filters: Partial<Record<DrillDim, string>>
  time: TimeStep[]
  geoBy: GeoLevel | null
  productBy: ProductLevel | null
}

export const DEFAULT_VIEW: ViewState = {
  range: { preset: DEFAULT_RANGE_PRESET },
  compare: DEFAULT_COMPARE,
  filters: {},
  time: [],
  geoBy: null,
  productBy: null,
}

const HIERARCHY_LEVELS = { geo: GEO_LEVELS, product: PRODUCT_LEVELS } as const
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/
const MAX_MEMBER_LENGTH = 128

function isPreset(value: string | null): value is RangePreset {
  return value !== null && (RANGE_PRESETS as readonly string[]).includes(value)
}

function isRealDay(value: string | null): value is string {
  if (value === null || !DAY_RE.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value)
}

function levelIndex<H extends 'geo' | 'product'>(h: H, level: string): number {
  return (HIERARCHY_LEVELS[h] as readonly string[]).indexOf(level)
}

/** The base range (before any time drill) chosen in the URL. */
export function baseRange(range: RangeChoice, now: Date, timeZone: string): DayRange {
  return range.preset === 'custom' ? { from: range.from, to: range.to } : computeTimeRange(range.preset, now, timeZone)
}

/**
 * The range actually shown: the base range narrowed by every time step. Steps that do not
 * meet the range left so far are dropped (with everything after them).
 */
export function resolveTime(state: ViewState, now: Date, timeZone: string): { range: DayRange; steps: TimeStep[] } {
  let range = baseRange(state.range, now, timeZone)
  const steps: TimeStep[] = []
  for (const step of state.time) {
    const next = intersectRanges(range, memberRange(step.level, step.member))
    if (!next) break
    range = next
    steps.push(step)
  }
  return { range, steps }
}

/** The time level the charts show now (a leaf hour stays at hour). */
export function currentTimeLevel(state: ViewState, now: Date, timeZone: string): TimeLevel {
  const { range, steps } = resolveTime(state, now, timeZone)
  const last = steps[steps.length - 1]
  if (!last) return timeLevelFor(range)
  return childTimeLevel(last.level) ?? last.level
}

/** The level a geo/product panel shows: the chosen one if it is below every filter, else the next. */
export function currentLevel(state: ViewState, h: 'geo'): GeoLevel
export function currentLevel(state: ViewState, h: 'product'): ProductLevel
export function currentLevel(state: ViewState, h: 'geo' | 'product'): DrillDim {
  const levels = HIERARCHY_LEVELS[h] as readonly DrillDim[]
  const deepest = deepestIndex(state, h)
  const chosen = h === 'geo' ? state.geoBy : state.productBy
  if (chosen && levelIndex(h, chosen) > deepest) return chosen
  return levels[Math.min(deepest + 1, levels.length - 1)] ?? levels[0]!
}

function deepestIndex(state: ViewState, h: 'geo' | 'product'): number {
  const levels = HIERARCHY_LEVELS[h] as readonly DrillDim[]
  let deepest = -1
  levels.forEach((level, i) => {
    if (state.filters[level] !== undefined) deepest = i
  })
  return deepest
}

/** Whether rows at the panel's level can be clicked to drill further. */
export function canDrill(state: ViewState, h: 'geo' | 'product'): boolean {
  const level = h === 'geo' ? currentLevel(state, 'geo') : currentLevel(state, 'product')
  return state.filters[level] === undefined
}

/** Levels a panel may skip to (everything below the deepest filter). */
export function levelChoices(state: ViewState, h: 'geo'): GeoLevel[]
export function levelChoices(state: ViewState, h: 'product'): ProductLevel[]
export function levelChoices(state: ViewState, h: 'geo' | 'product'): DrillDim[] {
  const levels = HIERARCHY_LEVELS[h] as readonly DrillDim[]
  return levels.slice(deepestIndex(state, h) + 1)
}

export function hierarchyOf(dim: DrillDim): 'geo' | 'product' {
  return (GEO_LEVELS as readonly string[]).includes(dim) ? 'geo' : 'product'
}

// ---- transitions ----

/** Narrow to a member: adds the filter, clears deeper filters of that hierarchy and the level choice. */
export function drillInto(state: ViewState, dim: DrillDim, member: string): ViewState {
  const h = hierarchyOf(dim)
  const levels = HIERARCHY_LEVELS[h] as readonly DrillDim[]
  const filters = { ...state.filters, [dim]: member }
  for (const level of levels.slice(levels.indexOf(dim) + 1)) delete filters[level]
  return { ...state, filters, ...(h === 'geo' ? { geoBy: null } : { productBy: null }) }
}

/** Narrow the time to a member of the level shown; a click below the hour changes nothing. */
export function drillTime(state: ViewState, level: TimeLevel, member: string, now: Date, timeZone: string): ViewState {
  if (!isTimeMember(level, member)) return state
  const { steps } = resolveTime(state, now, timeZone)
  const last = steps[steps.length - 1]
  if (last && last.level === level && last.member === member) return state
  if (last && TIME_LEVELS.indexOf(level) <= TIME_LEVELS.indexOf(last.level)) return state
  return { ...state, time: [...steps, { level, member }] }
}

/**
 * Step back to a breadcrumb: `level` null is the hierarchy's root (no filter); otherwise
 * filters (or time steps) down to and including `level` stay.
 */
export function stepBack(state: ViewState, h: Hierarchy, level: string | null): ViewState {
  if (h === 'time') {
    if (level === null) return { ...state, time: [] }
    const i = state.time.findIndex((s) => s.level === level)
    return i === -1 ? state : { ...state, time: state.time.slice(0, i + 1) }
  }
  const levels = HIERARCHY_LEVELS[h] as readonly DrillDim[]
  const keep = level === null ? -1 : levels.indexOf(level as DrillDim)
  const filters = { ...state.filters }
  levels.forEach((l, i) => {
    if (i > keep) delete filters[l]
  })
  return { ...state, filters, ...(h === 'geo' ? { geoBy: null } : { productBy: null }) }
}

/** A new base range starts the time drill again. */
export function setRange(state: ViewState, range: RangeChoice): ViewState {
  return { ...state, range, time: [] }
}

export function setCompare(state: ViewState, compare: Compare): ViewState {
  return { ...state, compare }
}

export function setLevel(state: ViewState, h: 'geo' | 'product', level: string): ViewState {
  if (h === 'geo') {
    const l = (GEO_LEVELS as readonly string[]).includes(level) ? (level as GeoLevel) : null
    return { ...state, geoBy: l }
  }
  const l = (PRODUCT_LEVELS as readonly string[]).includes(level) ? (level as ProductLevel) : null
  return { ...state, productBy: l }
}

/** The API filters of the view (one member per level). */
export function apiFilters(state: ViewState): Filters {
  const out: Filters = {}
  for (const dim of [...GEO_LEVELS, ...PRODUCT_LEVELS]) {
    const member = state.filters[dim]
    if (member !== undefined) out[dim] = [member]
  }
  return out
}

export function apiCompare(state: ViewState): CompareMode | null {
  return state.compare === 'none' ? null : state.compare
}

// ---- URL ----

type ParamsLike = { get(name: string): string | null }

/** Reads a view from search params; anything malformed falls back to the default, part by part. */
export function parseViewState(params: ParamsLike): ViewState {
  const from = params.get('from')
  const to = params.get('to')
  const presetParam = params.get('range')
  let range: RangeChoice = DEFAULT_VIEW.range
  if (isRealDay(from) && isRealDay(to) && from <= to) range = { preset: 'custom', from, to }
  else if (isPreset(presetParam)) range = { preset: presetParam }

  const cmp = params.get('cmp')
  const compare = cmp !== null && (COMPARES as readonly string[]).includes(cmp) ? (cmp as Compare) : DEFAULT_COMPARE

  const filters: ViewState['filters'] = {}
  for (const dim of [...GEO_LEVELS, ...PRODUCT_LEVELS]) {
    const member = params.get(dim)
    if (member && member.length <= MAX_MEMBER_LENGTH) filters[dim] = member
  }

  const time: TimeStep[] = []
  for (const part of (params.get('t') ?? '').split(',')) {
    const i = part.indexOf(':')
    if (i <= 0) break
    const level = part.slice(0, i)
    const member = part.slice(i + 1)
    const prev = time[time.length - 1]
    if (!isTimeLevel(level) || !isTimeMember(level, member)) break
    if (prev && TIME_LEVELS.indexOf(level) <= TIME_LEVELS.indexOf(prev.level)) break
    time.push({ level, member })
  }

  const geoBy = params.get('geo_by')
  const productBy = params.get('product_by')
  return {
    range,
    compare,
    filters,
    time,
    geoBy: geoBy && (GEO_LEVELS as readonly string[]).includes(geoBy) ? (geoBy as GeoLevel) : null,
    productBy: productBy && (PRODUCT_LEVELS as readonly string[]).includes(productBy) ? (productBy as ProductLevel) : null,
  }
}

/** Writes a view as search params in a fixed order, leaving defaults out (short, stable links). */
export function serializeViewState(state: ViewState): URLSearchParams {
  const out = new URLSearchParams()
  if (state.range.preset === 'custom') {
    out.set('from', state.range.from)
    out.set('to', state.range.to)
  } else if (state.range.preset !== DEFAULT_VIEW.range.preset) {
    out.set('range', state.range.preset)
  }
  if (state.compare !== DEFAULT_COMPARE) out.set('cmp', state.compare)
  for (const dim of [...GEO_LEVELS, ...PRODUCT_LEVELS]) {
    const member = state.filters[dim]
    if (member !== undefined) out.set(dim, member)
  }
  if (state.time.length > 0) out.set('t', state.time.map((s) => `${s.level}:${s.member}`).join(','))
  if (state.geoBy) out.set('geo_by', state.geoBy)
  if (state.productBy) out.set('product_by', state.productBy)
  return out
}

/** `?a=b` or '' for the default view. */
export function viewQueryString(state: ViewState): string {
  const text = serializeViewState(state).toString()
  return text ? `?${text}` : ''
}
