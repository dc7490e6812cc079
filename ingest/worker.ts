import type { WriteResult } from './sink'
import type { Chunk, EventSource } from './types'

export type PumpStats = WriteResult & { chunks: number; lastChunkAt: Date | null }

/** Where chunks go: ClickHouse (ClickHouseSink) or Kafka (the relay's KafkaRelaySink). */
export interface ChunkSink {
  write(chunk: Chunk): Promise<Partial<WriteResult>>
}

/**
 * Pumps one source into a sink. A failed write is retried with backoff (the source has not
 * committed, so the same chunk comes again); the loop only ends when the source is stopped.
 */
export function startIngest(source: EventSource, sink: ChunkSink, log: (msg: string) => void = console.log) {
  const stats: PumpStats = { inserted: 0, deadLettered: 0, duplicates: 0, healed: 0, chunks: 0, lastChunkAt: null }
  let stopping = false
  const handle = async (chunk: Chunk) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await sink.write(chunk)
        stats.inserted += r.inserted ?? 0
        stats.deadLettered += r.deadLettered ?? 0
        stats.duplicates += r.duplicates ?? 0
        stats.healed += r.healed ?? 0
        stats.chunks++
        stats.lastChunkAt = new Date()
        if (r.deadLettered) log(`${source.name}: ${r.deadLettered} invalid event(s) from ${chunk.stream} dead-lettered`)
        if (r.healed) log(`${source.name}: replayed an in-flight batch of ${r.healed} event(s) on ${chunk.stream}`)
        return
      } catch (e) {
        if (stopping) throw e
        const wait = Math.min(30_000, 200 * 2 ** Math.min(attempt, 8))
        log(`${source.name}: write failed (attempt ${attempt}), retrying in ${wait} ms: ${(e as Error).message}`)
        await new Promise((r) => setTimeout(r, wait))
      }
    }
  }
  const running = source.run(handle).catch((e) => log(`${source.name}: stopped: ${(e as Error).stack ?? e}`))
  return {
    stats,
    running,
    async stop() {
      stopping = true
      await source.stop()
      await running
    },
  }
}
