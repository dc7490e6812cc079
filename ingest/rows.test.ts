import { describe, expect, it } from 'vitest'
import { batchToken, parseAll, rawText, toRow, MAX_DEAD_LETTER_BYTES } from './rows'
import { outboxPosition } from './outbox-source'

describe('ingest rows', () => {
  it('gives a batch a token from its stream and position range', () => {
    expect(batchToken('kafka:t:1', [{ position: 5n, value: '' }, { position: 9n, value: '' }])).toBe('kafka:t:1:5-9')
  })

  it('keeps raw bytes of a dead letter, as text when UTF-8 and base64 otherwise', () => {
    expect(rawText('{broken')).toBe('{broken')
    expect(rawText(Buffer.from([0xff, 0xfe]))).toBe('base64://4=')
    expect(rawText('x'.repeat(MAX_DEAD_LETTER_BYTES + 3))).toMatch(/…\[truncated 3 bytes\]$/)
  })

  it('stores a dead letter with its reason', () => {
    const [p] = parseAll([{ position: 1n, value: 'nope' }])
    const row = toRow('outbox', 'outbox:1-1', p!)
    expect(row.dead_letter_reason).toMatch(/invalid JSON/)
    expect(row.raw).toBe('nope')
  })

  it('orders outbox positions like (xid, id)', () => {
    expect(outboxPosition({ xid: '2', id: 1 }) > outboxPosition({ xid: '1', id: 999 })).toBe(true)
    expect(outboxPosition({ xid: '1', id: 2 }) > outboxPosition({ xid: '1', id: 1 })).toBe(true)
  })
})
