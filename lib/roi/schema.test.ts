import { describe, expect, it } from 'vitest'
import { externalValue, parseValue } from './catalogue'
import { createProgrammeSchema, manualBaselineSchema, measureSchema, reportQuerySchema } from './schema'

const fieldOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues[0]?.path.join('.')

describe('values in their unit', () => {
  it('money is a "12.50" string inside as cents; other units are numbers', () => {
    expect(parseValue('money', '12.5')).toEqual({ ok: true, value: 1250 })
    expect(parseValue('money', '-0.05')).toEqual({ ok: true, value: -5 })
    expect(parseValue('money', 12.5).ok).toBe(false)
    expect(parseValue('money', '1.234').ok).toBe(false)
    expect(parseValue('hours', '3').ok).toBe(false)
    expect(parseValue('hours', -1).ok).toBe(false)
    expect(parseValue('rate', -0.1)).toEqual({ ok: true, value: -0.1 })
    expect(externalValue('money', 1250)).toBe('12.50')
    expect(externalValue('rate', 0.1)).toBe(0.1)
    expect(externalValue('days', null)).toBeNull()
  })
})

describe('request schemas name the field', () => {
  const base = { name: 'O2O', go_live: '2026-03-01', kpis: [{ kpi: 'oversell_rate', target: 0.01 }] }
  it('accepts a minimal programme', () => {
    expect(createProgrammeSchema.safeParse(base).success).toBe(true)
  })
  it.each([
    [{ ...base, go_live: '2026-02-30' }, 'go_live'],
    [{ ...base, kpis: [{ kpi: 'happiness', target: 1 }] }, 'kpis.0.kpi'],
    [{ ...base, kpis: [{ kpi: 'daily_net_revenue', target: 100 }] }, 'kpis.0.target'],
    [{ ...base, kpis: [{ kpi: 'oversell_rate', target: 0.01 }, { kpi: 'oversell_rate', target: 0.02 }] }, 'kpis.1.kpi'],
    [{ ...base, kpis: [] }, 'kpis'],
    [{ ...base, baseline_from: '2026-01-01' }, 'baseline_to'],
    [{ ...base, baseline_from: '2026-01-01', baseline_to: '2026-03-01' }, 'baseline_to'],
    [{ ...base, current_from: '2026-04-10', current_to: '2026-04-01' }, 'current_from'],
    [{ ...base, name: ' ' }, 'name'],
    [{ ...base, assumptions: { hourly_labour_cost: 40 } }, 'assumptions.hourly_labour_cost'],
  ])('refuses %j at %s', (body, field) => {
    expect(fieldOf(createProgrammeSchema.safeParse(body))).toBe(field)
  })
  it('manual baselines and measures', () => {
    expect(manualBaselineSchema.safeParse({ kpi: 'labour_cost_per_order', value: '12.00' }).success).toBe(true)
    expect(manualBaselineSchema.safeParse({ kpi: 'labour_cost_per_order', value: null }).success).toBe(true)
    expect(fieldOf(manualBaselineSchema.safeParse({ kpi: 'labour_cost_per_order', value: 12 }))).toBe('value')
    expect(measureSchema.safeParse({ measure: 'labour_cost', from: '2026-01-01', to: '2026-01-31', value: '5000.00' }).success).toBe(true)
    expect(fieldOf(measureSchema.safeParse({ measure: 'staff_hours', from: '2026-01-01', to: '2026-01-31', value: -3 }))).toBe('value')
    expect(fieldOf(measureSchema.safeParse({ measure: 'staff_hours', from: '2026-02-01', to: '2026-01-31', value: 3 }))).toBe('from')
    expect(fieldOf(reportQuerySchema.safeParse({ from: '2026-01-01' }))).toBe('to')
  })
})
