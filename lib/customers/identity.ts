import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto'

/** Identifiers that join a customer across channels (deterministic merge keys). */
export type IdentityKind = 'phone' | 'email' | 'member_no' | 'unionid' | 'buyer_id'

export function normaliseIdentity(kind: IdentityKind, value: string): string {
  const v = value.trim()
  if (kind === 'email') return v.toLowerCase()
  if (kind === 'phone') return v.replace(/[^\d]/g, '').replace(/^86(?=1\d{10}$)/, '')
  return v
}

/** Keyed hash of an identity: stable, joinable, and useless to whoever lacks the secret. */
export function identityKey(secret: string, kind: IdentityKind, value: string): string {
  return createHmac('sha256', secret).update(`${kind}:${normaliseIdentity(kind, value)}`).digest('hex')
}

/** A new customer's id follows from its first identity, so replays resolve to the same id. */
export function customerIdFor(key: string): string {
  return `C-${key.slice(0, 16)}`
}

/** Masks personal data for roles that do not need it: 138****5678, z***@example.com. */
export function maskIdentity(kind: IdentityKind, value: string): string {
  const v = normaliseIdentity(kind, value)
  if (kind === 'phone') return v.length >= 7 ? `${v.slice(0, 3)}****${v.slice(-4)}` : '****'
  if (kind === 'email') {
    const [user = '', domain = ''] = v.split('@')
    return `${user.slice(0, 1)}***@${domain}`
  }
  return v.length > 4 ? `${'*'.repeat(v.length - 4)}${v.slice(-4)}` : '****'
}

function sealKey(secret: string): Buffer {
  return createHash('sha256').update(`seal:${secret}`).digest()
}

/** AES-256-GCM; output is iv.tag.ciphertext in base64url. */
export function seal(secret: string, plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', sealKey(secret), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.')
}

export function unseal(secret: string, sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'))
  if (!iv || !tag || !body) throw new Error('malformed sealed value')
  const decipher = createDecipheriv('aes-256-gcm', sealKey(secret), iv)
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
}
