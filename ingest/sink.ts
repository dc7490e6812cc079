import type { ClickHouseClient } from '@/lib/clickhouse/client'
import { queryRows, SESSION_SETTINGS } from '@/lib/clickhouse/client'
import { TABLES } from '@/lib/clickhouse/tables'
import { batchToken, parseAll, toRow, type EventRow, type Parsed } from './rows'
import type { Chunk, StreamMessage } from './types'

/**
 * `data` is sent as a JSON object and read into the String column as its text: serialised
 * once, never escaped into a string and unescaped again.
 */
const INSERT_SETTINGS = { input_format_json_read_objects_as_strings: 1 } as const

export type WriteResult = { inserted: number; deadLettered: number; duplicates: number; healed: number }

/**
 * Writes chunks into ClickHouse so that each event takes effect exactly once, rollups included,
 * although every source delivers at least once:
 *
 * - A batch is inserted in one block with a deterministic deduplication token
 *   (stream + position range); materialized views deduplicate with it too.
 * - After a crash, the positions already in `events` say which batch was in flight. That batch
 *   is replayed with its original token and rows: ClickHouse drops it where it landed and
 *   completes any view it had not reached. Only then do new positions follow.
 * - An event id already stored (a producer or relay that sent twice) is skipped.
 */
export class ClickHouseSink {
  constructor(private readonly ch: ClickHouseClient) {}

  async write(chunk: Chunk): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, deadLettered: 0, duplicates: 0, healed: 0 }
    if (chunk.messages.length === 0) return result
    const { remaining, healed } = await this.replayInFlight(chunk)
    result.healed = healed
    if (remaining.length === 0) return result

    const parsed = parseAll(remaining)
    const known = await this.storedEventIds(parsed)
    const seen = new Set<string>()
    const batch = batchToken(chunk.stream, remaining)
    const rows: EventRow[] = []
    for (const p of parsed) {
      if (p.result.ok) {
        const id = p.result.event.event_id
        if (known.has(id) || seen.has(id)) {
          result.duplicates++
          continue
        }
        seen.add(id)
        result.inserted++
      } else {
        result.deadLettered++
      }
      rows.push(toRow(chunk.stream, batch, p))
    }
    await this.insert(rows, batch)
    return result
  }

  private async insert(rows: EventRow[], token: string): Promise<void> {
    if (rows.length === 0) return
    await this.ch.insert({
      table: TABLES.events,
      values: rows,
      format: 'JSONEachRow',
      clickhouse_settings: { ...SESSION_SETTINGS, ...INSERT_SETTINGS, insert_deduplication_token: token },
    })
  }

  /** Replays batches found stored at or after this chunk's start; returns what is left. */
  private async replayInFlight(chunk: Chunk): Promise<{ remaining: StreamMessage[]; healed: number }> {
    const first = chunk.messages[0]!.position
    const stored = await queryRows<{ batch: string; pos: string }>(
      this.ch,
      `SELECT batch, toString(position) AS pos FROM ${TABLES.events}
        WHERE stream = {stream:String} AND position >= {first:UInt128} ORDER BY position`,
      { stream: chunk.stream, first: first.toString() },
    )
    if (stored.length === 0) return { remaining: chunk.messages, healed: 0 }
    const byBatch = new Map<string, Set<bigint>>()
    for (const r of stored) {
      const set = byBatch.get(r.batch) ?? new Set<bigint>()
      set.add(BigInt(r.pos))
      byBatch.set(r.batch, set)
    }
    let last = first - 1n
    for (const [batch, positions] of byBatch) {
      const messages = chunk.messages.filter((m) => positions.has(m.position))
      const rows = parseAll(messages).map((p: Parsed) => toRow(chunk.stream, batch, p))
      await this.insert(rows, batch)
      for (const p of positions) if (p > last) last = p
      // Messages inside a replayed batch but not stored were duplicates skipped the first time.
      const [lo, hi] = batch.slice(chunk.stream.length + 1).split('-').map(BigInt)
      if (hi !== undefined && lo !== undefined && hi > last) last = hi
    }
    return { remaining: chunk.messages.filter((m) => m.position > last), healed: stored.length }
  }

  private async storedEventIds(parsed: Parsed[]): Promise<Set<string>> {
    const ids = parsed.flatMap((p) => (p.result.ok ? [p.result.event.event_id] : []))
    if (ids.length === 0) return new Set()
    const rows = await queryRows<{ id: string }>(
      this.ch,
      `SELECT DISTINCT toString(event_id) AS id FROM ${TABLES.eventIds} WHERE event_id IN {ids:Array(UUID)}`,
      { ids },
    )
    return new Set(rows.map((r) => r.id))
  }
}
