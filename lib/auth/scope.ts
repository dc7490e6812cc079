import type { Principal } from './permissions'

/**
 * Row-level scope: channel tokens see their channel's orders, store users their store's,
 * distributors their own account's (the portal places them as `<distributor_id>:<request>`).
 * Out of scope reads as "not found", so ids of other parties' orders are not confirmed.
 */
export function canSeeOrder(p: Principal, order: { channel: string; location_id: string; external_id?: string }): boolean {
  if (p.channel && order.channel !== p.channel) return false
  if (p.role === 'store') return Boolean(p.location_id) && order.location_id === p.location_id
  if (p.role === 'distributor') return order.channel === 'distributor' && Boolean(p.distributor_id) && (order.external_id ?? '').startsWith(`${p.distributor_id}:`)
  return true
}

/** Why the caller may not place this order, or null: channel tokens act for their channel, store users sell at their store. */
export function placementRefusal(p: Principal, order: { channel: string; location_id?: string }): { field: string; message: string } | null {
  if (p.channel && order.channel !== p.channel) return { field: 'channel', message: `this token may only place orders for channel ${p.channel}` }
  if (p.role === 'distributor') return { field: 'channel', message: 'distributors order through the portal (POST /api/v1/portal/orders), which checks the credit limit' }
  if (p.role === 'store' && order.location_id !== p.location_id) {
    return { field: 'location_id', message: `store users place orders at their own store (${p.location_id ?? 'none assigned'})` }
  }
  return null
}

/** What part of the order list a caller may see. */
export type OrderListScope = { channel?: string; location_id?: string; external_id_prefix?: string }

/** The rows of the order list a caller may see: a channel token its channel, a store user their store, a distributor its own account's orders. */
export function orderListScope(p: Principal): OrderListScope {
  if (p.role === 'store') return { location_id: p.location_id ?? '(none)', ...(p.channel ? { channel: p.channel } : {}) }
  // No account → a prefix no external id has (ids never contain a newline).
  if (p.role === 'distributor') return { channel: 'distributor', external_id_prefix: `${p.distributor_id ?? '\n'}:` }
  return p.channel ? { channel: p.channel } : {}
}
