import type { DefaultSession } from 'next-auth'

/**
 * Fourflow's additions to the next-auth session (set in lib/auth/options.ts callbacks):
 * the role (admin, executive, analyst, marketing, ops, store, distributor), the username
 * and, for store users, their location. Optional in the types: code must cope with absence.
 */
declare module 'next-auth' {
  interface Session {
    user?: DefaultSession['user'] & {
      id?: string
      username?: string
      role?: string
      location_id?: string | null
      distributor_id?: string | null
    }
  }

  interface User {
    role?: string
    location_id?: string | null
    distributor_id?: string | null
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    role?: string
    location_id?: string
    distributor_id?: string
  }
}
