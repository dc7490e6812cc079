import type { ClickHouseSink, WriteResult } from './sink'
import type { EventSource } from './types'

export type IngestStats = WriteResult & { chunks: number; lastChunkAt: Date | null }

/**
 * Pumps one source into the sink. A failed write is retried with backoff (the source has not
 * committed, so the same chunk comes again); the loop only ends when the source is stopped.
 */
export function startIngest(source: EventSource, sink: ClickHouseSink, log: (msg: string) => void = console.log) {
  const stats: IngestStats = { inserted: 0, deadLettered: 0, duplicates: 0, healed: 0, chunks: 0, lastChunkAt: null }
  let stopping = false
  const handle = async (chunk: Parameters<Parameters<EventSource['run']>[0]>[0]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await sink.write(chunk)
        stats.inserted += r.inserted
        stats.deadLettered += r.deadLettered
        stats.duplicates += r.duplicates
        stats.healed += r.healed
        stats.chunks++
        stats.lastChunkAt = new Date()
        if (r.deadLettered > 0) log(`ingest: ${r.deadLettered} invalid event(s) from ${chunk.stream} dead-lettered`)
        if (r.healed > 0) log(`ingest: replayed an in-flight batch of ${r.healed} event(s) on ${chunk.stream}`)
        return
      } catch (e) {
        if (stopping) throw e
        const wait = Math.min(30_000, 200 * 2 ** Math.min(attempt, 8))
        log(`ingest: write to ClickHouse failed (attempt ${attempt}), retrying in ${wait} ms: ${(e as Error).message}`)
        await new Promise((r) => setTimeout(r, wait))
      }
    }
  }
  const running = source.run(handle).catch((e) => log(`ingest: source ${source.name} stopped: ${(e as Error).stack ?? e}`))
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
