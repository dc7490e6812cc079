/** The demo accounts seeded for evaluation; every one uses the password below. */
export const DEMO_PASSWORD = 'fourflow'

export const DEMO_ACCOUNTS = [
  { username: 'admin', role: 'admin' },
  { username: 'exec', role: 'executive' },
  { username: 'analyst', role: 'analyst' },
  { username: 'marketing', role: 'marketing' },
  { username: 'ops', role: 'ops' },
  { username: 'store', role: 'store' },
  { username: 'distributor', role: 'distributor' },
  { username: 'finance', role: 'finance' },
] as const

export type DemoAccount = (typeof DEMO_ACCOUNTS)[number]
