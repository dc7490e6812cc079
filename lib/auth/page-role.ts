import { getServerSession } from 'next-auth'
import { ROLES, type Role } from './permissions'
import { authOptions } from './options'

/** The signed-in user's role for a page (server components); null when it is unknown. */
export async function pageRole(): Promise<Role | null> {
  const session = await getServerSession(authOptions())
  const role = session?.user?.role
  return typeof role === 'string' && (ROLES as readonly string[]).includes(role) ? (role as Role) : null
}

/** Roles whose work is not the analytics overview start on their own page instead. */
export function homePageFor(role: Role | null): string | null {
  if (role === 'distributor') return '/portal'
  if (role === 'finance') return '/finance'
  return null
}
