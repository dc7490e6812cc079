/**
 * Replenishment: pure, so the rule is testable without a database.
 *
 * A position (sku, location) with a rule needs replenishing when its available stock falls
 * below the reorder point. It needs enough to reach the target level, counting what is
 * already on its way in (incoming), so a suggestion is never made twice for the same gap.
 * Below the safety stock the suggestion is urgent. The units come from the location with
 * the largest surplus (available above its own reorder point, or above nothing when it has
 * no rule), as a transfer; whatever no location can spare is a purchase.
 */
export type Position = { sku: string; location_id: string; available: number; incoming: number }
export type Rule = { safety_stock: number; reorder_point: number; target_level: number }
export type Source = { location_id: string; available: number; rule?: Rule }
export type Suggestion =
  | { kind: 'transfer'; sku: string; location_id: string; from_location_id: string; quantity: number; urgent: boolean }
  | { kind: 'purchase'; sku: string; location_id: string; quantity: number; urgent: boolean }

export function surplus(s: Source): number {
  return Math.max(0, s.available - (s.rule?.reorder_point ?? 0))
}

export function planReplenishment(position: Position, rule: Rule, sources: readonly Source[]): Suggestion[] {
  if (position.available >= rule.reorder_point) return []
  const need = rule.target_level - (position.available + position.incoming)
  if (need <= 0) return []
  const urgent = position.available < rule.safety_stock
  const base = { sku: position.sku, location_id: position.location_id, urgent }
  const best = sources
    .filter((s) => s.location_id !== position.location_id && surplus(s) > 0)
    .sort((a, b) => surplus(b) - surplus(a) || a.location_id.localeCompare(b.location_id))[0]
  const moved = best ? Math.min(need, surplus(best)) : 0
  const out: Suggestion[] = []
  if (best && moved > 0) out.push({ ...base, kind: 'transfer', from_location_id: best.location_id, quantity: moved })
  if (need - moved > 0) out.push({ ...base, kind: 'purchase', quantity: need - moved })
  return out
}

/** A rule is consistent when 0 ≤ safety stock ≤ reorder point ≤ target level. */
export function ruleProblem(r: Rule): { field: keyof Rule; message: string } | null {
  if (r.safety_stock < 0) return { field: 'safety_stock', message: 'must be at least 0' }
  if (r.reorder_point < r.safety_stock) return { field: 'reorder_point', message: 'must be at least the safety stock' }
  if (r.target_level < r.reorder_point) return { field: 'target_level', message: 'must be at least the reorder point' }
  return null
}
