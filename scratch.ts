import { openChdb, queryRows } from '@/lib/clickhouse/client'
import { migrateClickHouse } from '@/lib/clickhouse/migrate'
import { mergedCustomerIdSql } from '@/lib/customers/merged-id'
import fs from 'node:fs'
async function main() {
  const ch = await openChdb(fs.mkdtempSync('/tmp/cust/ch-'))
  await migrateClickHouse(ch)
  console.log(await queryRows(ch, `SELECT ${mergedCustomerIdSql('c')} AS m FROM (SELECT arrayJoin(['a','b','c']) AS c)`))
  await ch.insert({ table: 'customer_merge_map', values: [{ customer_id: 'b', merged_id: 'a', version: 1 }, { customer_id: 'a', merged_id: 'a', version: 1 }, { customer_id: 'c', merged_id: 'a', version: 1 }, { customer_id: 'c', merged_id: 'c', version: 2 }], format: 'JSONEachRow' })
  console.log(await queryRows(ch, `SELECT ${mergedCustomerIdSql('c')} AS m FROM (SELECT arrayJoin(['a','b','c','d']) AS c)`))
  await ch.close()
}
void main()
