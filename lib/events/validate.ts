import type { z } from 'zod'
import { envelopeSchema, eventDataSchemas, type AnyEvent } from './schema'

/** Largest event accepted; anything bigger is dead-lettered rather than stored. */
export const MAX_EVENT_BYTES = 256 * 1024

export type Validation = { ok: true; event: AnyEvent } | { ok: false; reason: string }

function describe(error: z.ZodError, prefix: string): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${[prefix, ...i.path].filter((p) => p !== '').join('.')}: ${i.message}`)
    .join('; ')
}

/** Parses raw bytes from the event log into a typed event, or says precisely why not. */
export function parseEvent(raw: Buffer | string): Validation {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length
  if (size > MAX_EVENT_BYTES) return { ok: false, reason: `too large: ${size} bytes > ${MAX_EVENT_BYTES}` }
  let json: unknown
  try {
    json = JSON.parse(raw.toString())
  } catch (e) {
    return { ok: false, reason: `invalid JSON: ${(e as Error).message}` }
  }
  const envelope = envelopeSchema.safeParse(json)
  if (!envelope.success) return { ok: false, reason: describe(envelope.error, '') }
  const data = eventDataSchemas[envelope.data.type].safeParse(envelope.data.data)
  if (!data.success) return { ok: false, reason: describe(data.error, 'data') }
  return { ok: true, event: { ...envelope.data, data: data.data } as AnyEvent }
}
