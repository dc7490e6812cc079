/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) and the sampling helpers the demo
 * data needs. Same seed → same sequence, on every platform: only 32-bit integer arithmetic.
 * Not for anything security related.
 */
import { uuidv7FromBits } from '@/lib/events/uuidv7'

/** 32-bit string hash (FNV-1a), used to turn labels and string seeds into numbers. */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** A strong 32-bit integer mixer (the murmur3 finaliser); pure, for hashed noise. */
export function mix32(x: number): number {
  let h = x >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Folds any number (also non-integers and values beyond 32 bits) into a 32-bit seed. */
function seedOf(seed: number | string): number {
  if (typeof seed === 'string') return hashString(seed)
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`)
  const lo = seed >>> 0
  const hi = Math.floor(seed / 0x1_0000_0000) >>> 0
  const frac = Math.floor((seed - Math.floor(seed)) * 0x1_0000_0000) >>> 0
  return mix32(lo ^ mix32(hi ^ mix32(frac)))
}

export class Rng {
  readonly seed: number
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number | string) {
    this.seed = seedOf(seed)
    // splitmix32 expands the seed into sfc32's four words.
    let s = this.seed
    const split = (): number => {
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
      return (z ^ (z >>> 15)) >>> 0
    }
    this.a = split()
    this.b = split()
    this.c = split()
    this.d = split()
    for (let i = 0; i < 12; i++) this.uint32()
  }

  /** Next unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 0x1_0000_0000
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    const lo = Math.ceil(min)
    const hi = Math.floor(max)
    if (hi < lo) throw new RangeError(`int(${min}, ${max}): empty range`)
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty array')
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** One of `items`, with probability proportional to `weights` (non-negative, not all zero). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length !== weights.length) throw new RangeError('weighted(): items and weights differ in length')
    let total = 0
    for (const w of weights) total += w > 0 ? w : 0
    if (!(total > 0)) throw new RangeError('weighted(): no positive weight')
    let r = this.next() * total
    for (let i = 0; i < items.length; i++) {
      const w = weights[i] as number
      if (w <= 0) continue
      r -= w
      if (r < 0) return items[i] as T
    }
    // Rounding can leave r a hair above zero: the last positive weight wins.
    for (let i = items.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return items[i] as T
    throw new RangeError('weighted(): unreachable')
  }

  /** Normally distributed (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next() // (0, 1]
    const v = this.next()
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean
  }

  /** Poisson-distributed count (Knuth below λ = 30, a rounded normal above). */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0
    if (lambda >= 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))))
    const limit = Math.exp(-lambda)
    let k = 0
    let p = this.next()
    while (p > limit) {
      k++
      p *= this.next()
    }
    return k
  }

  /**
   * An independent stream for a named purpose. It depends only on this generator's seed and
   * the label, never on how much of this stream was consumed, so adding draws in one part
   * of the demo does not reshuffle another.
   */
  fork(label: string | number): Rng {
    const l = typeof label === 'number' ? mix32(label) : hashString(label)
    return new Rng(mix32(this.seed ^ mix32(l + 0x6d2b79f5)))
  }
}

export function createRng(seed: number | string): Rng {
  return new Rng(seed)
}

/** Precomputed cumulative weights for fast repeated weighted picks from a large set. */
export class WeightedTable<T> {
  readonly items: readonly T[]
  private readonly cumulative: Float64Array
  readonly total: number

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length !== weights.length) throw new RangeError('WeightedTable: items and weights differ in length')
    this.items = items
    this.cumulative = new Float64Array(items.length)
    let acc = 0
    weights.forEach((w, i) => {
      acc += w > 0 ? w : 0
      this.cumulative[i] = acc
    })
    this.total = acc
  }

  get size(): number {
    return this.items.length
  }

  pick(rng: Rng): T {
    if (!(this.total > 0)) throw new RangeError('WeightedTable.pick(): no positive weight')
    const r = rng.next() * this.total
    let lo = 0
    let hi = this.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.cumulative[mid] as number) > r) hi = mid
      else lo = mid + 1
    }
    return this.items[lo] as T
  }
}

/** A UUIDv7 (RFC 9562) whose random bits come from `rng`: reproducible event ids. */
export function seededUuidv7(atMs: number, rng: Rng): string {
  return uuidv7FromBits(atMs, rng.uint32(), rng.uint32(), rng.uint32())
}
