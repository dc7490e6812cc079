import { z } from 'zod'

/** Sales channels. `own` channels reserve stock before confirming an order; marketplaces
 * sell from the stock last synced to them, so an order we cannot serve is an oversell. */
export const CHANNELS = {
  web: { zh: '官网', en: 'Web shop', own: true },
  tmall: { zh: '天猫', en: 'Tmall', own: false },
  jd: { zh: '京东', en: 'JD', own: false },
  miniprogram: { zh: '小程序', en: 'Mini-program', own: true },
  douyin: { zh: '抖音', en: 'Douyin', own: false },
  store: { zh: '门店', en: 'Stores (POS)', own: true },
  distributor: { zh: '分销商', en: 'Distributors', own: true },
} as const

export type Channel = keyof typeof CHANNELS
export const CHANNEL_IDS = Object.keys(CHANNELS) as [Channel, ...Channel[]]
export const channelSchema = z.enum(CHANNEL_IDS)

export function isOwnChannel(channel: Channel): boolean {
  return CHANNELS[channel].own
}
