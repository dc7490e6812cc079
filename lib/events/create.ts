import { uuidv7 } from './uuidv7'
import { SCHEMA_VERSION, type Envelope, type EventData, type EventType } from './schema'
import type { Channel } from './channels'

export function createEvent<T extends EventType>(
  type: T,
  channel: Channel,
  data: EventData<T>,
  opts: { occurredAt?: Date; source?: Envelope['source'] } = {},
): Envelope<T> {
  const at = opts.occurredAt ?? new Date()
  return {
    event_id: uuidv7(at.getTime()),
    type,
    schema_version: SCHEMA_VERSION,
    occurred_at: at.toISOString(),
    source: opts.source ?? 'ops',
    channel,
    data,
  }
}
