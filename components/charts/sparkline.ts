/**
 * Sparkline geometry for the KPI cards (inline SVG: a dozen cards do not need a dozen
 * ECharts instances). Pure: values in, an SVG path out.
 */
export interface SparklineGeometry {
  /** `M x y L x y …`; gaps (null values) start a new segment. Empty when nothing to draw. */
  path: string
  /** The last drawn point, for a dot; null when nothing is drawn. */
  last: { x: number; y: number } | null
}

const round = (n: number) => Math.round(n * 10) / 10

export function sparkline(values: readonly (number | null)[], width: number, height: number, pad = 2): SparklineGeometry {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v))
  if (finite.length === 0) return { path: '', last: null }
  const min = Math.min(...finite)
  const max = Math.max(...finite)
  const span = max - min
  const stepX = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0
  const parts: string[] = []
  let last: SparklineGeometry['last'] = null
  let penDown = false
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      penDown = false
      return
    }
    const x = round(values.length > 1 ? pad + i * stepX : width / 2)
    // A flat series is drawn through the middle.
    const y = round(span === 0 ? height / 2 : pad + (1 - (v - min) / span) * (height - 2 * pad))
    parts.push(`${penDown ? 'L' : 'M'}${x} ${y}`)
    penDown = true
    last = { x, y }
  })
  return { path: parts.join(' '), last }
}
