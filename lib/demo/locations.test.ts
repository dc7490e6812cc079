import { describe, it, expect } from 'vitest'
import { CITIES, LOCATIONS, REGIONS, REGION_WAREHOUSE, STORES, WAREHOUSES, cityInfo, distanceKm, locationById, warehouseForRegion } from './locations'

describe('locations', () => {
  it('covers at least 9 cities in all six regions', () => {
    expect(CITIES.length).toBeGreaterThanOrEqual(9)
    expect(new Set(CITIES.map((c) => c.region))).toEqual(new Set(REGIONS.map((r) => r.region)))
    for (const c of ['shanghai', 'hangzhou', 'nanjing', 'beijing', 'tianjin', 'guangzhou', 'shenzhen', 'chengdu', 'chongqing', 'wuhan', 'xian']) {
      expect(cityInfo(c).city).toBe(c)
    }
  })

  it('has 2–3 stores in the big cities, a store in every city, and 4 warehouses', () => {
    for (const big of ['shanghai', 'beijing', 'guangzhou', 'shenzhen', 'chengdu']) {
      const n = STORES.filter((s) => s.city === big).length
      expect(n).toBeGreaterThanOrEqual(2)
      expect(n).toBeLessThanOrEqual(3)
    }
    for (const c of CITIES) expect(STORES.some((s) => s.city === c.city)).toBe(true)
    expect(WAREHOUSES.map((w) => w.location_id).sort()).toEqual(['WH-BJ', 'WH-CD', 'WH-GZ', 'WH-SH'])
  })

  it('has well-formed, unique ids and consistent names, regions and coordinates', () => {
    expect(new Set(LOCATIONS.map((l) => l.location_id)).size).toBe(LOCATIONS.length)
    for (const l of LOCATIONS) {
      expect(l.location_id).toMatch(l.kind === 'store' ? /^ST-[A-Z]{2}-\d{2}$/ : /^WH-[A-Z]{2}$/)
      const city = cityInfo(l.city)
      expect(l.region).toBe(city.region)
      expect(l.city_zh).toBe(city.city_zh)
      expect(REGIONS.find((r) => r.region === l.region)?.region_zh).toBe(l.region_zh)
      expect(l.name_zh.startsWith(city.city_zh)).toBe(true)
      // Inside mainland China, and near the city (warehouses sit on the outskirts).
      expect(l.lat).toBeGreaterThan(18)
      expect(l.lat).toBeLessThan(54)
      expect(l.lng).toBeGreaterThan(73)
      expect(l.lng).toBeLessThan(135)
      expect(distanceKm(l, city)).toBeLessThan(l.kind === 'store' ? 15 : 50)
      expect(locationById(l.location_id)).toBe(l)
    }
  })

  it("serves each region's online orders from its nearest warehouse", () => {
    for (const c of CITIES) {
      const nearest = [...WAREHOUSES].sort((a, b) => distanceKm(c, a) - distanceKm(c, b))[0]!
      expect(REGION_WAREHOUSE[c.region]).toBe(nearest.location_id)
    }
    expect(warehouseForRegion('central').location_id).toBe('WH-SH')
    expect(warehouseForRegion('northwest').location_id).toBe('WH-CD')
  })

  it('measures great-circle distances', () => {
    // Shanghai – Beijing is about 1,070 km as the crow flies.
    const d = distanceKm(cityInfo('shanghai'), cityInfo('beijing'))
    expect(d).toBeGreaterThan(1040)
    expect(d).toBeLessThan(1100)
    expect(distanceKm(cityInfo('wuhan'), cityInfo('wuhan'))).toBe(0)
  })
})
