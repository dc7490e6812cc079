/**
 * Roles and what each may do. Every API route names one permission; pages check the same.
 * `channel` is the role of an integration token, scoped to one sales channel.
 */
export const ROLES = ['admin', 'executive', 'analyst', 'marketing', 'ops', 'store', 'distributor', 'channel', 'finance'] as const
export type Role = (typeof ROLES)[number]

export const PERMISSIONS = {
  'analytics:read': ['admin', 'executive', 'analyst', 'marketing'],
  'orders:read': ['admin', 'ops', 'store', 'channel', 'distributor'],
  'orders:write': ['admin', 'ops', 'store', 'channel', 'distributor'],
  'stock:read': ['admin', 'ops', 'store', 'executive', 'analyst', 'channel'],
  'stock:write': ['admin', 'ops', 'store'],
  'system:read': ['admin', 'ops'],
  /** Historical order import (CLI, API and the /import page): analysts set baselines with it. */
  'imports:write': ['admin', 'analyst'],
  /** ROI programmes (lib/roi): executives read, analysts and admins also edit. */
  'roi:read': ['admin', 'executive', 'analyst'],
  'roi:write': ['admin', 'analyst'],
  /** Pick, transfer and replenishment notices: a store user reads their store's. */
  'notifications:read': ['admin', 'ops', 'store'],
  /** Operational rules (radius, expiry, buffers, replenishment thresholds): ops read, admins change them. */
  'settings:read': ['admin', 'ops'],
  'settings:write': ['admin'],
  /** Customer 360 (lib/customers): profiles and lists; personal data (phone, e-mail) unmasked only with customers:pii. */
  'customers:read': ['admin', 'executive', 'analyst', 'marketing'],
  'customers:pii': ['admin'],
  /** Merging customers by hand and undoing merges. */
  'customers:write': ['admin', 'marketing'],
  'segments:read': ['admin', 'executive', 'analyst', 'marketing'],
  'segments:write': ['admin', 'marketing'],
  'campaigns:read': ['admin', 'executive', 'analyst', 'marketing'],
  'campaigns:write': ['admin', 'marketing'],
  /** The OpenAPI document (GET /api/docs): every role may read what the API offers. */
  'api:docs': ROLES,
  /** Prices, promotions, distributors (lib/pricing, lib/distributors). */
  'pricing:read': ['admin', 'marketing', 'ops', 'finance'],
  'pricing:write': ['admin', 'marketing'],
  /** The distributor portal: a distributor user acts only for its own account. */
  'distributor:portal': ['distributor'],
  /** Distributor accounts, credit positions, statements and rebate settlements. */
  'distributors:read': ['admin', 'finance', 'ops'],
  /** Approve or reject orders held over the credit limit. */
  'credit:approve': ['admin', 'finance'],
  /** Distributor accounts and credit limits, payments received, rebate payouts. */
  'finance:write': ['admin', 'finance'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof PERMISSIONS

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role)
}

/** Who is calling: a signed-in user or an API token. */
export type Principal = {
  kind: 'user' | 'token'
  name: string
  role: Role
  /** Channel tokens act only for this channel. */
  channel?: string
  /** Store users see only their store. */
  location_id?: string
  /** Distributor users act only for this distributor account. */
  distributor_id?: string
}
