import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { channelSchema } from '@/lib/events'
import { ROLES, type Principal } from './permissions'

/**
 * API tokens for scripts and channel integrations: `ff_<payload>.<signature>`, an HMAC over
 * the payload with the installation secret. Stateless, so `npm run token` needs only the
 * secret, not the (embedded, single-owner) database.
 */
const payloadSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  channel: channelSchema.optional(),
  location_id: z.string().optional(),
  distributor_id: z.string().optional(),
  iat: z.number().int(),
  exp: z.number().int().optional(),
  jti: z.string(),
})
export type TokenClaims = z.infer<typeof payloadSchema>

const sign = (secret: string, body: string) => createHmac('sha256', `api-token:${secret}`).update(body).digest('base64url')

export function issueToken(
  secret: string,
  claims: Omit<TokenClaims, 'iat' | 'jti' | 'exp'> & { ttlDays?: number },
  now = Date.now(),
): string {
  const { ttlDays, ...rest } = claims
  const payload: TokenClaims = {
    ...rest,
    iat: Math.floor(now / 1000),
    ...(ttlDays ? { exp: Math.floor(now / 1000) + ttlDays * 86_400 } : {}),
    jti: randomBytes(8).toString('hex'),
  }
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `ff_${body}.${sign(secret, body)}`
}

/** The principal a token stands for, or null if it is forged, malformed or expired. */
export function verifyToken(secret: string, token: string, now = Date.now()): Principal | null {
  const m = /^ff_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token)
  if (!m) return null
  const [, body = '', sig = ''] = m
  const expected = Buffer.from(sign(secret, body))
  const given = Buffer.from(sig)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  let claims: TokenClaims
  try {
    claims = payloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString()))
  } catch {
    return null
  }
  if (claims.exp !== undefined && claims.exp * 1000 < now) return null
  return { kind: 'token', name: claims.sub, role: claims.role, channel: claims.channel, location_id: claims.location_id, distributor_id: claims.distributor_id }
}
