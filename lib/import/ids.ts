import { createHash } from 'node:crypto'

/**
 * A deterministic UUIDv7 for an imported event: the 48-bit timestamp of the event's own time
 * and 74 bits taken from SHA-256 of `key` (namespace, the file's order or customer id, event
 * type). The demo history seeds its ids the same way (seededUuidv7); a hash instead of a
 * 32-bit seeded generator keeps a million orders of one day collision-free. The same file
 * gives the same ids, so the ingest sink skips every event of a re-import.
 */
export function importEventId(atMs: number, key: string): string {
  const h = createHash('sha256').update(key).digest()
  const ms = Math.max(0, Math.floor(atMs))
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')
  const hi = Math.floor(ms / 0x1_0000_0000)
  const lo = ms >>> 0
  const r1 = h.readUInt32BE(0)
  const r2 = h.readUInt32BE(4)
  const r3 = h.readUInt32BE(8)
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
    hex(r3, 8)
  )
}

/** The key of one imported event: parts joined by NUL, which no CSV cell we accept contains. */
export const eventKey = (...parts: string[]) => parts.join('\u0000')
