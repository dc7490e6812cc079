/**
 * Prints an API token:  npm run token -- --role analyst
 *                       npm run token -- --channel tmall        (a channel integration token)
 *                       npm run token -- --role store --location ST-SH-01 --days 30
 *                       npm run token -- --role distributor --distributor HD-001
 * Tokens are signed with the installation secret (AUTH_SECRET, else DATA_DIR/secret), so
 * this works while the server runs and needs no database.
 */
import { parseArgs } from 'node:util'
import { ROLES, type Role } from '@/lib/auth/permissions'
import { appSecret } from '@/lib/auth/secret'
import { issueToken } from '@/lib/auth/tokens'
import { channelSchema } from '@/lib/events'

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    channel: { type: 'string' },
    location: { type: 'string' },
    distributor: { type: 'string' },
    name: { type: 'string' },
    days: { type: 'string' },
  },
})

function fail(message: string): never {
  console.error(`token: ${message}`)
  process.exit(2)
}

const channel = values.channel ? channelSchema.safeParse(values.channel) : undefined
if (channel && !channel.success) fail(`--channel must be one of ${channelSchema.options.join(', ')}`)
const role = (values.role ?? (channel ? 'channel' : undefined)) as Role | undefined
if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')} (or give --channel)`)
if (role === 'channel' && !channel) fail('a channel token needs --channel')
if (role === 'distributor' && !values.distributor) fail('a distributor token needs --distributor <distributor id>')
const days = values.days ? Number(values.days) : undefined
if (days !== undefined && !(days > 0)) fail('--days must be a positive number')

console.log(
  issueToken(appSecret(), {
    sub: values.name ?? (channel?.data ? `${channel.data}-integration` : `${role}-script`),
    role,
    channel: channel?.data,
    location_id: values.location,
    distributor_id: values.distributor,
    ttlDays: days,
  }),
)
