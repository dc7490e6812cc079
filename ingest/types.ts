/** A message as read from a stream (a Kafka partition, or the outbox), at its position. */
export type StreamMessage = { position: bigint; value: Buffer | string; key?: string; family?: string }

/** Contiguous messages of one stream, in position order. */
export type Chunk = { stream: string; messages: StreamMessage[] }

/**
 * Where events come from. A source hands chunks to `handle` in order per stream and commits a
 * chunk's position only after `handle` resolved, i.e. after the sink acknowledged the insert.
 */
export interface EventSource {
  readonly name: string
  run(handle: (chunk: Chunk) => Promise<void>): Promise<void>
  /** Finishes the chunk in hand (or abandons it uncommitted) and stops. */
  stop(): Promise<void>
  /** Messages not yet committed. */
  lag(): Promise<number>
}
