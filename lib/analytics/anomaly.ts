/**
 * The anomaly rule, pure: a KPI value of a day (or an hour) against the same weekday (and
 * hour) of the previous weeks. Expected = the median of that history, spread = 1.4826 × MAD
 * (the median absolute deviation, scaled to a normal distribution's standard deviation, so
 * one bad week cannot inflate it the way it inflates a standard deviation), with a floor so a
 * flat history does not turn ordinary noise into alarms. Anomaly when |value − expected| >
 * k × spread.
 */

export type KpiKind = 'money' | 'count' | 'rate'

export const ANOMALY_DEFAULTS = { weeks: 6, minPoints: 3, k: 3 } as const

/**
 * The least spread assumed, by kind: money 5% of the expected value (at least ¥1); counts
 * their Poisson noise √expected (at least 1); rates one percentage point.
 */
export function spreadFloor(kind: KpiKind, expected: number): number {
  switch (kind) {
    case 'money':
      return Math.max(0.05 * Math.abs(expected), 1)
    case 'count':
      return Math.max(Math.sqrt(Math.abs(expected)), 1)
    case 'rate':
      return 0.01
  }
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of nothing')
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export type Assessment = {
  value: number
  expected: number
  spread: number
  low: number
  high: number
  anomaly: boolean
  direction: 'above' | 'below'
  /** How many history points the expectation rests on. */
  points: number
}

/** null when the history has fewer than `minPoints` points: too little to expect anything. */
export function assess(
  value: number,
  history: readonly number[],
  kind: KpiKind,
  { k = ANOMALY_DEFAULTS.k, minPoints = ANOMALY_DEFAULTS.minPoints }: { k?: number; minPoints?: number } = {},
): Assessment | null {
  const points = history.filter((x) => Number.isFinite(x))
  if (points.length < minPoints) return null
  const expected = median(points)
  const mad = median(points.map((x) => Math.abs(x - expected)))
  const spread = Math.max(1.4826 * mad, spreadFloor(kind, expected))
  // Counts and rates cannot go below zero, nor rates above one.
  const low = kind === 'money' ? expected - k * spread : Math.max(0, expected - k * spread)
  const high = kind === 'rate' ? Math.min(1, expected + k * spread) : expected + k * spread
  return { value, expected, spread, low, high, anomaly: value < low || value > high, direction: value >= expected ? 'above' : 'below', points: points.length }
}

const yuan = (x: number) => {
  const abs = Math.abs(x)
  const digits = abs >= 100 ? 0 : 2
  return `${x < 0 ? '-' : ''}¥${abs.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`
}
const count = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 })
const percent = (x: number) => `${(x * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`

/** A value as people read it: ¥12,300, 1,234 or 3.5%. */
export function formatValue(kind: KpiKind, x: number): string {
  return kind === 'money' ? yuan(x) : kind === 'count' ? count(x) : percent(x)
}

export type KpiLabel = { zh: string; en: string }

/**
 * One sentence per language, e.g. "净收入 ¥6,400，比过去 6 周同一星期几的中位数 ¥12,300 低 48%
 * （正常范围 ¥9,800–¥14,900）". Rates differ in percentage points; a zero median in absolute terms.
 */
export function explain(a: Assessment, kind: KpiKind, label: KpiLabel, grain: 'day' | 'hour' = 'day'): { zh: string; en: string } {
  const f = (x: number) => formatValue(kind, x)
  const diff = a.value - a.expected
  let zhBy: string
  let enBy: string
  if (kind === 'rate') {
    const pp = (Math.abs(diff) * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })
    zhBy = `${pp} 个百分点`
    enBy = `${pp} percentage points`
  } else if (a.expected !== 0) {
    const pct = `${Math.round((Math.abs(diff) / Math.abs(a.expected)) * 100)}%`
    zhBy = pct
    enBy = pct
  } else {
    zhBy = f(Math.abs(diff))
    enBy = f(Math.abs(diff))
  }
  const up = a.direction === 'above'
  const same = grain === 'hour' ? { zh: '同一星期几同一时段', en: 'the same weekday and hour' } : { zh: '同一星期几', en: 'the same weekday' }
  const range = `${f(a.low)}–${f(a.high)}`
  return {
    zh: `${label.zh} ${f(a.value)}，比过去 ${a.points} 周${same.zh}的中位数 ${f(a.expected)} ${up ? '高' : '低'} ${zhBy}（正常范围 ${range}）`,
    en: `${label.en} ${f(a.value)} is ${enBy} ${up ? 'above' : 'below'} the median ${f(a.expected)} of ${same.en} over the past ${a.points} weeks (normal range ${range})`,
  }
}
