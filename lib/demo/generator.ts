import { CHANNEL_IDS, type Channel } from '@/lib/events/channels'
import { fromCents } from '@/lib/money'
import { CATALOGUE, CATEGORY_SLUGS, SCARCE_SKUS, SKU_POPULARITY, type CatalogueItem, type CategorySlug } from './catalogue'
import type { Customer } from './customers'
import { warehouseForRegion, type Location } from './locations'
import { WeightedTable, type Rng } from './random'
import { calendarFactor, intensity } from './rhythm'
import { localStamp, localTime } from './time'
import { storesNear, type DemoWorld } from './world'

/** The body of `POST /api/v1/orders`, as a channel would send it. */
export type OrderRequest = {
  channel: Channel
  /** Unique per channel: prefix + local date + local time + sequence, e.g. 'TM20261127-203015-000123'. */
  external_id: string
  customer?: { phone?: string; email?: string; member_no?: string; name?: string; city?: string }
  /** The POS store, for channel 'store' only; the ops core routes other channels. */
  location_id?: string
  /** Online orders: the customer's city slug and delivery point. */
  delivery?: { city: string; lat: number; lng: number }
  /** Distinct SKUs. unit_price ("12.50") only where a marketplace sold below list price. */
  lines: { sku: string; quantity: number; unit_price?: string }[]
  /** Paid at creation: POS always, marketplace orders mostly. */
  pay?: boolean
}

/** Share of orders per channel (before the channels' own daily and weekly rhythm). */
export const CHANNEL_MIX: Readonly<Record<Channel, number>> = {
  tmall: 0.25,
  jd: 0.17,
  douyin: 0.15,
  store: 0.2,
  miniprogram: 0.12,
  web: 0.07,
  distributor: 0.04,
}

export const EXTERNAL_ID_PREFIX: Readonly<Record<Channel, string>> = {
  web: 'WEB',
  tmall: 'TM',
  jd: 'JD',
  miniprogram: 'MP',
  douyin: 'DY',
  store: 'POS',
  distributor: 'DS',
}

export const MARKETPLACE_CHANNELS: readonly Channel[] = ['tmall', 'jd', 'douyin']

export function isMarketplace(channel: Channel): boolean {
  return MARKETPLACE_CHANNELS.includes(channel)
}

// skincare, makeup, personal-care, snacks, drinks, home, baby, apparel
const AFFINITY: Record<Channel, readonly number[]> = {
  tmall: [1.4, 1, 1, 1, 0.8, 1, 1.1, 1.2],
  jd: [0.9, 0.6, 1.2, 1, 1.2, 1.3, 1.4, 0.7],
  douyin: [1, 2.2, 0.8, 1.8, 0.9, 0.6, 0.5, 0.9],
  web: [1.3, 1, 0.9, 0.6, 0.6, 0.9, 0.8, 1],
  miniprogram: [1.1, 1, 1, 1.3, 1.2, 0.8, 1, 0.8],
  store: [0.9, 0.9, 0.8, 0.7, 0.9, 1.6, 0.7, 2],
  distributor: [0.6, 0.4, 1.3, 1.8, 2, 0.8, 1, 0.3],
}
const FAVOURITE_BOOST = 2.5

/** Probability that a marketplace sells a line below list price (its own promotion). */
const PROMO_CHANCE: Partial<Record<Channel, number>> = { tmall: 0.35, jd: 0.3, douyin: 0.55 }
const PROMO_DEPTHS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3]
const PROMO_DEPTH_WEIGHTS = [2, 4, 3, 3, 1.5, 1]

/** Distributors buy at a tier price; the demo history books them at 75% of list. */
export const DISTRIBUTOR_PRICE_SHARE = 0.75

const SKUS_BY_CATEGORY: Record<CategorySlug, WeightedTable<CatalogueItem>> = Object.fromEntries(
  CATEGORY_SLUGS.map((cat) => {
    const items = CATALOGUE.filter((i) => i.category === cat)
    return [cat, new WeightedTable(items, items.map((i) => SKU_POPULARITY.get(i.sku) ?? 1))]
  }),
) as Record<CategorySlug, WeightedTable<CatalogueItem>>

export type PlannedLine = {
  sku: string
  category: CategorySlug
  quantity: number
  list_price_cents: number
  unit_price_cents: number
  unit_cost_cents: number
}

/** An order request plus what the demo knows about it (for history events and stock estimates). */
export type PlannedOrder = {
  channel: Channel
  request: OrderRequest
  /** Undefined for anonymous walk-in POS sales. */
  customer?: Customer
  /** The POS store, or for online orders the warehouse of the customer's region. */
  location: Location
  lines: PlannedLine[]
}

export type GenerateContext = {
  world: DemoWorld
  timeZone: string
  /** Per-channel sequence number; becomes the tail of external_id. */
  seq: number
  /** Omitted: drawn by channel mix × each channel's rhythm at `at`. */
  channel?: Channel
}

/** A channel for an order placed at `at`: the mix weighted by each channel's current rhythm. */
export function pickChannel(rng: Rng, at: Date, timeZone: string): Channel {
  const weights = CHANNEL_IDS.map((ch) => CHANNEL_MIX[ch] * intensity(at, timeZone, ch))
  return weights.some((w) => w > 0) ? rng.weighted(CHANNEL_IDS, weights) : rng.weighted(CHANNEL_IDS, CHANNEL_IDS.map((ch) => CHANNEL_MIX[ch]))
}

function basketSize(rng: Rng, channel: Channel): number {
  return channel === 'distributor' ? rng.weighted([1, 2, 3, 4], [10, 30, 35, 25]) : rng.weighted([1, 2, 3, 4], [55, 27, 12, 6])
}

function quantity(rng: Rng, channel: Channel, item: CatalogueItem): number {
  if (channel === 'distributor') return rng.weighted([6, 12, 24, 36, 48], [20, 35, 25, 12, 8])
  if (item.list_price_cents >= 30_000) return rng.chance(0.95) ? 1 : 2
  if (item.category === 'snacks' || item.category === 'drinks') return rng.weighted([1, 2, 3, 4, 6], [58, 26, 10, 4, 2])
  return rng.weighted([1, 2, 3, 4], [78, 17, 4, 1])
}

/** Marketplace price after its own promotion: a whole-yuan price ending in .90, below list. */
function promoPrice(rng: Rng, list: number, festival: boolean): number {
  const depth = rng.weighted(PROMO_DEPTHS, PROMO_DEPTH_WEIGHTS) + (festival ? 0.05 : 0)
  const raw = list * (1 - depth)
  let unit = Math.floor(raw / 100) * 100 + 90
  if (unit >= list) unit = list - 10
  return Math.max(10, unit)
}

function pickLines(rng: Rng, channel: Channel, customer: Customer | undefined, at: Date, timeZone: string): PlannedLine[] {
  const weights = AFFINITY[channel].map((w, i) => (customer && CATEGORY_SLUGS[i] === customer.favourite_category ? w * FAVOURITE_BOOST : w))
  const n = basketSize(rng, channel)
  const t = localTime(at, timeZone)
  const festival = calendarFactor(channel, t.month, t.day) >= 1.25
  const promoChance = festival ? 0.8 : (PROMO_CHANCE[channel] ?? 0)
  const lines: PlannedLine[] = []
  const seen = new Set<string>()
  for (let attempt = 0; lines.length < n && attempt < n * 8; attempt++) {
    const category = rng.weighted(CATEGORY_SLUGS, weights)
    const item = SKUS_BY_CATEGORY[category].pick(rng)
    if (seen.has(item.sku)) continue
    // Limited items are not allocated to distributors.
    if (channel === 'distributor' && SCARCE_SKUS.includes(item.sku)) continue
    seen.add(item.sku)
    const list = item.list_price_cents
    let unit = list
    if (isMarketplace(channel) && rng.chance(promoChance)) unit = promoPrice(rng, list, festival)
    else if (channel === 'distributor') unit = Math.round(list * DISTRIBUTOR_PRICE_SHARE)
    lines.push({
      sku: item.sku,
      category: item.category,
      quantity: quantity(rng, channel, item),
      list_price_cents: list,
      unit_price_cents: unit,
      unit_cost_cents: item.unit_cost_cents,
    })
  }
  return lines
}

function customerFields(channel: Channel, c: Customer): NonNullable<OrderRequest['customer']> {
  const base = { phone: c.phone, name: c.name, city: c.city }
  switch (channel) {
    case 'web':
      return { ...base, ...(c.email ? { email: c.email } : {}), ...(c.member_no ? { member_no: c.member_no } : {}) }
    case 'miniprogram':
    case 'store':
    case 'distributor':
      return { ...base, ...(c.member_no ? { member_no: c.member_no } : {}) }
    default:
      // Marketplaces pass the buyer's (delivery) phone and name, nothing of our membership.
      return base
  }
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5

/**
 * Plans one order at `at`: channel, buyer, basket and prices. Pure: the same rng state,
 * instant and context give the same order.
 */
export function planOrder(rng: Rng, at: Date, ctx: GenerateContext): PlannedOrder {
  const channel = ctx.channel ?? pickChannel(rng, at, ctx.timeZone)
  const { world } = ctx
  let customer: Customer | undefined
  let location: Location
  if (channel === 'store') {
    // About a third of POS sales are walk-ins who give no phone or member number.
    if (rng.chance(0.35) || world.buyers.store.size === 0) {
      location = world.walkIns.pick(rng)
    } else {
      customer = world.buyers.store.pick(rng)
      const near = storesNear(world, customer)
      location = near.length === 0 ? world.walkIns.pick(rng) : rng.chance(0.75) ? (near[0] as Location) : rng.pick(near)
    }
  } else {
    customer = world.buyers[channel].pick(rng)
    location = warehouseForRegion(customer.region)
  }
  const lines = pickLines(rng, channel, customer, at, ctx.timeZone)
  const stamp = localStamp(localTime(at, ctx.timeZone))
  const request: OrderRequest = {
    channel,
    external_id: `${EXTERNAL_ID_PREFIX[channel]}${stamp.date}-${stamp.time}-${String(ctx.seq % 1_000_000).padStart(6, '0')}`,
    ...(customer ? { customer: customerFields(channel, customer) } : {}),
    ...(channel === 'store' ? { location_id: location.location_id } : {}),
    ...(channel !== 'store' && customer
      ? { delivery: { city: customer.city, lat: round5(customer.lat + rng.normal(0, 0.002)), lng: round5(customer.lng + rng.normal(0, 0.002)) } }
      : {}),
    lines: lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      ...(isMarketplace(channel) && l.unit_price_cents !== l.list_price_cents ? { unit_price: fromCents(l.unit_price_cents) } : {}),
    })),
    pay: channel === 'store' ? true : isMarketplace(channel) ? rng.chance(0.92) : false,
  }
  return { channel, request, ...(customer ? { customer } : {}), location, lines }
}

/** One order request for `POST /api/v1/orders`, placed at `at`. */
export function generateOrder(rng: Rng, at: Date, ctx: GenerateContext): OrderRequest {
  return planOrder(rng, at, ctx).request
}
