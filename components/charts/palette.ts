import { CHANNEL_IDS, type Channel } from '@/lib/events/channels'

/**
 * A fixed colour per channel so a channel keeps its colour when others come and go
 * (a stacked chart that re-colours on refresh is unreadable). Hues are distinguishable
 * and muted enough for a business dashboard.
 */
export const CHANNEL_COLORS: Record<Channel, string> = {
  web: '#3b6fd8',
  tmall: '#d9485f',
  jd: '#e0822b',
  miniprogram: '#2f9e6e',
  douyin: '#7a5af5',
  store: '#1f9bb5',
  distributor: '#8c6d46',
}

const FALLBACK_COLORS = ['#6b7280', '#b5838d', '#5c7457', '#9d8189', '#4a6fa5'] as const

function isKnownChannel(channel: string): channel is Channel {
  return (CHANNEL_IDS as readonly string[]).includes(channel)
}

export function channelColor(channel: string): string {
  if (isKnownChannel(channel)) return CHANNEL_COLORS[channel]
  let hash = 0
  for (const ch of channel) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return FALLBACK_COLORS[hash % FALLBACK_COLORS.length] ?? '#6b7280'
}

/** Known channels in their configured order, then unknown ones alphabetically. */
export function sortChannels(channels: Iterable<string>): string[] {
  const unique = [...new Set(channels)]
  const rank = (c: string) => {
    const i = (CHANNEL_IDS as readonly string[]).indexOf(c)
    return i === -1 ? CHANNEL_IDS.length : i
  }
  return unique.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}
