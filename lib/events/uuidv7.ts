import { randomBytes } from 'node:crypto'

/**
 * The RFC 9562 UUIDv7 layout: 48-bit Unix milliseconds, version 7, 12 bits of r1, the variant,
 * 14 more bits of r1, 16 bits of r2 and all of r3 (74 chosen bits). Pure: deterministic ids
 * (demo history, imports) bring their own bits, live ones random bits.
 */
export function uuidv7FromBits(atMs: number, r1: number, r2: number, r3: number): string {
  const ms = Math.max(0, Math.floor(atMs))
  const hi = Math.floor(ms / 0x1_0000_0000) // top 16 bits of the 48-bit timestamp
  const lo = ms >>> 0
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')
  return (
    hex(hi & 0xffff, 4) +
    hex(lo >>> 16, 4) +
    '-' +
    hex(lo & 0xffff, 4) +
    '-' +
    hex(0x7000 | (r1 & 0x0fff), 4) +
    '-' +
    hex(0x8000 | ((r1 >>> 12) & 0x3fff), 4) +
    '-' +
    hex(r2 & 0xffff, 4) +
    hex(r3 >>> 0, 8)
  )
}

/** A UUIDv7 with random bits; sorts by creation time. */
export function uuidv7(atMs: number = Date.now()): string {
  const r = randomBytes(12)
  return uuidv7FromBits(atMs, r.readUInt32BE(0), r.readUInt32BE(4), r.readUInt32BE(8))
}
