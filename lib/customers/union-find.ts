/**
 * Merged customers as connected components: customer records are nodes, active merges are
 * edges. The survivor of a group is its oldest record (earliest created_at, then the smallest
 * id), so the same records and merges give the same merged id whatever order they came in.
 */
export type CustomerRecord = { customer_id: string; created_at: Date }
export type MergeEdge = { a: string; b: string }

export type MergedGroup = { survivor: string; members: string[] }

export function mergedGroups(records: readonly CustomerRecord[], edges: readonly MergeEdge[]): MergedGroup[] {
  const parent = new Map<string, string>()
  for (const r of records) parent.set(r.customer_id, r.customer_id)
  const find = (x: string): string => {
    let root = x
    while (parent.get(root) !== root) root = parent.get(root)!
    // Path compression: point every node on the way at the root.
    for (let n = x; n !== root; ) {
      const next = parent.get(n)!
      parent.set(n, root)
      n = next
    }
    return root
  }
  for (const e of edges) {
    if (!parent.has(e.a) || !parent.has(e.b)) throw new Error(`merge edge ${e.a}–${e.b} names an unknown customer`)
    const [ra, rb] = [find(e.a), find(e.b)]
    if (ra !== rb) parent.set(rb, ra)
  }
  const byRoot = new Map<string, CustomerRecord[]>()
  for (const r of records) {
    const root = find(r.customer_id)
    byRoot.set(root, [...(byRoot.get(root) ?? []), r])
  }
  return [...byRoot.values()]
    .map((members) => {
      const sorted = [...members].sort(olderFirst)
      return { survivor: sorted[0]!.customer_id, members: sorted.map((m) => m.customer_id) }
    })
    .sort((x, y) => (x.survivor < y.survivor ? -1 : x.survivor > y.survivor ? 1 : 0))
}

function olderFirst(x: CustomerRecord, y: CustomerRecord): number {
  const d = x.created_at.getTime() - y.created_at.getTime()
  if (d !== 0) return d
  return x.customer_id < y.customer_id ? -1 : x.customer_id > y.customer_id ? 1 : 0
}

/** customer → survivor for every record of the given groups (survivors map to themselves). */
export function mappingOf(groups: readonly MergedGroup[]): { customer_id: string; merged_id: string }[] {
  return groups.flatMap((g) => g.members.map((m) => ({ customer_id: m, merged_id: g.survivor })))
}
