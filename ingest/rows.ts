import { parseEvent, type AnyEvent } from '@/lib/events'
import type { StreamMessage } from './types'

/** Raw payloads kept for a dead letter, at most this many bytes. */
export const MAX_DEAD_LETTER_BYTES = 1024 * 1024
const NIL_UUID = '00000000-0000-0000-0000-000000000000'

export type EventRow = {
  stream: string
  position: string
  batch: string
  event_id: string
  type: string
  channel: string
  source: string
  schema_version: number
  occurred_at: number
  /** The event's data as an object: ClickHouse stores its JSON text (see INSERT_SETTINGS). */
  data: unknown
  dead_letter_reason: string
  raw: string
}

export type Parsed = { message: StreamMessage; result: ReturnType<typeof parseEvent> }

export function parseAll(messages: readonly StreamMessage[]): Parsed[] {
  return messages.map((message) => ({ message, result: parseEvent(message.value) }))
}

/** The row stored for one message: the typed event, or a dead letter with its reason and raw bytes. */
export function toRow(stream: string, batch: string, p: Parsed): EventRow {
  const base = { stream, position: p.message.position.toString(), batch }
  if (p.result.ok) {
    const e: AnyEvent = p.result.event
    return {
      ...base,
      event_id: e.event_id,
      type: e.type,
      channel: e.channel,
      source: e.source,
      schema_version: e.schema_version,
      occurred_at: Date.parse(e.occurred_at),
      data: e.data,
      dead_letter_reason: '',
      raw: '',
    }
  }
  return {
    ...base,
    event_id: NIL_UUID,
    type: '',
    channel: '',
    source: '',
    schema_version: 0,
    occurred_at: Date.now(),
    data: '',
    dead_letter_reason: p.result.reason,
    raw: rawText(p.message.value),
  }
}

/** Raw bytes as text when they are UTF-8, else base64 (prefixed), truncated to a bound. */
export function rawText(value: Buffer | string): string {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value
  const kept = bytes.subarray(0, MAX_DEAD_LETTER_BYTES)
  const suffix = bytes.length > kept.length ? `…[truncated ${bytes.length - kept.length} bytes]` : ''
  const text = kept.toString('utf8')
  return (Buffer.from(text).equals(kept) ? text : `base64:${kept.toString('base64')}`) + suffix
}

/** The deduplication token of a batch: its stream and the positions it spans. */
export function batchToken(stream: string, messages: readonly StreamMessage[]): string {
  return `${stream}:${messages[0]!.position}-${messages[messages.length - 1]!.position}`
}
