import { describe, it, expect } from 'vitest'
import { z } from 'zod'
import { CHANNEL_IDS, channelSchema, type Channel } from '@/lib/events/channels'
import { moneySchema, toCents } from '@/lib/money'
import { catalogueItem } from './catalogue'
import { CHANNEL_MIX, EXTERNAL_ID_PREFIX, generateOrder, planOrder, type OrderRequest, type PlannedOrder } from './generator'
import { cityInfo, distanceKm, locationById, REGION_WAREHOUSE } from './locations'
import { createRng } from './random'
import { buildWorld } from './world'

const TZ = 'Asia/Shanghai'
const world = buildWorld(42)
const at = new Date('2026-11-18T12:00:00Z') // 20:00 in Shanghai, a Wednesday

/** The order contract as the ops API will parse it: strict, so stray fields fail. */
const orderRequestSchema = z.strictObject({
  channel: channelSchema,
  external_id: z.string().min(1).max(64),
  customer: z
    .strictObject({
      phone: z.string().regex(/^1[3-9]\d{9}$/).optional(),
      email: z.email().optional(),
      member_no: z.string().min(1).max(64).optional(),
      name: z.string().max(64).optional(),
      city: z.string().max(64).optional(),
    })
    .optional(),
  location_id: z.string().min(1).max(64).optional(),
  delivery: z.strictObject({ city: z.string().min(1).max(64), lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  lines: z
    .array(z.strictObject({ sku: z.string().min(1), quantity: z.number().int().min(1).max(10_000), unit_price: moneySchema.optional() }))
    .min(1)
    .max(4),
  pay: z.boolean().optional(),
})

function plans(channel: Channel, n: number, seed = 1): PlannedOrder[] {
  const rng = createRng(seed)
  return Array.from({ length: n }, (_, i) => planOrder(rng, at, { world, timeZone: TZ, seq: i + 1, channel }))
}

const byChannel = Object.fromEntries(CHANNEL_IDS.map((ch) => [ch, plans(ch, 1500)])) as Record<Channel, PlannedOrder[]>
const all = Object.values(byChannel).flat()

describe('generateOrder', () => {
  it('is deterministic for the same rng seed, instant and context', () => {
    const make = () => {
      const rng = createRng(7)
      return Array.from({ length: 50 }, (_, i) => generateOrder(rng, at, { world, timeZone: TZ, seq: i }))
    }
    expect(make()).toEqual(make())
    const other = createRng(8)
    expect(generateOrder(other, at, { world, timeZone: TZ, seq: 0 })).not.toEqual(make()[0])
  })

  it('produces requests of exactly the ops API shape', () => {
    for (const p of all) {
      const parsed = orderRequestSchema.safeParse(p.request)
      if (!parsed.success) throw new Error(`${JSON.stringify(p.request)}: ${parsed.error.message}`)
      // A JSON round trip loses nothing (no undefined fields, no Dates).
      expect(JSON.parse(JSON.stringify(p.request))).toEqual(p.request)
    }
  })

  it('builds baskets of 1–4 distinct SKUs with quantities mostly 1–2', () => {
    const sizes = new Set<number>()
    let lines = 0
    let small = 0
    for (const p of all) {
      sizes.add(p.request.lines.length)
      expect(new Set(p.request.lines.map((l) => l.sku)).size).toBe(p.request.lines.length)
      if (p.channel === 'distributor') continue
      for (const l of p.request.lines) {
        lines++
        if (l.quantity <= 2) small++
      }
    }
    expect([...sizes].sort()).toEqual([1, 2, 3, 4])
    expect(small / lines).toBeGreaterThan(0.9)
    const single = all.filter((p) => p.channel !== 'distributor' && p.request.lines.length === 1).length / all.filter((p) => p.channel !== 'distributor').length
    expect(single).toBeGreaterThan(0.45)
    expect(single).toBeLessThan(0.65)
    // Distributors buy in case packs.
    for (const p of byChannel.distributor) for (const l of p.request.lines) expect([6, 12, 24, 36, 48]).toContain(l.quantity)
  })

  it('gives POS orders their store, paid, without delivery; online orders a delivery point near the city', () => {
    for (const p of byChannel.store) {
      expect(locationById(p.request.location_id ?? '').kind).toBe('store')
      expect(p.request.delivery).toBeUndefined()
      expect(p.request.pay).toBe(true)
      if (p.customer) expect(p.request.customer?.phone).toBe(p.customer.phone)
    }
    expect(byChannel.store.filter((p) => !p.customer).length / byChannel.store.length).toBeGreaterThan(0.25)
    for (const ch of CHANNEL_IDS.filter((c) => c !== 'store')) {
      for (const p of byChannel[ch]) {
        expect(p.request.location_id).toBeUndefined()
        const d = p.request.delivery
        expect(d).toBeDefined()
        expect(d?.city).toBe(p.customer?.city)
        expect(distanceKm(d!, cityInfo(d!.city))).toBeLessThan(40)
        expect(p.location.location_id).toBe(REGION_WAREHOUSE[p.customer!.region])
        expect(p.request.customer?.city).toBe(p.customer?.city)
      }
    }
    for (const ch of ['web', 'miniprogram', 'distributor'] as const) expect(byChannel[ch].every((p) => p.request.pay === false)).toBe(true)
    for (const ch of ['tmall', 'jd', 'douyin'] as const) {
      const paid = byChannel[ch].filter((p) => p.request.pay).length / byChannel[ch].length
      expect(paid).toBeGreaterThan(0.85)
      expect(paid).toBeLessThan(1)
    }
  })

  it('shares only what each channel knows about the buyer', () => {
    expect(byChannel.web.some((p) => p.request.customer?.email)).toBe(true)
    for (const ch of ['tmall', 'jd', 'douyin'] as const) {
      for (const p of byChannel[ch]) {
        expect(p.request.customer?.email).toBeUndefined()
        expect(p.request.customer?.member_no).toBeUndefined()
      }
    }
    expect(byChannel.miniprogram.some((p) => p.request.customer?.member_no)).toBe(true)
  })

  it('prices below list only on marketplaces, and only there sets unit_price', () => {
    let discounted = 0
    let marketLines = 0
    for (const p of all) {
      p.request.lines.forEach((l, i) => {
        const planned = p.lines[i]!
        const item = catalogueItem(l.sku)
        expect(planned.sku).toBe(l.sku)
        expect(planned.list_price_cents).toBe(item.list_price_cents)
        expect(planned.unit_cost_cents).toBe(item.unit_cost_cents)
        if (['tmall', 'jd', 'douyin'].includes(p.channel)) {
          marketLines++
          if (l.unit_price !== undefined) {
            discounted++
            const cents = toCents(l.unit_price)
            expect(cents).toBe(planned.unit_price_cents)
            expect(cents).toBeLessThan(item.list_price_cents)
            expect(cents).toBeGreaterThanOrEqual(Math.floor(item.list_price_cents * 0.6))
          } else {
            expect(planned.unit_price_cents).toBe(item.list_price_cents)
          }
        } else {
          expect(l.unit_price).toBeUndefined()
        }
      })
    }
    expect(discounted / marketLines).toBeGreaterThan(0.25)
    expect(discounted / marketLines).toBeLessThan(0.55)
  })

  it('skews categories by channel: Douyin to makeup and snacks, stores to apparel and home', () => {
    const share = (ch: Channel, cats: string[]) => {
      const lines = byChannel[ch].flatMap((p) => p.lines)
      return lines.filter((l) => cats.includes(l.category)).length / lines.length
    }
    expect(share('douyin', ['makeup', 'snacks'])).toBeGreaterThan(1.5 * share('store', ['makeup', 'snacks']))
    expect(share('store', ['apparel', 'home'])).toBeGreaterThan(1.5 * share('douyin', ['apparel', 'home']))
  })

  it('numbers orders per channel with unique external ids', () => {
    for (const ch of CHANNEL_IDS) {
      const ids = byChannel[ch].map((p) => p.request.external_id)
      expect(new Set(ids).size).toBe(ids.length)
      for (const id of ids) expect(id).toMatch(new RegExp(`^${EXTERNAL_ID_PREFIX[ch]}20261118-200000-\\d{6}$`))
    }
  })

  it('draws the channel from the mix and the rhythm when none is given', () => {
    const rng = createRng(3)
    const counts: Partial<Record<Channel, number>> = {}
    const lateNight = new Date('2026-11-18T19:00:00Z') // 03:00 in Shanghai
    for (let i = 0; i < 2000; i++) {
      const r: OrderRequest = generateOrder(rng, lateNight, { world, timeZone: TZ, seq: i })
      counts[r.channel] = (counts[r.channel] ?? 0) + 1
    }
    expect(counts.store ?? 0).toBe(0) // stores are closed at 03:00
    expect(counts.tmall ?? 0).toBeGreaterThan(counts.web ?? 0)
    expect(CHANNEL_MIX.tmall).toBeGreaterThan(CHANNEL_MIX.web)
  })
})
