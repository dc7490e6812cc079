import type { Principal } from '@/lib/auth/permissions'

/** Who did it, as recorded beside decisions, payments and payouts. */
export const actorOf = (p: Principal | null) => (p ? `${p.kind}:${p.name}` : 'system')
