import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { uuidv7, uuidv7FromBits } from './uuidv7'

describe('uuidv7FromBits', () => {
  it('lays out the timestamp, version, variant and the 74 given bits', () => {
    expect(uuidv7FromBits(0x0123_4567_89ab, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff)).toBe('01234567-89ab-7fff-bfff-ffffffffffff')
    expect(uuidv7FromBits(0x0123_4567_89ab, 0, 0, 0)).toBe('01234567-89ab-7000-8000-000000000000')
    // r1: 12 bits after the version, the next 14 after the variant.
    expect(uuidv7FromBits(0, 0x0000_1abc, 0x1234, 0x89ab_cdef)).toBe('00000000-0000-7abc-8001-123489abcdef')
  })

  it('clamps a negative or fractional time to whole milliseconds from 0', () => {
    expect(uuidv7FromBits(-5, 0, 0, 0).slice(0, 13)).toBe('00000000-0000')
    expect(uuidv7FromBits(1.9, 0, 0, 0).slice(0, 13)).toBe('00000000-0001')
  })
})

describe('uuidv7', () => {
  it('makes valid, distinct ids that sort by time', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((ms) => uuidv7(ms))
    for (const id of ids) {
      expect(z.uuid().safeParse(id).success).toBe(true)
      expect(id[14]).toBe('7')
    }
    expect([...ids].sort()).toEqual(ids)
    expect(uuidv7(1)).not.toBe(uuidv7(1))
  })
})
