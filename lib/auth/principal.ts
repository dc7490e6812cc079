import { getServerSession } from 'next-auth'
import { authOptions } from './options'
import { ROLES, type Principal, type Role } from './permissions'
import { appSecret } from './secret'
import { verifyToken } from './tokens'

/** The caller of a request: an API token in `Authorization: Bearer`, else the session cookie. */
export async function principalOf(req: Request): Promise<Principal | null> {
  const auth = req.headers.get('authorization')
  if (auth?.startsWith('Bearer ')) return verifyToken(appSecret(), auth.slice(7).trim())
  return sessionPrincipal()
}

/** The signed-in user of the current page or route, if any. */
export async function sessionPrincipal(): Promise<Principal | null> {
  const session = await getServerSession(authOptions())
  const user = session?.user as { name?: string; role?: string; username?: string; location_id?: string } | undefined
  if (!user?.role || !(ROLES as readonly string[]).includes(user.role)) return null
  return { kind: 'user', name: user.username ?? user.name ?? 'user', role: user.role as Role, location_id: user.location_id }
}
