import { z } from 'zod'
import { isoDate } from '@/lib/analytics/filters'
import { KPI_DEFS, MEASURE_DEFS, MEASURES, parseValue, ROI_KPIS, type Unit } from './catalogue'
import { assumptionsSchema } from './finance'

/**
 * The request shapes of the ROI routes (zod; the OpenAPI document imports them). Values go
 * in the KPI's unit: money as a "12.50" string, everything else a number (rates as fractions).
 */
const valueIn = (unit: Unit, raw: unknown, path: (string | number)[], ctx: z.RefinementCtx) => {
  const parsed = parseValue(unit, raw)
  if (!parsed.ok) ctx.addIssue({ code: 'custom', path, message: `${parsed.message} (${unit})` })
}

const rawValue = z.union([z.string().max(32), z.number()])

export const trackedKpiSchema = z
  .object({ kpi: z.enum(ROI_KPIS), target: rawValue })
  .superRefine((k, ctx) => valueIn(KPI_DEFS[k.kpi].unit, k.target, ['target'], ctx))

const kpiList = z
  .array(trackedKpiSchema)
  .min(1)
  .max(ROI_KPIS.length)
  .superRefine((list, ctx) => {
    const seen = new Set<string>()
    list.forEach((k, i) => {
      if (seen.has(k.kpi)) ctx.addIssue({ code: 'custom', path: [i, 'kpi'], message: `${k.kpi} is listed twice` })
      seen.add(k.kpi)
    })
  })

const windowFields = {
  baseline_from: isoDate.optional(),
  baseline_to: isoDate.optional(),
  current_from: isoDate.optional(),
  current_to: isoDate.optional(),
}

const MAX_SPAN_MS = 3 * 366 * 86_400_000

type Windows = { go_live?: string; baseline_from?: string; baseline_to?: string; current_from?: string; current_to?: string }

/** A window is both ends or neither, in order; the baseline lies before go-live. */
function checkWindows(w: Windows, ctx: z.RefinementCtx) {
  for (const name of ['baseline', 'current'] as const) {
    const from = w[`${name}_from`]
    const to = w[`${name}_to`]
    if ((from === undefined) !== (to === undefined)) ctx.addIssue({ code: 'custom', path: [from === undefined ? `${name}_from` : `${name}_to`], message: `give both ${name}_from and ${name}_to, or neither` })
    else if (from !== undefined && to !== undefined && from > to) ctx.addIssue({ code: 'custom', path: [`${name}_from`], message: `must not be after ${name}_to` })
    else if (from !== undefined && to !== undefined && Date.parse(to) - Date.parse(from) > MAX_SPAN_MS) ctx.addIssue({ code: 'custom', path: [`${name}_to`], message: 'a window may span at most three years' })
  }
  if (w.go_live && w.baseline_to && w.baseline_to >= w.go_live) ctx.addIssue({ code: 'custom', path: ['baseline_to'], message: 'the baseline must end before go_live' })
}

/** POST /api/v1/roi: a new programme. Windows default to the 90 days before go-live and the last 30 days. */
export const createProgrammeSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    go_live: isoDate,
    ...windowFields,
    kpis: kpiList,
    assumptions: assumptionsSchema.partial().optional(),
  })
  .superRefine(checkWindows)
export type CreateProgramme = z.infer<typeof createProgrammeSchema>

/** POST /api/v1/roi/{id}: change settings; `kpis` replaces the tracked set and targets; `current_from: null` returns to the last 30 days. */
export const updateProgrammeSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    go_live: isoDate.optional(),
    ...windowFields,
    current_from: isoDate.nullable().optional(),
    current_to: isoDate.nullable().optional(),
    kpis: kpiList.optional(),
    assumptions: assumptionsSchema.partial().optional(),
  })
  .superRefine((w, ctx) => checkWindows({ ...w, current_from: w.current_from ?? undefined, current_to: w.current_to ?? undefined }, ctx))
export type UpdateProgramme = z.infer<typeof updateProgrammeSchema>

/** POST /api/v1/roi/{id}/baselines: a baseline entered by hand (null clears it: the computed one applies again). */
export const manualBaselineSchema = z
  .object({ kpi: z.enum(ROI_KPIS), value: rawValue.nullable() })
  .superRefine((b, ctx) => {
    if (b.value !== null) valueIn(KPI_DEFS[b.kpi].unit, b.value, ['value'], ctx)
  })
export type ManualBaseline = z.infer<typeof manualBaselineSchema>

/** POST /api/v1/roi/{id}/measures: a measure the system cannot see, for one period. */
export const measureSchema = z
  .object({ measure: z.enum(MEASURES), from: isoDate, to: isoDate, value: rawValue })
  .superRefine((m, ctx) => {
    if (m.from > m.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' })
    valueIn(MEASURE_DEFS[m.measure].unit, m.value, ['value'], ctx)
  })
export type MeasureInput = z.infer<typeof measureSchema>

/** GET /api/v1/roi/{id}: an optional current window (both ends) instead of the programme's. */
export const reportQuerySchema = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .superRefine((q, ctx) => {
    if ((q.from === undefined) !== (q.to === undefined)) ctx.addIssue({ code: 'custom', path: [q.from === undefined ? 'from' : 'to'], message: 'give both from and to, or neither' })
    else if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' })
  })
