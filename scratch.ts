import { openChdb, queryRows } from '@/lib/clickhouse/client'
async function main() {
  const ch = await openChdb(process.argv[2]!)
  const base = `multiIf(o <= 0, 'no_purchase', r BETWEEN 4 AND 5 AND f BETWEEN 4 AND 5, 'champions', r BETWEEN 3 AND 5 AND f BETWEEN 3 AND 5, 'loyal', 'lost')`
  const R = (d: string) => `if(o > 0, multiIf(${d} <= 30, 5, ${d} <= 90, 4, ${d} <= 180, 3, ${d} <= 365, 2, 1), 0)`
  const F = `if(o > 0, multiIf(o >= 10, 5, o >= 5, 4, o >= 3, 3, o >= 2, 2, 1), 0)`
  const qs: Record<string, string> = {
    tz: `SELECT countIf(m), sumIf(n, m) FROM (SELECT orders o, net_cents n, dateDiff('day', last_paid_at, now64(3), 'Asia/Shanghai') d, ${R('d')} r, ${F} f, has(['champions'], ${base}) m FROM customer_attributes)`,
    utc: `SELECT countIf(m), sumIf(n, m) FROM (SELECT orders o, net_cents n, dateDiff('day', last_paid_at, now64(3)) d, ${R('d')} r, ${F} f, has(['champions'], ${base}) m FROM customer_attributes)`,
    arith: `SELECT countIf(m), sumIf(n, m) FROM (SELECT orders o, net_cents n, intDiv(toUnixTimestamp64Milli(now64(3)) - toUnixTimestamp64Milli(last_paid_at), 86400000) d, ${R('d')} r, ${F} f, has(['champions'], ${base}) m FROM customer_attributes)`,
    todate: `SELECT countIf(m), sumIf(n, m) FROM (SELECT orders o, net_cents n, toDate(now64(3), 'Asia/Shanghai') - toDate(last_paid_at, 'Asia/Shanghai') d, ${R('d')} r, ${F} f, has(['champions'], ${base}) m FROM customer_attributes)`,
  }
  for (const [name, q] of Object.entries(qs)) {
    const ms: number[] = []
    for (let i = 0; i < 5; i++) { const t = performance.now(); await queryRows(ch, q); ms.push(performance.now() - t) }
    console.log(name, ms.map((x) => x.toFixed(0)).join(' '))
  }
  await ch.close()
}
void main()
