import type { ClickHouseClient } from '@/lib/clickhouse/client'
import type { Sql } from '@/lib/db'
import { kpisBy } from '@/lib/analytics/breakdown'
import { rangeQuerySchema } from '@/lib/analytics/filters'
import { inventoryTurnover } from '@/lib/analytics/inventory'
import { kpiSnapshot } from '@/lib/analytics/snapshot'
import { localDay } from '@/lib/i18n/time-range'
import { externalValue, KPI_DEFS, MEASURE_DEFS, type Direction, type RoiKpi, type Unit } from './catalogue'
import { financeItems, financeTotal, type FinanceItem } from './finance'
import { addDays, chooseBaseline, daysOf, defaultCurrent, displayShare, improvement, kpiValue, targetDirectionOk, targetShare, weeksOf, type WindowFacts, type WindowKpis } from './maths'
import { loadProgramme, type Programme } from './store'

type Value = string | number | null
export type RoiRow = {
  kpi: RoiKpi
  unit: Unit
  direction: Direction
  source: 'data' | 'data+measure' | 'measure'
  baseline: Value
  baseline_source: 'computed' | 'manual'
  baseline_computed: Value
  baseline_manual: { by: string; at: string } | null
  target: Value
  /** false when the target asks for a move the wrong way (null without a baseline) */
  target_direction_ok: boolean | null
  current: Value
  improvement_pct: number | null
  target_share: number | null
  target_share_display: number | null
}

export type RoiReport = {
  programme: Omit<Programme, 'kpis' | 'measures' | 'audit' | 'assumptions' | 'current'> & {
    current: { from: string; to: string; days: number; default: boolean }
    baseline: { from: string; to: string; days: number }
    assumptions: Programme['assumptions']
  }
  time_zone: string
  kpis: RoiRow[]
  trend: { weeks: { week: string; from: string; to: string; window: 'baseline' | 'current' | 'between' | 'other' }[]; series: Record<string, Value[]> }
  summary: { period: { from: string; to: string; days: number }; items: (Omit<FinanceItem, 'amount_cents'> & { amount: string | null })[]; total: string }
  measures: (Omit<Programme['measures'][number], 'value'> & { value: Value })[]
  audit: Programme['audit']
}

/** The longest stretch the weekly trend covers (the analytics range limit): the last 3 years up to the current window's end. */
const TREND_MAX_DAYS = 3 * 365

/**
 * The ROI report of a programme: per tracked KPI baseline (computed from the baseline window's
 * data with kpiSnapshot, or manual), target and current with improvement and share of target;
 * the weekly trend (the analytics breakdown by week); the finance summary.
 */
export async function roiReport(ch: ClickHouseClient, db: Sql, id: string, timeZone: string, opts: { current?: { from: string; to: string }; now?: Date } = {}): Promise<RoiReport> {
  const p = await loadProgramme(db, id)
  const today = localDay(opts.now ?? new Date(), timeZone)
  const isDefault = !opts.current && !p.current
  const current = opts.current ?? p.current ?? defaultCurrent(today)
  const snap = (w: { from: string; to: string }) => kpiSnapshot(ch, rangeQuerySchema.parse(w), timeZone)
  const [baseSnap, curSnap] = await Promise.all([snap(p.baseline), snap(current)])
  const facts = (w: { from: string; to: string }, kpis: WindowKpis | null): WindowFacts => ({ ...w, kpis, measures: p.measures })
  const baseFacts = facts(p.baseline, baseSnap)
  const curFacts = facts(current, curSnap)

  const inside = p.kpis.map((k) => {
    const def = KPI_DEFS[k.kpi]
    const baseline = chooseBaseline(kpiValue(k.kpi, baseFacts), k.manual)
    const now = kpiValue(k.kpi, curFacts)
    return { k, def, baseline, now }
  })
  const rows: RoiRow[] = inside.map(({ k, def, baseline, now }) => {
    const share = targetShare(baseline.value, k.target, now)
    return {
      kpi: k.kpi,
      unit: def.unit,
      direction: def.direction,
      source: def.source,
      baseline: externalValue(def.unit, baseline.value),
      baseline_source: baseline.source,
      baseline_computed: externalValue(def.unit, baseline.computed),
      baseline_manual: baseline.manual,
      target: externalValue(def.unit, k.target),
      target_direction_ok: targetDirectionOk(def.direction, baseline.value, k.target),
      current: externalValue(def.unit, now),
      improvement_pct: improvement(def.direction, baseline.value, now),
      target_share: share,
      target_share_display: displayShare(share),
    }
  })

  const items = financeItems(
    inside.map(({ k, baseline, now }) => ({ kpi: k.kpi, baseline: baseline.value, current: now })),
    {
      from: current.from,
      to: current.to,
      orders: curSnap.orders,
      placed_orders: curSnap.placed_orders,
      aov_cents: kpiValue('aov', curFacts),
      cogs_cents: kpiValue('cogs', curFacts),
    },
    p.assumptions,
  )

  const trend = await weeklyTrend(ch, p, current, timeZone)
  const { kpis: _k, measures, audit, current: _c, baseline, ...rest } = p
  return {
    programme: {
      ...rest,
      baseline: { ...baseline, days: daysOf(baseline.from, baseline.to) },
      current: { ...current, days: daysOf(current.from, current.to), default: isDefault },
    },
    time_zone: timeZone,
    kpis: rows,
    trend,
    summary: {
      period: { ...current, days: daysOf(current.from, current.to) },
      items: items.map(({ amount_cents, ...i }) => ({ ...i, amount: externalValue('money', amount_cents) as string | null })),
      total: externalValue('money', financeTotal(items)) as string,
    },
    measures: measures.map((m) => ({ ...m, value: externalValue(MEASURE_DEFS[m.measure].unit, m.value) })),
    audit,
  }
}

/** Every tracked KPI per week (clipped to the span), from the baseline's start to the current window's end. */
async function weeklyTrend(ch: ClickHouseClient, p: Programme, current: { from: string; to: string }, timeZone: string): Promise<RoiReport['trend']> {
  const end = current.to > p.baseline.to ? current.to : p.baseline.to
  const earliest = addDays(end, -TREND_MAX_DAYS)
  const start = p.baseline.from < earliest ? earliest : p.baseline.from
  const weeks = weeksOf(start, end)
  const byWeek = await kpisBy(ch, rangeQuerySchema.parse({ from: start, to: end }), timeZone, ['week'])
  const rows = new Map([...byWeek.values()].map((c) => [c.members.week ?? '', c.kpis]))
  const turnover = p.kpis.some((k) => k.kpi === 'inventory_turnover_days')
    ? await Promise.all(weeks.map(async (w) => (await inventoryTurnover(ch, rangeQuerySchema.parse({ from: w.from, to: w.to }), timeZone)).turnover_days))
    : weeks.map(() => null)
  const series: Record<string, Value[]> = {}
  for (const k of p.kpis) {
    series[k.kpi] = weeks.map((w, i) => {
      const kpis = rows.get(w.week)
      const facts: WindowFacts = { from: w.from, to: w.to, kpis: kpis ? { ...kpis, inventory_turnover_days: turnover[i] ?? null } : turnover[i] != null ? { inventory_turnover_days: turnover[i] } : null, measures: p.measures }
      return externalValue(KPI_DEFS[k.kpi].unit, kpiValue(k.kpi, facts))
    })
  }
  const windowOf = (w: { from: string; to: string }) =>
    w.from >= current.from && w.to <= current.to ? 'current' : w.from >= p.baseline.from && w.to <= p.baseline.to ? 'baseline' : w.from > p.baseline.to && w.to < current.from ? 'between' : 'other'
  return { weeks: weeks.map((w) => ({ ...w, window: windowOf(w) })), series }
}
