import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { config } from '@/lib/config'

/**
 * The installation secret: signs sessions and API tokens, keys identity hashes and seals
 * personal data. AUTH_SECRET wins; otherwise one is generated once into DATA_DIR/secret so
 * `npm run token` and the server agree without any set-up.
 */
const cache = new Map<string, string>()

export function appSecret(): string {
  const cfg = config()
  if (cfg.AUTH_SECRET) return cfg.AUTH_SECRET
  const file = path.join(cfg.DATA_DIR, 'secret')
  const known = cache.get(file)
  if (known) return known
  const secret = readOrCreate(cfg.DATA_DIR, file)
  cache.set(file, secret)
  return secret
}

function readOrCreate(dataDir: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch {
    fs.mkdirSync(dataDir, { recursive: true })
    const secret = randomBytes(32).toString('base64url')
    try {
      fs.writeFileSync(file, secret, { flag: 'wx', mode: 0o600 })
      return secret
    } catch {
      return fs.readFileSync(file, 'utf8').trim() // another process won the race
    }
  }
}
