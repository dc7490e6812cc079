import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db, Sql } from '@/lib/db'
import { DomainError, notFound } from '@/lib/ops/errors'
import { ruleGroupSchema, type RuleGroup } from './rules'

/** Saved segments: every save is a new version; snapshots freeze the membership of one. */

export const saveSegmentSchema = z.object({
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(500).default(''),
  rules: ruleGroupSchema,
})
export type SaveSegmentInput = z.input<typeof saveSegmentSchema>

export type Segment = {
  segment_id: string
  name: string
  description: string
  version: number
  rules: RuleGroup
  created_by: string
  created_at: string
  updated_at: string
}

type Row = Omit<Segment, 'created_at' | 'updated_at' | 'rules'> & { rules: RuleGroup | string; created_at: Date; updated_at: Date }
const toSegment = (r: Row): Segment => ({
  ...r,
  rules: typeof r.rules === 'string' ? (JSON.parse(r.rules) as RuleGroup) : r.rules,
  created_at: new Date(r.created_at).toISOString(),
  updated_at: new Date(r.updated_at).toISOString(),
})

export async function createSegment(db: Db, raw: SaveSegmentInput, actor: string, at = new Date()): Promise<Segment> {
  const input = saveSegmentSchema.parse(raw)
  const id = `SEG-${randomBytes(5).toString('hex')}`
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO segments (segment_id, name, description, version, rules, created_by, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $5, $6, $6)`,
      [id, input.name, input.description, JSON.stringify(input.rules), actor, at],
    )
    await tx.query('INSERT INTO segment_versions (segment_id, version, name, rules, saved_by, saved_at) VALUES ($1, 1, $2, $3, $4, $5)', [id, input.name, JSON.stringify(input.rules), actor, at])
    return getSegment(tx, id)
  })
}

/** Saves new rules (and name) as the next version. */
export async function updateSegment(db: Db, id: string, raw: SaveSegmentInput, actor: string, at = new Date()): Promise<Segment> {
  const input = saveSegmentSchema.parse(raw)
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ version: number }>('SELECT version FROM segments WHERE segment_id = $1 FOR UPDATE', [id])
    if (!row) throw notFound('segment', id)
    const version = row.version + 1
    await tx.query('UPDATE segments SET name = $2, description = $3, rules = $4, version = $5, updated_at = $6 WHERE segment_id = $1', [id, input.name, input.description, JSON.stringify(input.rules), version, at])
    await tx.query('INSERT INTO segment_versions (segment_id, version, name, rules, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5, $6)', [id, version, input.name, JSON.stringify(input.rules), actor, at])
    return getSegment(tx, id)
  })
}

export async function getSegment(db: Sql, id: string): Promise<Segment> {
  const [row] = await db.query<Row>('SELECT * FROM segments WHERE segment_id = $1', [id])
  if (!row) throw notFound('segment', id)
  return toSegment(row)
}

export async function listSegments(db: Sql): Promise<Segment[]> {
  return (await db.query<Row>('SELECT * FROM segments ORDER BY updated_at DESC, segment_id')).map(toSegment)
}

export async function segmentVersions(db: Sql, id: string) {
  const rows = await db.query<{ version: number; name: string; rules: RuleGroup | string; saved_by: string; saved_at: Date }>(
    'SELECT version, name, rules, saved_by, saved_at FROM segment_versions WHERE segment_id = $1 ORDER BY version DESC',
    [id],
  )
  return rows.map((r) => ({ ...r, rules: typeof r.rules === 'string' ? (JSON.parse(r.rules) as RuleGroup) : r.rules, saved_at: new Date(r.saved_at).toISOString() }))
}

/** Freezes the current membership of a segment version (merged customer ids). */
export async function snapshotSegment(db: Db, segment: Segment, members: readonly string[], actor: string, at = new Date()) {
  if (members.length > 2_000_000) throw new DomainError('too_large', 'a snapshot holds at most 2,000,000 customers', 422)
  return db.transaction(async (tx) => {
    const [snap] = await tx.query<{ snapshot_id: string }>(
      'INSERT INTO segment_snapshots (segment_id, version, member_count, taken_by, taken_at) VALUES ($1, $2, $3, $4, $5) RETURNING snapshot_id::text',
      [segment.segment_id, segment.version, members.length, actor, at],
    )
    for (let i = 0; i < members.length; i += 5000) {
      await tx.query('INSERT INTO segment_snapshot_members (snapshot_id, customer_id) SELECT $1, unnest($2::text[])', [snap!.snapshot_id, members.slice(i, i + 5000)])
    }
    return { snapshot_id: Number(snap!.snapshot_id), segment_id: segment.segment_id, version: segment.version, member_count: members.length, taken_at: at.toISOString() }
  })
}

export async function segmentSnapshots(db: Sql, id: string) {
  const rows = await db.query<{ snapshot_id: string; version: number; member_count: number; taken_by: string; taken_at: Date }>(
    'SELECT snapshot_id::text, version, member_count, taken_by, taken_at FROM segment_snapshots WHERE segment_id = $1 ORDER BY snapshot_id DESC',
    [id],
  )
  return rows.map((r) => ({ ...r, snapshot_id: Number(r.snapshot_id), taken_at: new Date(r.taken_at).toISOString() }))
}
