import { describe, it, expect } from 'vitest'
import { z } from 'zod'
import { createRng, hashString, seededUuidv7, WeightedTable } from './random'

const draw = (seed: number | string, n: number) => {
  const rng = createRng(seed)
  return Array.from({ length: n }, () => rng.next())
}

describe('Rng', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    expect(draw(42, 1000)).toEqual(draw(42, 1000))
    expect(draw(42, 10)).not.toEqual(draw(43, 10))
    expect(draw('demo', 10)).toEqual(draw('demo', 10))
    // Seeds beyond 32 bits and fractions are not truncated into each other.
    expect(draw(2 ** 32 + 1, 5)).not.toEqual(draw(1, 5))
    expect(draw(1.5, 5)).not.toEqual(draw(1, 5))
  })

  it('next() stays in [0, 1) and is roughly uniform', () => {
    const xs = draw(7, 20_000)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean).toBeGreaterThan(0.49)
    expect(mean).toBeLessThan(0.51)
    const buckets = new Array<number>(10).fill(0)
    for (const x of xs) buckets[Math.floor(x * 10)]!++
    for (const b of buckets) expect(b).toBeGreaterThan(1800)
  })

  it('int(min, max) covers both ends and nothing outside', () => {
    const rng = createRng(1)
    const seen = new Set<number>()
    for (let i = 0; i < 5000; i++) seen.add(rng.int(-2, 3))
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3])
    expect(() => rng.int(3, 2)).toThrow(RangeError)
  })

  it('pick, weighted and chance follow their probabilities', () => {
    const rng = createRng(9)
    expect(() => rng.pick([])).toThrow(RangeError)
    const counts = { a: 0, b: 0, c: 0 }
    for (let i = 0; i < 30_000; i++) counts[rng.weighted(['a', 'b', 'c'] as const, [1, 2, 0])]++
    expect(counts.c).toBe(0)
    expect(counts.b / counts.a).toBeGreaterThan(1.85)
    expect(counts.b / counts.a).toBeLessThan(2.15)
    expect(() => rng.weighted(['a'], [0])).toThrow(RangeError)
    expect(() => rng.weighted(['a', 'b'], [1])).toThrow(RangeError)
    let hits = 0
    for (let i = 0; i < 20_000; i++) if (rng.chance(0.3)) hits++
    expect(hits / 20_000).toBeGreaterThan(0.28)
    expect(hits / 20_000).toBeLessThan(0.32)
    expect(rng.chance(0)).toBe(false)
    expect(rng.chance(1)).toBe(true)
  })

  it('normal and poisson have the right mean and spread', () => {
    const rng = createRng(3)
    const xs = Array.from({ length: 20_000 }, () => rng.normal(10, 2))
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length)
    expect(mean).toBeCloseTo(10, 1)
    expect(sd).toBeGreaterThan(1.9)
    expect(sd).toBeLessThan(2.1)
    for (const lambda of [0.3, 4, 80]) {
      const ks = Array.from({ length: 10_000 }, () => rng.poisson(lambda))
      expect(ks.every((k) => Number.isInteger(k) && k >= 0)).toBe(true)
      const m = ks.reduce((a, b) => a + b, 0) / ks.length
      expect(Math.abs(m - lambda) / lambda).toBeLessThan(0.05)
    }
    expect(rng.poisson(0)).toBe(0)
  })

  it('fork gives a stable stream that does not depend on how much the parent consumed', () => {
    const a = createRng(5)
    const b = createRng(5)
    for (let i = 0; i < 100; i++) b.next()
    expect(a.fork('orders').next()).toBe(b.fork('orders').next())
    expect(a.fork('orders').next()).not.toBe(a.fork('customers').next())
    expect(createRng(5).fork('x').next()).not.toBe(createRng(6).fork('x').next())
  })

  it('WeightedTable picks like weighted()', () => {
    const table = new WeightedTable(['x', 'y', 'z'], [1, 0, 3])
    const rng = createRng(11)
    const counts = { x: 0, y: 0, z: 0 }
    for (let i = 0; i < 20_000; i++) counts[table.pick(rng) as 'x' | 'y' | 'z']++
    expect(counts.y).toBe(0)
    expect(counts.z / counts.x).toBeGreaterThan(2.8)
    expect(counts.z / counts.x).toBeLessThan(3.2)
  })

  it('hashString is stable', () => {
    expect(hashString('')).toBe(0x811c9dc5)
    expect(hashString('a')).toBe(0xe40c292c)
  })
})

describe('seededUuidv7', () => {
  it('makes valid, time-ordered, reproducible UUIDv7s', () => {
    const rng = createRng(1)
    const ids = [0, 1, 1_700_000_000_000, 1_800_000_000_000, 2 ** 47].map((ms) => seededUuidv7(ms, rng))
    for (const id of ids) {
      expect(z.uuid().safeParse(id).success).toBe(true)
      expect(id[14]).toBe('7')
      expect('89ab').toContain(id[19])
    }
    expect([...ids].sort()).toEqual(ids)
    expect(ids[2]!.replace(/-/g, '').slice(0, 12)).toBe((1_700_000_000_000).toString(16).padStart(12, '0'))
    const again = createRng(1)
    expect([0, 1, 1_700_000_000_000, 1_800_000_000_000, 2 ** 47].map((ms) => seededUuidv7(ms, again))).toEqual(ids)
  })
})
