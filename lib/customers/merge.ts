import type { Db, Sql } from '@/lib/db'
import { createEvent, type AnyEvent, type Channel } from '@/lib/events'
import { appendToOutbox } from '@/lib/eventlog/outbox'
import { DomainError, notFound } from '@/lib/ops/errors'
import { mappingOf, mergedGroups, type MergeEdge } from './union-find'

/**
 * Merging customer records into one merged customer, and undoing it. A merge is an edge
 * between two records; the merged customers are the connected components of the active
 * edges, each named by its oldest record (lib/customers/union-find.ts). Every change
 * recomputes the groups it touches, stores each record's survivor in customers.merged_into,
 * and emits the groups' whole mapping (versioned) so ClickHouse follows.
 */

export type MergeReason = 'shared_identity' | 'manual'

export type MergeRequest = {
  a: string
  b: string
  reason: MergeReason
  identity_kind?: string
  identity_key?: string
  channel: Channel
  actor: string
  at: Date
}

/** The merged customer a record belongs to (itself when it was never merged). */
export async function mergedIdOf(tx: Sql, customerId: string): Promise<string> {
  const [row] = await tx.query<{ merged_into: string | null }>('SELECT merged_into FROM customers WHERE customer_id = $1', [customerId])
  return row?.merged_into ?? customerId
}

/** Merges are serialised: two at once could each see half a group. Rare, so one lock is fine. */
async function lockMerges(tx: Sql): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(2026112705)')
}

/** The records connected to `seeds` by active merges, and those merges. */
async function componentOf(tx: Sql, seeds: readonly string[]) {
  const ids = new Set(seeds)
  let frontier = [...seeds]
  while (frontier.length > 0) {
    const rows = await tx.query<{ customer_a: string; customer_b: string }>(
      `SELECT customer_a, customer_b FROM customer_merges
        WHERE undone_at IS NULL AND (customer_a = ANY($1::text[]) OR customer_b = ANY($1::text[]))`,
      [frontier],
    )
    frontier = []
    for (const r of rows) {
      for (const id of [r.customer_a, r.customer_b]) {
        if (!ids.has(id)) {
          ids.add(id)
          frontier.push(id)
        }
      }
    }
  }
  const all = [...ids]
  const records = await tx.query<{ customer_id: string; created_at: Date }>(
    'SELECT customer_id, created_at FROM customers WHERE customer_id = ANY($1::text[])',
    [all],
  )
  const edges = await tx.query<{ customer_a: string; customer_b: string }>(
    'SELECT customer_a, customer_b FROM customer_merges WHERE undone_at IS NULL AND customer_a = ANY($1::text[])',
    [all],
  )
  return { records: records.map((r) => ({ customer_id: r.customer_id, created_at: new Date(r.created_at) })), edges: edges.map((e): MergeEdge => ({ a: e.customer_a, b: e.customer_b })) }
}

/** Recomputes the groups of these records from the active merges and stores each survivor. */
async function regroup(tx: Sql, ids: readonly string[]) {
  const { records, edges } = await componentOf(tx, ids)
  const groups = mergedGroups(records, edges)
  for (const g of groups) {
    await tx.query('UPDATE customers SET merged_into = NULLIF($2, customer_id) WHERE customer_id = ANY($1::text[])', [g.members, g.survivor])
  }
  const [v] = await tx.query<{ version: string }>("SELECT nextval('customer_merge_version')::text AS version")
  return { groups, mapping: mappingOf(groups), version: Number(v!.version) }
}

/** True when a person undid a merge of these two records: they are not merged again automatically. */
async function mergeWasUndone(tx: Sql, a: string, b: string): Promise<boolean> {
  const rows = await tx.query(
    `SELECT 1 FROM customer_merges WHERE undone_at IS NOT NULL
        AND ((customer_a = $1 AND customer_b = $2) OR (customer_a = $2 AND customer_b = $1)) LIMIT 1`,
    [a, b],
  )
  return rows.length > 0
}

/**
 * Records a merge of two records inside the caller's transaction and returns its event
 * (append it to the outbox with the change). Null when they already are one customer, or
 * when an automatic merge was undone by a person before.
 */
export async function mergeInTx(tx: Sql, m: MergeRequest): Promise<AnyEvent | null> {
  await lockMerges(tx)
  const [ra, rb] = [await mergedIdOf(tx, m.a), await mergedIdOf(tx, m.b)]
  if (ra === rb) return null
  if (m.reason === 'shared_identity' && (await mergeWasUndone(tx, m.a, m.b))) return null
  const [merge] = await tx.query<{ merge_id: string }>(
    `INSERT INTO customer_merges (customer_a, customer_b, reason, identity_kind, identity_key, channel, actor, merged_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING merge_id::text`,
    [m.a, m.b, m.reason, m.identity_kind ?? null, m.identity_key ?? null, m.channel, m.actor, m.at],
  )
  const { groups, mapping, version } = await regroup(tx, [m.a, m.b])
  return createEvent(
    'customer.merged',
    m.channel,
    { customer_id: groups[0]!.survivor, merge_id: Number(merge!.merge_id), reason: m.reason, identity_kind: m.identity_kind ?? '', mapping, version },
    { occurredAt: m.at },
  )
}

/** A person merges two customers (both given by any of their record ids). */
export async function mergeCustomers(db: Db, a: string, b: string, actor: string, at = new Date()): Promise<{ merge_id: number; merged_id: string } | null> {
  return db.transaction(async (tx) => {
    for (const id of [a, b]) {
      if ((await tx.query('SELECT 1 FROM customers WHERE customer_id = $1', [id])).length === 0) throw notFound('customer', id)
    }
    if (a === b) throw new DomainError('same_customer', 'a customer cannot be merged with itself', 400, 'customer_ids')
    const event = await mergeInTx(tx, { a, b, reason: 'manual', channel: 'web', actor, at })
    if (!event || event.type !== 'customer.merged') return null
    await appendToOutbox(tx, [event])
    return { merge_id: event.data.merge_id, merged_id: event.data.customer_id }
  })
}

/** Undoes a merge: the groups it held together split along the merges still active. */
export async function undoMerge(db: Db, mergeId: number, actor: string, at = new Date()) {
  return db.transaction(async (tx) => {
    await lockMerges(tx)
    const [merge] = await tx.query<{ customer_a: string; customer_b: string; channel: Channel; undone_at: Date | null }>(
      'SELECT customer_a, customer_b, channel, undone_at FROM customer_merges WHERE merge_id = $1',
      [mergeId],
    )
    if (!merge) throw notFound('merge', String(mergeId))
    if (merge.undone_at) throw new DomainError('already_undone', `merge ${mergeId} was already undone`, 409)
    const before = await componentOf(tx, [merge.customer_a])
    await tx.query('UPDATE customer_merges SET undone_at = $2, undone_by = $3 WHERE merge_id = $1', [mergeId, at, actor])
    const { groups, mapping, version } = await regroup(tx, before.records.map((r) => r.customer_id))
    const event = createEvent(
      'customer.unmerged',
      merge.channel,
      { customer_id: groups.find((g) => g.members.includes(merge.customer_a))!.survivor, merge_id: mergeId, actor, mapping, version },
      { occurredAt: at },
    )
    await appendToOutbox(tx, [event])
    return { merge_id: mergeId, groups }
  })
}

export type MergeRecord = {
  merge_id: number
  customer_a: string
  customer_b: string
  reason: MergeReason
  identity_kind: string | null
  channel: string
  actor: string
  merged_at: string
  undone_at: string | null
  undone_by: string | null
}

/** Every merge (active and undone) touching the records of a merged customer, newest first. */
export async function mergesOf(tx: Sql, recordIds: readonly string[]): Promise<MergeRecord[]> {
  const rows = await tx.query<Omit<MergeRecord, 'merge_id' | 'merged_at' | 'undone_at'> & { merge_id: string; merged_at: Date; undone_at: Date | null }>(
    `SELECT merge_id::text, customer_a, customer_b, reason, identity_kind, channel, actor, merged_at, undone_at, undone_by
       FROM customer_merges WHERE customer_a = ANY($1::text[]) OR customer_b = ANY($1::text[]) ORDER BY merge_id DESC`,
    [recordIds],
  )
  return rows.map((r) => ({
    ...r,
    merge_id: Number(r.merge_id),
    merged_at: new Date(r.merged_at).toISOString(),
    undone_at: r.undone_at ? new Date(r.undone_at).toISOString() : null,
  }))
}
