import { moneyToCents } from '@/lib/i18n/format'
import { sortChannels } from '@/components/charts/palette'
import type { ChannelRow } from '@/components/dashboard/api'

/** Table order: highest net revenue first; ties in the configured channel order. */
export function orderChannelRows(rows: readonly ChannelRow[]): ChannelRow[] {
  const order = sortChannels(rows.map((r) => r.channel))
  const rank = (c: string) => order.indexOf(c)
  return [...rows].sort(
    (a, b) =>
      (moneyToCents(b.net_revenue) ?? 0) - (moneyToCents(a.net_revenue) ?? 0) || rank(a.channel) - rank(b.channel),
  )
}
