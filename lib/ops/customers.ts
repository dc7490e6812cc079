import { z } from 'zod'
import type { Sql } from '@/lib/db'
import { createEvent, type AnyEvent, type Channel } from '@/lib/events'
import { customerIdFor, identityKey, maskIdentity, seal, type IdentityKind } from '@/lib/customers/identity'
import { mergedIdOf, mergeInTx } from '@/lib/customers/merge'

export const customerInputSchema = z.object({
  phone: z.string().trim().regex(/^\+?[\d -]{6,20}$/, 'must be a phone number').optional(),
  email: z.string().trim().email().max(254).optional(),
  member_no: z.string().trim().min(1).max(64).optional(),
  unionid: z.string().trim().min(1).max(128).optional(),
  buyer_id: z.string().trim().min(1).max(128).optional(),
  name: z.string().trim().max(64).optional(),
  city: z.string().trim().max(64).optional(),
})
export type CustomerInput = z.infer<typeof customerInputSchema>

const KINDS: IdentityKind[] = ['phone', 'email', 'member_no', 'unionid', 'buyer_id']

/**
 * Finds the customer behind any of the given verified identities, or creates one, and
 * records identities not seen before. Marketplace buyer ids are scoped to their channel.
 * Identities of different customer records arriving together merge those records
 * (lib/customers/merge.ts); the answer is the merged customer's id.
 */
export async function resolveCustomer(
  tx: Sql,
  secret: string,
  input: CustomerInput | undefined,
  channel: Channel,
  at: Date,
): Promise<{ customerId: string; events: AnyEvent[] }> {
  const identities = KINDS.flatMap((kind) => {
    const raw = input?.[kind]
    if (!raw) return []
    const value = kind === 'buyer_id' ? `${channel}:${raw}` : raw
    return [{ kind, value, key: identityKey(secret, kind, value) }]
  })
  if (identities.length === 0) return { customerId: '', events: [] }
  const keys = identities.map((i) => i.key)
  // Each identity's record and the customer it is merged into, in one round trip (the order hot path).
  const known = await tx.query<{ identity_key: string; customer_id: string; merged_into: string | null }>(
    `SELECT i.identity_key, i.customer_id, c.merged_into FROM customer_identities i LEFT JOIN customers c USING (customer_id)
      WHERE i.identity_key = ANY($1::text[])`,
    [keys],
  )
  // The records behind the identities, in the order the identities came: the first names the
  // customer, every other one met it through a verified identifier and is merged with it.
  const owners = identities.flatMap((i) => known.filter((k) => k.identity_key === i.key).map((k) => ({ ...i, owner: k.customer_id, mergedInto: k.merged_into })))
  const first = owners[0]?.owner
  const merges: AnyEvent[] = []
  for (const o of owners) {
    if (o.owner === first) continue
    const merged = await mergeInTx(tx, { a: first!, b: o.owner, reason: 'shared_identity', identity_kind: o.kind, identity_key: o.key, channel, actor: 'identity-resolution', at })
    if (merged) merges.push(merged)
  }
  // Records met across identities went through the merge (which may move the survivor): read it
  // again then; a customer known by its identities alone has it from the lookup above.
  const single = owners.every((o) => o.owner === first)
  const customerId = !first ? customerIdFor(keys[0]!) : single ? (owners[0]!.mergedInto ?? first) : await mergedIdOf(tx, first)
  const fresh = identities.filter((i) => !known.some((k) => k.identity_key === i.key))
  if (fresh.length === 0) return { customerId, events: merges }

  const [region] = await tx.query<{ region: string }>('SELECT region FROM locations WHERE city = $1 LIMIT 1', [input?.city ?? ''])
  await tx.query(
    `INSERT INTO customers (customer_id, name, city, region, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (customer_id) DO NOTHING`,
    [customerId, input?.name ?? null, input?.city ?? '', region?.region ?? '', at],
  )
  for (const i of fresh) {
    await tx.query(
      `INSERT INTO customer_identities (identity_key, kind, customer_id, value_masked, value_sealed)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (identity_key) DO NOTHING`,
      [i.key, i.kind, customerId, maskIdentity(i.kind, i.value), seal(secret, i.value)],
    )
  }
  const [customer] = await tx.query<{ city: string; region: string; member_tier: string }>(
    'SELECT city, region, member_tier FROM customers WHERE customer_id = $1',
    [customerId],
  )
  const allKeys = await tx.query<{ identity_key: string }>(
    'SELECT identity_key FROM customer_identities WHERE customer_id = $1 ORDER BY identity_key',
    [customerId],
  )
  const event = createEvent(
    'customer.upserted',
    channel,
    {
      customer_id: customerId,
      city: customer?.city ?? '',
      region: customer?.region ?? '',
      member_tier: customer?.member_tier ?? 'none',
      identity_keys: allKeys.map((k) => k.identity_key),
    },
    { occurredAt: at },
  )
  return { customerId, events: [...merges, event] }
}
