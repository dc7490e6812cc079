import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rangeQuerySchema } from '@/lib/analytics/filters'
import { kpiSnapshot, type KpiSnapshot } from '@/lib/analytics/snapshot'
import { issueToken } from '@/lib/auth/tokens'
import { clickhouse, closeClickHouse, type ClickHouseClient } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { closeDb, db, type Db } from '@/lib/db'
import { toCents } from '@/lib/money'
import { expectedFromPostgres, ingestAll, placeScenario, TZ } from './expected'
import { seedCatalogue, useEmbeddedConfig } from './stores'

/**
 * ROI tracking through its route handlers, on PGlite + chDB with orders built through the ops
 * core: computed baselines and currents equal kpiSnapshot for the same windows, a manual
 * baseline overrides and is marked with who and when, measures keep their audit trail,
 * executives read but cannot write, bad input gets a 400 naming the field.
 */
const SECRET = 'roi-test-secret-0123456789'
const token = (sub: string, role: 'analyst' | 'executive' | 'admin' | 'marketing') => `Bearer ${issueToken(SECRET, { sub, role })}`
const ANALYST = token('ana', 'analyst')
const EXEC = token('boss', 'executive')
const BASE = Date.parse('2026-10-01T02:00:00Z') // the scenario runs from 1 to 7 October
const BASELINE = { from: '2026-09-30', to: '2026-10-03' }
const CURRENT = { from: '2026-10-04', to: '2026-10-10' }

let ch: ClickHouseClient
let store: Db
let list: typeof import('@/app/api/v1/roi/route')
let one: typeof import('@/app/api/v1/roi/[id]/route')
let baselines: typeof import('@/app/api/v1/roi/[id]/baselines/route')
let measures: typeof import('@/app/api/v1/roi/[id]/measures/route')

beforeAll(async () => {
  useEmbeddedConfig(SECRET)
  store = await db()
  ch = await clickhouse()
  await migrateClickHouse(ch)
  await seedCatalogue(store)
  await placeScenario(store, BASE)
  await ingestAll(store, ch)
  list = await import('@/app/api/v1/roi/route')
  one = await import('@/app/api/v1/roi/[id]/route')
  baselines = await import('@/app/api/v1/roi/[id]/baselines/route')
  measures = await import('@/app/api/v1/roi/[id]/measures/route')
})
afterAll(async () => {
  await closeDb()
  await closeClickHouse()
})

const ctx = (id = ''): { params: Promise<Record<string, string>> } => ({ params: Promise.resolve<Record<string, string>>(id ? { id } : {}) })
const json = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body))
const req = (path: string, auth: string, body?: unknown) =>
  new Request(`http://x${path}`, body === undefined ? { headers: { authorization: auth } } : { method: 'POST', body: json(body), headers: { authorization: auth, 'content-type': 'application/json' } })

const create = (body: unknown, auth = ANALYST) => list.POST(req('/api/v1/roi', auth, body), ctx())
const report = async (id: string, auth = ANALYST, qs = '') => one.GET(req(`/api/v1/roi/${id}${qs}`, auth), ctx(id))
type Row = { kpi: string; baseline: unknown; baseline_source: string; baseline_computed: unknown; baseline_manual: { by: string; at: string } | null; target: unknown; current: unknown; improvement_pct: number | null; target_share: number | null }

const TRACKED = [
  { kpi: 'processing_time_p50_hours', target: 5 },
  { kpi: 'inventory_turnover_days', target: 10 },
  { kpi: 'oversell_rate', target: 0 },
  { kpi: 'gross_margin', target: 0.9 },
  { kpi: 'daily_net_revenue', target: '2000.00' },
  { kpi: 'repurchase_rate', target: 0.5 },
  { kpi: 'orders_per_staff_hour', target: 2 },
  { kpi: 'labour_cost_per_order', target: '10.00' },
  { kpi: 'net_revenue', target: '9000.00' },
  { kpi: 'aov', target: '300.00' },
]

/** What the report must show for a KPI computed from a snapshot (the API's external form). */
function fromSnapshot(kpi: string, s: KpiSnapshot, days: number): unknown {
  if (kpi === 'daily_net_revenue') {
    const cents = Math.round(toCents(s.net_revenue) / days)
    return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
  }
  return s[kpi as keyof KpiSnapshot]
}

describe('ROI programmes', () => {
  let id = ''

  it('computes baseline and current exactly as kpiSnapshot does for the same windows', async () => {
    const res = await create({ name: 'O2O 全渠道', go_live: '2026-10-04', baseline_from: BASELINE.from, baseline_to: BASELINE.to, current_from: CURRENT.from, current_to: CURRENT.to, kpis: TRACKED })
    expect(res.status, await res.clone().text()).toBe(201)
    id = (await res.json()).id
    const body = await (await report(id)).json()
    expect(body.can_edit).toBe(true)
    expect(body.programme).toMatchObject({ name: 'O2O 全渠道', go_live: '2026-10-04', baseline: { ...BASELINE, days: 4 }, current: { ...CURRENT, days: 7, default: false } })

    const [base, now] = await Promise.all([kpiSnapshot(ch, rangeQuerySchema.parse(BASELINE), TZ), kpiSnapshot(ch, rangeQuerySchema.parse(CURRENT), TZ)])
    // The snapshot itself is the KPIs Postgres recomputes (kpis.test.ts proves it; spot-check here).
    expect(base).toMatchObject(await expectedFromPostgres(store, BASELINE.from, BASELINE.to))
    expect(base.orders).toBeGreaterThan(0)
    expect(now.orders).toBeGreaterThan(0)
    const rows = body.kpis as Row[]
    expect(rows.map((r) => r.kpi)).toEqual(TRACKED.map((k) => k.kpi))
    for (const kpi of ['processing_time_p50_hours', 'inventory_turnover_days', 'oversell_rate', 'gross_margin', 'daily_net_revenue', 'repurchase_rate', 'net_revenue', 'aov']) {
      const row = rows.find((r) => r.kpi === kpi)!
      expect(row.baseline, `${kpi} baseline`).toEqual(fromSnapshot(kpi, base, 4))
      expect(row.current, `${kpi} current`).toEqual(fromSnapshot(kpi, now, 7))
      expect(row.baseline_source).toBe('computed')
    }
    // Turnover and processing time exist in both windows, so the maths is exercised.
    const turnover = rows.find((r) => r.kpi === 'inventory_turnover_days')!
    expect(turnover.baseline).not.toBeNull()
    const margin = rows.find((r) => r.kpi === 'gross_margin')!
    expect(margin.improvement_pct).toBeCloseTo((now.gross_margin! - base.gross_margin!) / Math.abs(base.gross_margin!), 5)
    expect(margin.target_share).toBeCloseTo((now.gross_margin! - base.gross_margin!) / (0.9 - base.gross_margin!), 5)
    // No staff hours or labour cost entered yet: missing, not zero.
    expect(rows.find((r) => r.kpi === 'orders_per_staff_hour')).toMatchObject({ baseline: null, current: null, improvement_pct: null, target_share: null })

    // The weekly trend is the breakdown by week, the baseline's first week to the current's last.
    expect(body.trend.weeks.map((w: { week: string }) => w.week)).toEqual(['2026-09-28', '2026-10-05'])
    const weekly = await kpiSnapshot(ch, rangeQuerySchema.parse({ from: '2026-10-05', to: '2026-10-10' }), TZ)
    expect(body.trend.series.net_revenue[1]).toBe(weekly.net_revenue)
    expect(body.trend.series.inventory_turnover_days[1]).toBe(weekly.inventory_turnover_days)
  })

  it('defaults the baseline to the 90 days before go-live and the current window to the last 30 days', async () => {
    const res = await create({ name: 'defaults', go_live: '2026-10-06', kpis: [{ kpi: 'orders', target: 100 }] })
    const body = await (await report((await res.json()).id)).json()
    expect(body.programme.baseline).toEqual({ from: '2026-07-08', to: '2026-10-05', days: 90 })
    expect(body.programme.current.days).toBe(30)
    expect(body.programme.current.default).toBe(true)
    const snap = await kpiSnapshot(ch, rangeQuerySchema.parse({ from: '2026-07-08', to: '2026-10-05' }), TZ)
    expect(body.kpis[0].baseline).toBe(snap.orders)
    // A chosen range replaces the current window for one answer.
    const chosen = await (await report(body.programme.id, ANALYST, `?from=${CURRENT.from}&to=${CURRENT.to}`)).json()
    expect(chosen.kpis[0].current).toBe((await kpiSnapshot(ch, rangeQuerySchema.parse(CURRENT), TZ)).orders)
  })

  it('a manual baseline overrides the computed one and is marked with who and when', async () => {
    const before = Date.now()
    const res = await baselines.POST(req(`/api/v1/roi/${id}/baselines`, ANALYST, { kpi: 'gross_margin', value: 0.25 }), ctx(id))
    expect(res.status, await res.clone().text()).toBe(200)
    await baselines.POST(req(`/api/v1/roi/${id}/baselines`, ANALYST, { kpi: 'labour_cost_per_order', value: '15.00' }), ctx(id))
    const body = await (await report(id)).json()
    const margin = (body.kpis as Row[]).find((r) => r.kpi === 'gross_margin')!
    const base = await kpiSnapshot(ch, rangeQuerySchema.parse(BASELINE), TZ)
    expect(margin).toMatchObject({ baseline: 0.25, baseline_source: 'manual', baseline_computed: base.gross_margin, baseline_manual: { by: 'ana' } })
    expect(Date.parse(margin.baseline_manual!.at)).toBeGreaterThanOrEqual(before - 1000)
    expect((body.kpis as Row[]).find((r) => r.kpi === 'labour_cost_per_order')).toMatchObject({ baseline: '15.00', baseline_source: 'manual', baseline_computed: null })
    expect(body.audit).toContainEqual(expect.objectContaining({ subject: 'baseline', item: 'gross_margin', old_value: null, new_value: '0.25', actor: 'ana' }))

    // Cleared, the computed baseline applies again.
    await baselines.POST(req(`/api/v1/roi/${id}/baselines`, ANALYST, { kpi: 'gross_margin', value: null }), ctx(id))
    const cleared = ((await (await report(id)).json()).kpis as Row[]).find((r) => r.kpi === 'gross_margin')!
    expect(cleared).toMatchObject({ baseline: base.gross_margin, baseline_source: 'computed', baseline_manual: null })
  })

  it('measures are entered per period with an audit trail and feed the KPIs that need them', async () => {
    const enter = (body: unknown, auth = ANALYST) => measures.POST(req(`/api/v1/roi/${id}/measures`, auth, body), ctx(id))
    expect((await enter({ measure: 'labour_cost', from: CURRENT.from, to: CURRENT.to, value: '3000.00' })).status).toBe(200)
    expect((await enter({ measure: 'labour_cost', from: CURRENT.from, to: CURRENT.to, value: '3200.00' }, token('adm', 'admin'))).status).toBe(200)
    await enter({ measure: 'staff_hours', from: CURRENT.from, to: CURRENT.to, value: 40 })
    await enter({ measure: 'staff_hours', from: BASELINE.from, to: BASELINE.to, value: 50 })
    await enter({ measure: 'customer_satisfaction', from: CURRENT.from, to: CURRENT.to, value: 4.5 })
    const body = await (await report(id)).json()
    const trail = (body.audit as { subject: string; item: string; old_value: string | null; new_value: string | null; actor: string; at: string }[]).filter((a) => a.subject === 'measure' && a.item === `labour_cost ${CURRENT.from}..${CURRENT.to}`)
    expect(trail.map((a) => [a.old_value, a.new_value, a.actor])).toEqual([['3000.00', '3200.00', 'adm'], [null, '3000.00', 'ana']])
    expect(trail.every((a) => !Number.isNaN(Date.parse(a.at)))).toBe(true)
    expect(body.measures).toContainEqual(expect.objectContaining({ measure: 'labour_cost', from: CURRENT.from, to: CURRENT.to, value: '3200.00', entered_by: 'adm' }))

    const now = await kpiSnapshot(ch, rangeQuerySchema.parse(CURRENT), TZ)
    const base = await kpiSnapshot(ch, rangeQuerySchema.parse(BASELINE), TZ)
    const rows = body.kpis as Row[]
    const perOrder = Math.round(320_000 / now.orders)
    expect(rows.find((r) => r.kpi === 'labour_cost_per_order')!.current).toBe(`${Math.floor(perOrder / 100)}.${String(perOrder % 100).padStart(2, '0')}`)
    expect(rows.find((r) => r.kpi === 'orders_per_staff_hour')).toMatchObject({ current: Math.round((now.orders / 40) * 1e6) / 1e6, baseline: Math.round((base.orders / 50) * 1e6) / 1e6 })

    // The labour saving is (manual baseline − current) × orders, in the finance summary.
    const item = body.summary.items.find((i: { kpi: string }) => i.kpi === 'labour_cost_per_order')
    const saved = (1500 - perOrder) * now.orders
    expect(item.amount).toBe(`${saved < 0 ? '-' : ''}${Math.floor(Math.abs(saved) / 100)}.${String(Math.abs(saved) % 100).padStart(2, '0')}`)
  })

  it('assumptions are editable settings and audited; money conversions use them', async () => {
    const res = await one.POST(req(`/api/v1/roi/${id}`, ANALYST, { assumptions: { hourly_labour_cost: '40.00', labour_hours_per_processing_hour: 0.1, cost_of_capital_rate: 0.08 } }), ctx(id))
    expect(res.status, await res.clone().text()).toBe(200)
    const body = await (await report(id)).json()
    expect(body.programme.assumptions).toEqual({ hourly_labour_cost: '40.00', labour_hours_per_processing_hour: 0.1, cost_of_capital_rate: 0.08 })
    expect(body.audit).toContainEqual(expect.objectContaining({ subject: 'assumption', item: 'hourly_labour_cost', old_value: null, new_value: '40.00', actor: 'ana' }))
    const processing = body.summary.items.find((i: { kpi: string }) => i.kpi === 'processing_time_p50_hours')
    expect(processing.missing).toEqual([])
    const rows = body.kpis as Row[]
    const p = rows.find((r) => r.kpi === 'processing_time_p50_hours')!
    const now = await kpiSnapshot(ch, rangeQuerySchema.parse(CURRENT), TZ)
    const cents = Math.round(((p.baseline as number) - (p.current as number)) * now.orders * 0.1 * 4000)
    expect(toSigned(processing.amount)).toBe(cents)
    const total = body.summary.items.reduce((s: number, i: { amount: string | null }) => s + (i.amount === null ? 0 : toSigned(i.amount)), 0)
    expect(toSigned(body.summary.total)).toBe(total)
  })

  it('executives read but cannot write; other roles cannot read', async () => {
    expect((await list.GET(req('/api/v1/roi', EXEC), ctx())).status).toBe(200)
    expect((await (await list.GET(req('/api/v1/roi', EXEC), ctx())).json()).can_edit).toBe(false)
    const read = await report(id, EXEC)
    expect(read.status).toBe(200)
    expect((await read.json()).can_edit).toBe(false)
    for (const res of [
      await create({ name: 'x', go_live: '2026-10-04', kpis: TRACKED }, EXEC),
      await one.POST(req(`/api/v1/roi/${id}`, EXEC, { name: 'renamed' }), ctx(id)),
      await baselines.POST(req(`/api/v1/roi/${id}/baselines`, EXEC, { kpi: 'gross_margin', value: 0.1 }), ctx(id)),
      await measures.POST(req(`/api/v1/roi/${id}/measures`, EXEC, { measure: 'staff_hours', from: CURRENT.from, to: CURRENT.to, value: 1 }), ctx(id)),
    ]) {
      expect(res.status).toBe(403)
      expect((await res.json()).error.code).toBe('forbidden')
    }
    expect((await report(id, token('m', 'marketing'))).status).toBe(403)
    expect((await report(id, '')).status).toBe(401)
    // Nothing the executive tried was written.
    expect((await (await report(id)).json()).programme.name).toBe('O2O 全渠道')
  })

  it.each([
    ['a missing go-live', () => create({ name: 'x', kpis: TRACKED }), 'go_live'],
    ['a money target as a number', () => create({ name: 'x', go_live: '2026-10-04', kpis: [{ kpi: 'daily_net_revenue', target: 2000 }] }), 'kpis.0.target'],
    ['an unknown KPI', () => create({ name: 'x', go_live: '2026-10-04', kpis: [{ kpi: 'vibes', target: 1 }] }), 'kpis.0.kpi'],
    ['a baseline after go-live', () => create({ name: 'x', go_live: '2026-10-04', baseline_from: '2026-10-01', baseline_to: '2026-10-04', kpis: TRACKED }), 'baseline_to'],
    ['a negative measure', () => measures.POST(req(`/api/v1/roi/${id}/measures`, ANALYST, { measure: 'staff_hours', from: CURRENT.from, to: CURRENT.to, value: -1 }), ctx(id)), 'value'],
    ['a measure period backwards', () => measures.POST(req(`/api/v1/roi/${id}/measures`, ANALYST, { measure: 'staff_hours', from: CURRENT.to, to: CURRENT.from, value: 1 }), ctx(id)), 'from'],
    ['a manual baseline in the wrong unit', () => baselines.POST(req(`/api/v1/roi/${id}/baselines`, ANALYST, { kpi: 'labour_cost_per_order', value: 15 }), ctx(id)), 'value'],
    ['half a chosen range', () => report(id, ANALYST, '?from=2026-10-01'), 'to'],
  ])('refuses %s with a 400 naming the field', async (_, call, field) => {
    const res = await call()
    expect(res.status).toBe(400)
    expect((await res.json()).error.field).toBe(field)
  })

  it('refuses a baseline for an untracked KPI and answers 404 for an unknown programme', async () => {
    const untracked = await baselines.POST(req(`/api/v1/roi/${id}/baselines`, ANALYST, { kpi: 'gmv', value: '1.00' }), ctx(id))
    expect(untracked.status).toBe(409)
    expect((await untracked.json()).error).toMatchObject({ code: 'not_tracked', field: 'kpi' })
    expect((await report('nope')).status).toBe(404)
  })
})

function toSigned(m: string): number {
  return m.startsWith('-') ? -toCents(m.slice(1)) : toCents(m)
}
