import type { Channel } from '@/lib/events/channels'
import { CATEGORY_SLUGS, type CategorySlug } from './catalogue'
import { customerIdForPhone } from './identity'
import { CITIES, cityInfo, type RegionSlug } from './locations'
import { createRng, type Rng } from './random'

export type MemberTier = 'none' | 'regular' | 'silver' | 'gold' | 'platinum' | 'distributor'

export type Customer = {
  /** 'C-' + the first 16 hex digits of the phone's identity key (as the customer core does). */
  customer_id: string
  kind: 'consumer' | 'distributor'
  name: string
  phone: string
  email?: string
  member_no?: string
  member_tier: MemberTier
  /** Home city slug (as in lib/demo/locations) and its region. */
  city: string
  region: RegionSlug
  /** Delivery address point, a few kilometres around the city centre. */
  lat: number
  lng: number
  /** Share of this customer's orders per channel; sums to 1. Many use 2–3 channels. */
  channels: Partial<Record<Channel, number>>
  /** Relative purchase frequency, log-normal around 1 (a few very frequent buyers). */
  propensity: number
  favourite_category: CategorySlug
}

const SURNAMES = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'],
  ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'],
  ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['林', 'lin'], ['高', 'gao'], ['罗', 'luo'], ['郑', 'zheng'],
  ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['韩', 'han'], ['冯', 'feng'], ['邓', 'deng'],
  ['曹', 'cao'], ['沈', 'shen'],
] as const
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => 1 / Math.pow(i + 1, 0.5))

const GIVEN = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'],
  ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'],
  ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['霞', 'xia'], ['平', 'ping'], ['文', 'wen'], ['华', 'hua'],
  ['晨', 'chen'], ['欣', 'xin'], ['宇', 'yu'], ['浩', 'hao'], ['婷', 'ting'], ['雪', 'xue'], ['琳', 'lin'],
  ['佳', 'jia'], ['怡', 'yi'], ['子', 'zi'], ['涵', 'han'], ['思', 'si'], ['轩', 'xuan'], ['雨', 'yu'],
  ['博', 'bo'], ['然', 'ran'], ['诺', 'nuo'], ['泽', 'ze'], ['瑞', 'rui'], ['嘉', 'jia'], ['悦', 'yue'],
] as const

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157',
  '158', '159', '166', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191',
  '198', '199',
]
const EMAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'foxmail.com', 'outlook.com', 'gmail.com', 'sina.com']
const EMAIL_DOMAIN_WEIGHTS = [34, 25, 10, 8, 9, 6, 8]

/** Consumers' overall channel preference (distributor accounts are generated separately). */
const CONSUMER_CHANNELS: readonly Channel[] = ['tmall', 'jd', 'douyin', 'miniprogram', 'web', 'store']
const CONSUMER_CHANNEL_WEIGHTS = [0.26, 0.18, 0.16, 0.13, 0.08, 0.19]

const TIERS: readonly MemberTier[] = ['regular', 'silver', 'gold', 'platinum']
const TIER_WEIGHTS = [60, 25, 12, 3]

const CITY_WEIGHTS = CITIES.map((c) => c.weight)

function uniqueValue(taken: Set<string>, make: () => string): string {
  for (;;) {
    const v = make()
    if (!taken.has(v)) {
      taken.add(v)
      return v
    }
  }
}

function digits(rng: Rng, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9))
  return s
}

/** A home point near the city centre: most within ~10 km, a few further out. */
function homePoint(rng: Rng, city: string): { lat: number; lng: number } {
  const c = cityInfo(city)
  const sd = 0.05 // ≈ 5.5 km north–south
  const lat = c.lat + rng.normal(0, sd)
  const lng = c.lng + rng.normal(0, sd / Math.cos((c.lat * Math.PI) / 180))
  return { lat: Math.round(lat * 1e5) / 1e5, lng: Math.round(lng * 1e5) / 1e5 }
}

function channelMix(rng: Rng): Partial<Record<Channel, number>> {
  const count = rng.weighted([1, 2, 3, 4], [30, 36, 24, 10])
  const chosen: Channel[] = []
  const pool = [...CONSUMER_CHANNELS]
  const weights = [...CONSUMER_CHANNEL_WEIGHTS]
  while (chosen.length < count) {
    const ch = rng.weighted(pool, weights)
    const i = pool.indexOf(ch)
    pool.splice(i, 1)
    weights.splice(i, 1)
    chosen.push(ch)
  }
  // The first channel picked is the customer's main one.
  const raw = chosen.map((_, i) => (i === 0 ? 1.5 : 0.3) + rng.next())
  const sum = raw.reduce((a, b) => a + b, 0)
  const mix: Partial<Record<Channel, number>> = {}
  chosen.forEach((ch, i) => {
    mix[ch] = (raw[i] as number) / sum
  })
  return mix
}

/**
 * A deterministic population of consumers: same seed and count → the same people, in the
 * same order. Phones and member numbers are unique; about 40% give an e-mail, about 55%
 * are members.
 */
export function generateCustomers(opts: { seed: number; count?: number }): Customer[] {
  const rng = createRng(opts.seed).fork('customers')
  const count = opts.count ?? 3000
  const phones = new Set<string>()
  const members = new Set<string>()
  const out: Customer[] = []
  for (let i = 0; i < count; i++) {
    const [surname, surnamePy] = rng.weighted(SURNAMES, SURNAME_WEIGHTS)
    const given = rng.chance(0.7) ? [rng.pick(GIVEN), rng.pick(GIVEN)] : [rng.pick(GIVEN)]
    const name = surname + given.map((g) => g[0]).join('')
    const givenPy = given.map((g) => g[1]).join('')
    const phone = uniqueValue(phones, () => rng.pick(MOBILE_PREFIXES) + digits(rng, 8))
    let email: string | undefined
    if (rng.chance(0.4)) {
      const domain = rng.weighted(EMAIL_DOMAINS, EMAIL_DOMAIN_WEIGHTS)
      email =
        domain === 'qq.com' && rng.chance(0.7)
          ? `${rng.int(10_000_000, 2_999_999_999)}@qq.com`
          : `${givenPy}.${surnamePy}${rng.chance(0.6) ? rng.int(1, 9999) : ''}@${domain}`
    }
    const isMember = rng.chance(0.55)
    const member_no = isMember ? uniqueValue(members, () => `M${digits(rng, 9)}`) : undefined
    const city = rng.weighted(CITIES, CITY_WEIGHTS)
    const home = homePoint(rng, city.city)
    const channels = channelMix(rng)
    out.push({
      customer_id: customerIdForPhone(phone),
      kind: 'consumer',
      name,
      phone,
      ...(email ? { email } : {}),
      ...(member_no ? { member_no } : {}),
      member_tier: isMember ? rng.weighted(TIERS, TIER_WEIGHTS) : 'none',
      city: city.city,
      region: city.region,
      lat: home.lat,
      lng: home.lng,
      channels,
      propensity: Math.exp(rng.normal(-0.5, 1)),
      favourite_category: rng.pick(CATEGORY_SLUGS),
    })
  }
  return out
}

const TRADE_WORDS = ['鑫源', '恒通', '嘉禾', '瑞丰', '同创', '汇德', '佳和', '联华', '金桥', '宏达', '和盛', '万家']

/**
 * Distributor accounts (B2B buyers ordering on the distributor channel): trading companies
 * in the demo cities. Phones are drawn from the same generator space as consumers but from a
 * separate stream; the generator guarantees they never clash with the consumers of the same seed.
 */
export function generateDistributors(opts: { seed: number; count?: number; avoidPhones?: ReadonlySet<string> }): Customer[] {
  const rng = createRng(opts.seed).fork('distributors')
  const count = opts.count ?? 12
  const phones = new Set<string>(opts.avoidPhones ?? [])
  const out: Customer[] = []
  for (let i = 0; i < count; i++) {
    const city = rng.weighted(CITIES, CITY_WEIGHTS)
    const word = TRADE_WORDS[i % TRADE_WORDS.length] as string
    const phone = uniqueValue(phones, () => rng.pick(MOBILE_PREFIXES) + digits(rng, 8))
    const home = homePoint(rng, city.city)
    out.push({
      customer_id: customerIdForPhone(phone),
      kind: 'distributor',
      name: `${city.city_zh}${word}商贸有限公司`,
      phone,
      member_no: `D${String(i + 1).padStart(4, '0')}`,
      member_tier: 'distributor',
      city: city.city,
      region: city.region,
      lat: home.lat,
      lng: home.lng,
      channels: { distributor: 1 },
      propensity: Math.exp(rng.normal(0, 0.5)),
      favourite_category: rng.pick(['snacks', 'drinks', 'personal-care', 'baby'] as const),
    })
  }
  return out
}
