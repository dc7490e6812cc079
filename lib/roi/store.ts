import type { Db, Sql } from '@/lib/db'
import { uuidv7 } from '@/lib/events/uuidv7'
import { DomainError, notFound } from '@/lib/ops/errors'
import { externalValue, isRoiKpi, KPI_DEFS, MEASURE_DEFS, parseValue, type Measure, type RoiKpi } from './catalogue'
import { assumptionsSchema, NO_ASSUMPTIONS, type Assumptions } from './finance'
import { defaultBaseline, type MeasureEntry } from './maths'
import type { CreateProgramme, ManualBaseline, MeasureInput, UpdateProgramme } from './schema'

/**
 * ROI programmes in the operational store (lib/db/migrations/0004_roi.sql). Every change to a
 * target, a manual baseline, a measure or an assumption is written to roi_audit in the same
 * transaction: who, when, old → new (values as the API shows them).
 */

export type TrackedKpi = { kpi: RoiKpi; target: number; manual: { value: number; by: string; at: string } | null }
export type StoredMeasure = MeasureEntry & { entered_by: string; entered_at: string }
export type AuditEntry = { subject: string; item: string; old_value: string | null; new_value: string | null; actor: string; at: string }

export type Programme = {
  id: string
  name: string
  go_live: string
  baseline: { from: string; to: string }
  /** null: the last 30 days whenever it is read */
  current: { from: string; to: string } | null
  assumptions: Assumptions
  created_by: string
  created_at: string
  kpis: TrackedKpi[]
  measures: StoredMeasure[]
  audit: AuditEntry[]
}

const DAY = (col: string) => `to_char(${col}, 'YYYY-MM-DD')`
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString())
const shown = (kpiOrMeasureUnit: Parameters<typeof externalValue>[0], v: number | null) => {
  const e = externalValue(kpiOrMeasureUnit, v)
  return e === null ? null : String(e)
}
const inside = (unit: Parameters<typeof parseValue>[0], raw: string | number) => {
  const p = parseValue(unit, raw)
  if (!p.ok) throw new DomainError('invalid_body', p.message, 400, 'value')
  return p.value
}

async function audit(tx: Sql, id: string, subject: string, item: string, oldValue: string | null, newValue: string | null, actor: string, at: Date) {
  if (oldValue === newValue) return
  await tx.query('INSERT INTO roi_audit (programme_id, subject, item, old_value, new_value, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [id, subject, item, oldValue, newValue, actor, at])
}

async function writeTargets(tx: Sql, id: string, kpis: CreateProgramme['kpis'], actor: string, at: Date) {
  const before = new Map((await tx.query<{ kpi: string; target: number }>('SELECT kpi, target FROM roi_kpis WHERE programme_id = $1', [id])).map((r) => [r.kpi, r.target]))
  const keep = kpis.map((k) => k.kpi)
  await tx.query('DELETE FROM roi_kpis WHERE programme_id = $1 AND NOT (kpi = ANY($2::text[]))', [id, keep])
  for (const [kpi, old] of before) if (!keep.includes(kpi as RoiKpi) && isRoiKpi(kpi)) await audit(tx, id, 'target', kpi, shown(KPI_DEFS[kpi].unit, old), null, actor, at)
  for (const [position, k] of kpis.entries()) {
    const unit = KPI_DEFS[k.kpi].unit
    const target = inside(unit, k.target)
    await tx.query(
      `INSERT INTO roi_kpis (programme_id, kpi, position, target) VALUES ($1, $2, $3, $4)
       ON CONFLICT (programme_id, kpi) DO UPDATE SET position = EXCLUDED.position, target = EXCLUDED.target`,
      [id, k.kpi, position, target],
    )
    const old = before.get(k.kpi)
    await audit(tx, id, 'target', k.kpi, old === undefined ? null : shown(unit, old), shown(unit, target), actor, at)
  }
}

async function writeAssumptions(tx: Sql, id: string, current: Assumptions, patch: Partial<Assumptions>, actor: string, at: Date) {
  const next = assumptionsSchema.parse({ ...current, ...patch })
  await tx.query('UPDATE roi_programmes SET assumptions = $2::jsonb, updated_at = $3 WHERE programme_id = $1', [id, JSON.stringify(next), at])
  for (const key of Object.keys(next) as (keyof Assumptions)[]) {
    const show = (v: string | number | null) => (v === null ? null : String(v))
    await audit(tx, id, 'assumption', key, show(current[key]), show(next[key]), actor, at)
  }
}

/** A new programme; windows default to the 90 days before go-live and the last 30 days. */
export async function createProgramme(db: Db, input: CreateProgramme, actor: string, at = new Date()): Promise<string> {
  const id = uuidv7(at.getTime())
  const baseline = input.baseline_from && input.baseline_to ? { from: input.baseline_from, to: input.baseline_to } : defaultBaseline(input.go_live)
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO roi_programmes (programme_id, name, go_live, baseline_from, baseline_to, current_from, current_to, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
      [id, input.name, input.go_live, baseline.from, baseline.to, input.current_from ?? null, input.current_to ?? null, actor, at],
    )
    await writeTargets(tx, id, input.kpis, actor, at)
    await writeAssumptions(tx, id, NO_ASSUMPTIONS, input.assumptions ?? {}, actor, at)
  })
  return id
}

export async function listProgrammes(db: Sql): Promise<{ id: string; name: string; go_live: string; created_at: string }[]> {
  const rows = await db.query<{ id: string; name: string; go_live: string; created_at: Date }>(
    `SELECT programme_id AS id, name, ${DAY('go_live')} AS go_live, created_at FROM roi_programmes ORDER BY created_at DESC, programme_id DESC`,
  )
  return rows.map((r) => ({ ...r, created_at: iso(r.created_at) }))
}

/** A programme with its tracked KPIs, measures and audit trail; 404 when it does not exist. */
export async function loadProgramme(db: Sql, id: string): Promise<Programme> {
  const [p] = await db.query<{ name: string; go_live: string; bf: string; bt: string; cf: string | null; ct: string | null; assumptions: unknown; created_by: string; created_at: Date }>(
    `SELECT name, ${DAY('go_live')} AS go_live, ${DAY('baseline_from')} AS bf, ${DAY('baseline_to')} AS bt, ${DAY('current_from')} AS cf, ${DAY('current_to')} AS ct,
            assumptions, created_by, created_at
       FROM roi_programmes WHERE programme_id = $1`,
    [id],
  )
  if (!p) throw notFound('ROI programme', id, 'id')
  const kpis = await db.query<{ kpi: string; target: number; manual_baseline: number | null; manual_baseline_by: string | null; manual_baseline_at: Date | null }>(
    'SELECT kpi, target, manual_baseline, manual_baseline_by, manual_baseline_at FROM roi_kpis WHERE programme_id = $1 ORDER BY position, kpi',
    [id],
  )
  const measures = await db.query<{ measure: string; from: string; to: string; value: number; entered_by: string; entered_at: Date }>(
    `SELECT measure, ${DAY('period_from')} AS "from", ${DAY('period_to')} AS "to", value, entered_by, entered_at
       FROM roi_measures WHERE programme_id = $1 ORDER BY measure, period_from, period_to`,
    [id],
  )
  const trail = await db.query<{ subject: string; item: string; old_value: string | null; new_value: string | null; actor: string; at: Date }>(
    'SELECT subject, item, old_value, new_value, actor, at FROM roi_audit WHERE programme_id = $1 ORDER BY audit_id DESC LIMIT 500',
    [id],
  )
  const parsedAssumptions = assumptionsSchema.safeParse(typeof p.assumptions === 'string' ? JSON.parse(p.assumptions) : p.assumptions)
  return {
    id,
    name: p.name,
    go_live: p.go_live,
    baseline: { from: p.bf, to: p.bt },
    current: p.cf && p.ct ? { from: p.cf, to: p.ct } : null,
    assumptions: parsedAssumptions.success ? parsedAssumptions.data : NO_ASSUMPTIONS,
    created_by: p.created_by,
    created_at: iso(p.created_at),
    kpis: kpis.filter((k) => isRoiKpi(k.kpi)).map((k) => ({
      kpi: k.kpi as RoiKpi,
      target: k.target,
      manual: k.manual_baseline !== null && k.manual_baseline_by !== null ? { value: k.manual_baseline, by: k.manual_baseline_by, at: iso(k.manual_baseline_at) } : null,
    })),
    measures: measures.map((m) => ({ measure: m.measure as Measure, from: m.from, to: m.to, value: m.value, entered_by: m.entered_by, entered_at: iso(m.entered_at) })),
    audit: trail.map((a) => ({ ...a, at: iso(a.at) })),
  }
}

/** Changes a programme's settings; targets and assumptions are audited. */
export async function updateProgramme(db: Db, id: string, patch: UpdateProgramme, actor: string, at = new Date()): Promise<void> {
  const p = await loadProgramme(db, id)
  const goLive = patch.go_live ?? p.go_live
  const baselineTo = patch.baseline_to ?? p.baseline.to
  if (baselineTo >= goLive) throw new DomainError('invalid_body', 'the baseline must end before go_live', 400, patch.go_live ? 'go_live' : 'baseline_to')
  await db.transaction(async (tx) => {
    const show = (w: { from: string; to: string } | null) => (w ? `${w.from}..${w.to}` : null)
    const current = patch.current_from === null ? null : patch.current_from && patch.current_to ? { from: patch.current_from, to: patch.current_to } : p.current
    const baseline = patch.baseline_from && patch.baseline_to ? { from: patch.baseline_from, to: patch.baseline_to } : p.baseline
    await tx.query(
      `UPDATE roi_programmes SET name = $2, go_live = $3, baseline_from = $4, baseline_to = $5, current_from = $6, current_to = $7, updated_at = $8 WHERE programme_id = $1`,
      [id, patch.name ?? p.name, goLive, baseline.from, baseline.to, current?.from ?? null, current?.to ?? null, at],
    )
    await audit(tx, id, 'programme', 'name', p.name, patch.name ?? p.name, actor, at)
    await audit(tx, id, 'programme', 'go_live', p.go_live, goLive, actor, at)
    await audit(tx, id, 'programme', 'baseline', show(p.baseline), show(baseline), actor, at)
    await audit(tx, id, 'programme', 'current', show(p.current), show(current), actor, at)
    if (patch.kpis) await writeTargets(tx, id, patch.kpis, actor, at)
    if (patch.assumptions) await writeAssumptions(tx, id, p.assumptions, patch.assumptions, actor, at)
  })
}

/** Enters (or, with null, clears) the baseline of a tracked KPI by hand: marked with who and when. */
export async function setManualBaseline(db: Db, id: string, input: ManualBaseline, actor: string, at = new Date()): Promise<void> {
  const p = await loadProgramme(db, id)
  const tracked = p.kpis.find((k) => k.kpi === input.kpi)
  if (!tracked) throw new DomainError('not_tracked', `the programme does not track ${input.kpi}: add it with a target first`, 409, 'kpi')
  const unit = KPI_DEFS[input.kpi].unit
  const value = input.value === null ? null : inside(unit, input.value)
  await db.transaction(async (tx) => {
    await tx.query('UPDATE roi_kpis SET manual_baseline = $3, manual_baseline_by = $4, manual_baseline_at = $5 WHERE programme_id = $1 AND kpi = $2', [
      id, input.kpi, value, value === null ? null : actor, value === null ? null : at,
    ])
    await audit(tx, id, 'baseline', input.kpi, tracked.manual ? shown(unit, tracked.manual.value) : null, shown(unit, value), actor, at)
  })
}

/** Enters a measure for a period (a second entry for the same period replaces the first, audited). */
export async function enterMeasure(db: Db, id: string, input: MeasureInput, actor: string, at = new Date()): Promise<void> {
  await loadProgramme(db, id)
  const unit = MEASURE_DEFS[input.measure].unit
  const value = inside(unit, input.value)
  await db.transaction(async (tx) => {
    const [old] = await tx.query<{ value: number }>(
      'SELECT value FROM roi_measures WHERE programme_id = $1 AND measure = $2 AND period_from = $3 AND period_to = $4 FOR UPDATE',
      [id, input.measure, input.from, input.to],
    )
    await tx.query(
      `INSERT INTO roi_measures (programme_id, measure, period_from, period_to, value, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (programme_id, measure, period_from, period_to) DO UPDATE SET value = EXCLUDED.value, entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at`,
      [id, input.measure, input.from, input.to, value, actor, at],
    )
    await audit(tx, id, 'measure', `${input.measure} ${input.from}..${input.to}`, old ? shown(unit, old.value) : null, shown(unit, value), actor, at)
  })
}
