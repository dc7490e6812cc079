import { createHash } from 'node:crypto'
import { uuidv7FromBits } from '@/lib/events/uuidv7'

/**
 * A deterministic UUIDv7 for an imported event: the 48-bit timestamp of the event's own time
 * and 74 bits taken from SHA-256 of `key` (namespace, the file's order or customer id, event
 * type). The demo history seeds its ids the same way (seededUuidv7); a hash instead of a
 * 32-bit seeded generator keeps a million orders of one day collision-free. The same file
 * gives the same ids, so the ingest sink skips every event of a re-import.
 */
export function importEventId(atMs: number, key: string): string {
  const h = createHash('sha256').update(key).digest()
  return uuidv7FromBits(atMs, h.readUInt32BE(0), h.readUInt32BE(4), h.readUInt32BE(8))
}

/** The key of one imported event: parts joined by NUL, which no CSV cell we accept contains. */
export const eventKey = (...parts: string[]) => parts.join('\u0000')
