import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import { db } from '@/lib/db'
import { appSecret } from './secret'
import { verifyPassword } from './users'

/** next-auth configuration: credentials against the users table, sessions as signed JWTs. */
export function authOptions(): NextAuthOptions {
  return {
    secret: appSecret(),
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/signin' },
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'Fourflow',
        credentials: { username: { label: 'Username', type: 'text' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials) {
          if (!credentials?.username || !credentials.password) return null
          const user = await verifyPassword(await db(), credentials.username, credentials.password)
          if (!user) return null
          return { id: user.username, name: user.display_name, role: user.role, location_id: user.location_id, distributor_id: user.distributor_id ?? null }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const u = user as { role?: string; location_id?: string | null; distributor_id?: string | null }
          token.role = u.role
          token.location_id = u.location_id ?? undefined
          token.distributor_id = u.distributor_id ?? undefined
        }
        return token
      },
      session({ session, token }) {
        if (session.user) {
          Object.assign(session.user, { role: token.role, username: token.sub, location_id: token.location_id, distributor_id: token.distributor_id })
        }
        return session
      },
    },
  }
}
