/**
 * The ship and return forms: one quantity box per line, prefilled with what is left.
 * Pure, so the rule (what may be entered, what is sent) is tested without a browser.
 */
export type FulfilmentLine = { line_no: number; quantity: number; shipped_quantity: number; returned_quantity: number }
export type Mode = 'ship' | 'return'

/** How many units of a line this form may move: left to ship, or shipped and not yet returned. */
export function room(line: FulfilmentLine, mode: Mode): number {
  return mode === 'ship' ? line.quantity - line.shipped_quantity : line.shipped_quantity - line.returned_quantity
}

export function initialQuantities(lines: readonly FulfilmentLine[], mode: Mode): Record<number, string> {
  return Object.fromEntries(lines.map((l) => [l.line_no, String(room(l, mode))]))
}

/** The body's `lines` (zero quantities left out), or the first line whose entry is not allowed. */
export function linesToSend(
  lines: readonly FulfilmentLine[],
  entered: Record<number, string>,
  mode: Mode,
): { ok: true; lines: { line_no: number; quantity: number }[] } | { ok: false; line_no: number; max: number } {
  const out: { line_no: number; quantity: number }[] = []
  for (const l of lines) {
    const text = (entered[l.line_no] ?? '').trim()
    const q = text === '' ? 0 : Number(text)
    const max = room(l, mode)
    if (!Number.isInteger(q) || q < 0 || q > max) return { ok: false, line_no: l.line_no, max }
    if (q > 0) out.push({ line_no: l.line_no, quantity: q })
  }
  if (out.length === 0) return { ok: false, line_no: lines[0]?.line_no ?? 1, max: 0 }
  return { ok: true, lines: out }
}
