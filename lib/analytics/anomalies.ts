import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { readRowSets } from '@/lib/clickhouse/one-statement'
import { addDays, localDay, zonedParts } from '@/lib/i18n/time-range'
import { fromCents } from '@/lib/money'
import { ANOMALY_DEFAULTS, assess, explain, type KpiKind, type KpiLabel } from './anomaly'
import type { AnomaliesQuery, Dimension, RangeQuery } from './filters'
import { ZERO_ORDER_FLOW, ZERO_SALES, type OrderFlowTotals, type SalesTotals } from './kpis'
import { NO_SHIFT } from './dimensions'
import { orderFlowRowsRead } from './order-flow'
import { dailyRollupsFit } from './rollups'
import { salesRowsRead, type Grouped } from './sales'

type Totals = { sales: SalesTotals; flow: OrderFlowTotals }

/** The KPIs watched, how each is read from additive totals, and what kind of number it is. */
const WATCHED: { kpi: string; kind: KpiKind; label: KpiLabel; value: (t: Totals) => number | null }[] = [
  { kpi: 'net_revenue', kind: 'money', label: { zh: '净收入', en: 'Net revenue' }, value: (t) => t.sales.net_cents / 100 },
  { kpi: 'orders', kind: 'count', label: { zh: '订单数', en: 'Orders' }, value: (t) => t.sales.paid_orders },
  {
    kpi: 'gross_margin',
    kind: 'rate',
    label: { zh: '毛利率', en: 'Gross margin' },
    value: (t) => (t.sales.net_cents > 0 ? (t.sales.net_cents - t.sales.cost_cents) / t.sales.net_cents : null),
  },
  {
    kpi: 'oversell_rate',
    kind: 'rate',
    label: { zh: '超卖率', en: 'Oversell rate' },
    value: (t) => (t.flow.placed_orders > 0 ? t.flow.oversold_orders / t.flow.placed_orders : null),
  },
  { kpi: 'aov', kind: 'money', label: { zh: '客单价', en: 'AOV' }, value: (t) => (t.sales.paid_orders > 0 ? t.sales.net_cents / t.sales.paid_orders / 100 : null) },
]

export type Anomaly = {
  kpi: string
  scope: { by: 'channel'; member: string } | null
  value: string | number
  expected: string | number
  low: string | number
  high: string | number
  direction: 'above' | 'below'
  explanation_zh: string
  explanation_en: string
}

const out = (kind: KpiKind, x: number) => (kind === 'money' ? fromCents(Math.round(x * 100)) : Math.round(x * 1e6) / 1e6)

function add(a: Totals | undefined, sales: SalesTotals | undefined, flow: OrderFlowTotals | undefined): Totals {
  const s = a?.sales ?? ZERO_SALES
  const f = a?.flow ?? ZERO_ORDER_FLOW
  return {
    sales: {
      gross_cents: s.gross_cents + (sales?.gross_cents ?? 0),
      net_cents: s.net_cents + (sales?.net_cents ?? 0),
      cost_cents: s.cost_cents + (sales?.cost_cents ?? 0),
      paid_orders: s.paid_orders + (sales?.paid_orders ?? 0),
      customers: 0, // not additive, and not watched
    },
    flow: { ...ZERO_ORDER_FLOW, placed_orders: f.placed_orders + (flow?.placed_orders ?? 0), oversold_orders: f.oversold_orders + (flow?.oversold_orders ?? 0) },
  }
}

/**
 * The anomalies of one local day, at total level and per channel: each watched KPI against
 * the same weekday of the previous `weeks` weeks (lib/analytics/anomaly.ts). For today, only
 * the hours already complete count, on both sides, so a morning is compared with mornings.
 * A history day on which the scope has no data at all is no point (not yet live, not a zero).
 */
export async function detectAnomalies(ch: ClickHouseClient, q: AnomaliesQuery, timeZone: string, now = new Date()) {
  const read = anomaliesRead(q, timeZone, await dailyRollupsFit(ch, timeZone), now)
  return read.assemble(await readRowSets(ch, read.reads))
}

/** detectAnomalies as reads (none for a day not begun) and how their rows become its answer, to share a statement with other reads. */
export function anomaliesRead(q: AnomaliesQuery, timeZone: string, daily: boolean, now = new Date()) {
  const today = localDay(now, timeZone)
  const hours = q.date < today ? 24 : q.date === today ? zonedParts(now, timeZone).hour : 0
  const base = { date: q.date, weeks: q.weeks, time_zone: timeZone, through_hour: hours < 24 ? hours : null }
  if (hours === 0) return { reads: [], assemble: () => ({ ...base, anomalies: [] as Anomaly[] }) }

  const history = Array.from({ length: q.weeks }, (_, i) => addDays(q.date, -7 * (i + 1)))
  // Only the watched days are read: the same weekday of each past week, and the day itself —
  // for today, only their hours so far, summed per day.
  const range: RangeQuery = { ...q, from: history.at(-1)!, to: q.date, days: [...history, q.date], ...(hours < 24 ? { before_hour: hours } : {}) }
  const dims: Dimension[] = ['day', 'channel']
  const salesRead = salesRowsRead(range, timeZone, dims, NO_SHIFT, daily)
  const flowRead = orderFlowRowsRead(range, timeZone, dims, NO_SHIFT, daily, false)
  const assemble = ([salesRows, placedRows]: Record<string, unknown>[][]) => ({
    ...base,
    anomalies: anomaliesOf(q.date, history, hours, salesRead.parse(salesRows!), flowRead.parse(placedRows!, []).rows),
  })
  return { reads: [salesRead, flowRead.placed], assemble }
}

/** The watched KPIs of the day against its history, per scope (the total, then each channel). */
function anomaliesOf(date: string, history: readonly string[], hours: number, sales: Grouped<SalesTotals>, flow: Grouped<OrderFlowTotals>): Anomaly[] {
  // scope ('' = total, else channel) → day → totals
  const cells = new Map<string, Map<string, Totals>>()
  const put = (members: Partial<Record<Dimension, string>>, s?: SalesTotals, f?: OrderFlowTotals) => {
    const day = members.day ?? ''
    for (const scope of ['', members.channel ?? '']) {
      const days = cells.get(scope) ?? cells.set(scope, new Map()).get(scope)!
      days.set(day, add(days.get(day), s, f))
    }
  }
  for (const { members, totals } of sales.values()) put(members, totals, undefined)
  for (const { members, totals } of flow.values()) put(members, undefined, totals)
  if (!cells.has('')) cells.set('', new Map())

  const anomalies: Anomaly[] = []
  for (const [scope, days] of [...cells].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const current = days.get(date) ?? add(undefined, undefined, undefined)
    for (const w of WATCHED) {
      const value = w.value(current)
      if (value === null) continue
      const past = history.flatMap((d) => {
        const t = days.get(d)
        const v = t ? w.value(t) : null
        return v === null ? [] : [v]
      })
      const a = assess(value, past, w.kind)
      if (!a?.anomaly) continue
      const text = explain(a, w.kind, w.label, hours < 24 ? 'hour' : 'day')
      anomalies.push({
        kpi: w.kpi,
        scope: scope ? { by: 'channel', member: scope } : null,
        value: out(w.kind, a.value),
        expected: out(w.kind, a.expected),
        low: out(w.kind, a.low),
        high: out(w.kind, a.high),
        direction: a.direction,
        explanation_zh: text.zh,
        explanation_en: text.en,
      })
    }
  }
  return anomalies
}

/**
 * The anomalies shown with the KPIs: those of the range's last day, when the range is one day
 * or ends today (a longer past range is a report, not a watch); otherwise null.
 */
export function kpiAnomaliesRead(q: RangeQuery, timeZone: string, daily: boolean, now = new Date()) {
  if (q.from !== q.to && q.to !== localDay(now, timeZone)) return null
  const { from: _from, to, days: _days, ...filters } = q
  const read = anomaliesRead({ ...filters, date: to, weeks: ANOMALY_DEFAULTS.weeks }, timeZone, daily, now)
  return { reads: read.reads, assemble: (rowSets: Record<string, unknown>[][]) => read.assemble(rowSets).anomalies }
}
