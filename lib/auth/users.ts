import bcrypt from 'bcryptjs'
import type { Db } from '@/lib/db'
import type { Role } from './permissions'

export type User = { username: string; role: Role; display_name: string; location_id: string | null; distributor_id?: string | null }

export async function verifyPassword(db: Db, username: string, password: string): Promise<User | null> {
  const [row] = await db.query<User & { password_hash: string }>(
    'SELECT username, role, display_name, location_id, distributor_id, password_hash FROM users WHERE username = $1',
    [username],
  )
  // Compare against a dummy hash for unknown users too, so timing does not reveal who exists.
  const ok = await bcrypt.compare(password, row?.password_hash ?? '$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva')
  if (!row || !ok) return null
  const { password_hash: _, ...user } = row
  return user
}

export async function upsertUser(db: Db, user: User & { password: string }): Promise<void> {
  const hash = await bcrypt.hash(user.password, 10)
  await db.query(
    `INSERT INTO users (username, password_hash, role, display_name, location_id, distributor_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (username) DO UPDATE SET password_hash = $2, role = $3, display_name = $4, location_id = $5, distributor_id = $6`,
    [user.username, hash, user.role, user.display_name, user.location_id, user.distributor_id ?? null],
  )
}

/** Demo accounts, one per role; the sign-in page and README list them. */
export const DEMO_PASSWORD = 'fourflow'
export const DEMO_USERS: User[] = [
  { username: 'admin', role: 'admin', display_name: '系统管理员 Admin', location_id: null },
  { username: 'exec', role: 'executive', display_name: '王总 Executive', location_id: null },
  { username: 'analyst', role: 'analyst', display_name: '李分析 Analyst', location_id: null },
  { username: 'marketing', role: 'marketing', display_name: '陈营销 Marketing', location_id: null },
  { username: 'ops', role: 'ops', display_name: '赵运营 Operations', location_id: null },
  { username: 'store', role: 'store', display_name: '南京路店长 Store manager', location_id: 'ST-SH-01' },
  { username: 'distributor', role: 'distributor', display_name: '华东分销 Distributor', location_id: null, distributor_id: 'HD-001' },
  { username: 'finance', role: 'finance', display_name: '钱财务 Finance', location_id: null },
]

export async function seedDemoUsers(db: Db): Promise<void> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM users')
  if ((row?.n ?? 0) > 0) return
  for (const u of DEMO_USERS) await upsertUser(db, { ...u, password: DEMO_PASSWORD })
}
