import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildStatement, invoicedVolume, type LedgerEntry } from './ledger'

const balance = (list: readonly LedgerEntry[]) => list.reduce((s, e) => s + e.amount_cents, 0)

const entries: LedgerEntry[] = [
  { day: '2026-10-30', kind: 'invoice', reference: 'o1', amount_cents: 100_000 },
  { day: '2026-11-02', kind: 'invoice', reference: 'o2', amount_cents: 50_000 },
  { day: '2026-11-05', kind: 'payment', reference: 'bank-1', amount_cents: -80_000 },
  { day: '2026-11-20', kind: 'credit_note', reference: 'o2', amount_cents: -50_000 },
  { day: '2026-12-01', kind: 'invoice', reference: 'o3', amount_cents: 7_000 },
]

describe('statement of receivables', () => {
  it('opens with what was owed before the period and runs the balance through it', () => {
    const s = buildStatement(entries, '2026-11-01', '2026-11-30')
    expect(s).toMatchObject({ opening_cents: 100_000, invoiced_cents: 50_000, credited_cents: 50_000, paid_cents: 80_000, closing_cents: 20_000 })
    expect(s.lines.map((l) => l.balance_cents)).toEqual([150_000, 70_000, 20_000])
    expect(balance(entries)).toBe(27_000)
    expect(invoicedVolume(entries, '2026-10-01', '2026-12-31')).toBe(107_000)
  })

  it('chains: one period’s closing balance is the next one’s opening', () => {
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-11-${String(d).padStart(2, '0')}`)
    const entry = fc.record({ day, kind: fc.constantFrom('invoice' as const, 'credit_note' as const, 'payment' as const), reference: fc.string(), amount: fc.integer({ min: 1, max: 1_000_000 }) })
    fc.assert(
      fc.property(fc.array(entry), day, (raw, split) => {
        const list = raw.map((e) => ({ day: e.day, kind: e.kind, reference: e.reference, amount_cents: e.kind === 'invoice' ? e.amount : -e.amount }))
        const first = buildStatement(list, '2026-11-01', split)
        const next = new Date(Date.parse(`${split}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
        const second = buildStatement(list, next, '2026-11-30')
        expect(second.opening_cents).toBe(first.closing_cents)
        expect(second.closing_cents).toBe(balance(list))
      }),
    )
  })
})
