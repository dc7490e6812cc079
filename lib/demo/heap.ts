/** A binary min-heap on (at, insertion order): equal times come out first in, first out. */
export class TimeHeap<T> {
  private readonly nodes: { at: number; seq: number; value: T }[] = []
  private seq = 0

  get size(): number {
    return this.nodes.length
  }

  push(at: number, value: T): void {
    const nodes = this.nodes
    nodes.push({ at, seq: this.seq++, value })
    let i = nodes.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(i, parent)) break
      this.swap(i, parent)
      i = parent
    }
  }

  /** Time of the earliest entry, or Infinity when empty. */
  peekAt(): number {
    return this.nodes[0]?.at ?? Infinity
  }

  pop(): T | undefined {
    const nodes = this.nodes
    const top = nodes[0]
    if (!top) return undefined
    const last = nodes.pop()
    if (nodes.length > 0 && last) {
      nodes[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < nodes.length && this.less(l, m)) m = l
        if (r < nodes.length && this.less(r, m)) m = r
        if (m === i) break
        this.swap(i, m)
        i = m
      }
    }
    return top.value
  }

  private less(i: number, j: number): boolean {
    const a = this.nodes[i]!
    const b = this.nodes[j]!
    return a.at < b.at || (a.at === b.at && a.seq < b.seq)
  }

  private swap(i: number, j: number): void {
    const t = this.nodes[i]!
    this.nodes[i] = this.nodes[j]!
    this.nodes[j] = t
  }
}
