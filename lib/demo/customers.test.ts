import { describe, it, expect } from 'vitest'
import { CHANNEL_IDS } from '@/lib/events/channels'
import { CATEGORY_SLUGS } from './catalogue'
import { generateCustomers, generateDistributors } from './customers'
import { customerIdForPhone } from './identity'
import { CITIES, cityInfo, distanceKm } from './locations'

const people = generateCustomers({ seed: 42 })

describe('generateCustomers', () => {
  it('is deterministic: same seed, same people; another seed, other people', () => {
    expect(generateCustomers({ seed: 42 })).toEqual(people)
    expect(generateCustomers({ seed: 43 })[0]).not.toEqual(people[0])
    expect(generateCustomers({ seed: 42, count: 10 })).toEqual(people.slice(0, 10))
  })

  it('makes 3,000 customers by default with unique, plausible mobile numbers and ids', () => {
    expect(people.length).toBe(3000)
    expect(new Set(people.map((c) => c.phone)).size).toBe(3000)
    expect(new Set(people.map((c) => c.customer_id)).size).toBe(3000)
    for (const c of people) {
      expect(c.phone).toMatch(/^1[3-9]\d{9}$/)
      expect(c.customer_id).toBe(customerIdForPhone(c.phone))
      expect(c.kind).toBe('consumer')
      expect(c.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/)
      if (c.email) expect(c.email).toMatch(/^[a-z0-9.]+@[a-z0-9]+\.com$/)
      if (c.member_no) expect(c.member_no).toMatch(/^M\d{9}$/)
      expect(c.member_tier === 'none').toBe(c.member_no === undefined)
      expect(CATEGORY_SLUGS).toContain(c.favourite_category)
      expect(c.propensity).toBeGreaterThan(0)
      expect(cityInfo(c.city).region).toBe(c.region)
      expect(distanceKm(c, cityInfo(c.city))).toBeLessThan(40)
    }
    const members = people.filter((c) => c.member_no)
    expect(new Set(members.map((c) => c.member_no)).size).toBe(members.length)
  })

  it('gives some an e-mail and a member number', () => {
    const email = people.filter((c) => c.email).length / people.length
    const member = people.filter((c) => c.member_no).length / people.length
    expect(email).toBeGreaterThan(0.3)
    expect(email).toBeLessThan(0.5)
    expect(member).toBeGreaterThan(0.45)
    expect(member).toBeLessThan(0.65)
  })

  it('has a channel mix per customer: many use 2–3 channels, shares sum to 1', () => {
    for (const c of people) {
      const shares = Object.entries(c.channels)
      expect(shares.length).toBeGreaterThanOrEqual(1)
      for (const [ch, share] of shares) {
        expect(CHANNEL_IDS).toContain(ch)
        expect(ch).not.toBe('distributor')
        expect(share).toBeGreaterThan(0)
      }
      expect(shares.reduce((a, [, s]) => a + (s ?? 0), 0)).toBeCloseTo(1, 9)
    }
    const multi = people.filter((c) => Object.keys(c.channels).length >= 2).length / people.length
    const twoOrThree = people.filter((c) => [2, 3].includes(Object.keys(c.channels).length)).length / people.length
    expect(multi).toBeGreaterThan(0.6)
    expect(twoOrThree).toBeGreaterThan(0.5)
    for (const ch of ['tmall', 'jd', 'douyin', 'miniprogram', 'web', 'store'] as const) {
      expect(people.filter((c) => c.channels[ch]).length).toBeGreaterThan(300)
    }
  })

  it('weights home cities by size', () => {
    const count = (city: string) => people.filter((c) => c.city === city).length
    expect(count('shanghai')).toBeGreaterThan(count('nanjing') * 1.8)
    for (const c of CITIES) expect(count(c.city)).toBeGreaterThan(50)
  })

  it('has a skewed purchase propensity averaging about 1', () => {
    const ps = people.map((c) => c.propensity).sort((a, b) => a - b)
    const mean = ps.reduce((a, b) => a + b, 0) / ps.length
    expect(mean).toBeGreaterThan(0.8)
    expect(mean).toBeLessThan(1.25)
    expect(ps[Math.floor(ps.length * 0.99)]!).toBeGreaterThan(5 * ps[Math.floor(ps.length / 2)]!)
  })
})

describe('generateDistributors', () => {
  it('makes deterministic B2B accounts on the distributor channel, not clashing with consumers', () => {
    const phones = new Set(people.map((c) => c.phone))
    const ds = generateDistributors({ seed: 42, avoidPhones: phones })
    expect(ds).toEqual(generateDistributors({ seed: 42, avoidPhones: phones }))
    expect(ds.length).toBe(12)
    for (const d of ds) {
      expect(d.kind).toBe('distributor')
      expect(d.channels).toEqual({ distributor: 1 })
      expect(d.name).toMatch(/有限公司$/)
      expect(d.member_no).toMatch(/^D\d{4}$/)
      expect(phones.has(d.phone)).toBe(false)
    }
  })
})
