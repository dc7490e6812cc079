import { getToken } from 'next-auth/jwt'
import type { NextRequest } from 'next/server'
import { ROLES, type Principal, type Role } from './permissions'
import { appSecret } from './secret'
import { verifyToken } from './tokens'

/** The caller of a request: an API token in `Authorization: Bearer`, else the session cookie. */
export async function principalOf(req: Request): Promise<Principal | null> {
  const auth = req.headers.get('authorization')
  if (auth?.startsWith('Bearer ')) return verifyToken(appSecret(), auth.slice(7).trim())
  return sessionPrincipal(req)
}

/** The signed-in user, read from the next-auth session JWT in the request's cookies. */
export async function sessionPrincipal(req: Request): Promise<Principal | null> {
  const session = await getToken({ req: req as unknown as NextRequest, secret: appSecret() })
  const role = session?.role
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role) || !session?.sub) return null
  const location = typeof session.location_id === 'string' ? session.location_id : undefined
  const distributor = typeof session.distributor_id === 'string' ? session.distributor_id : undefined
  return { kind: 'user', name: session.sub, role: role as Role, location_id: location, distributor_id: distributor }
}
