import { describe, expect, it } from 'vitest'
import { distanceKm, routingCandidates, type Site } from './routing'

const sites: Site[] = [
  { location_id: 'WH-BJ', kind: 'warehouse', lat: 39.9, lng: 116.4 },
  { location_id: 'WH-SH', kind: 'warehouse', lat: 31.23, lng: 121.47 },
  { location_id: 'ST-FAR', kind: 'store', lat: 31.3, lng: 121.6 },
  { location_id: 'ST-NEAR', kind: 'store', lat: 31.232, lng: 121.472 },
]

describe('routing', () => {
  it('measures great-circle distance', () => {
    expect(distanceKm({ lat: 31.23, lng: 121.47 }, { lat: 39.9, lng: 116.4 })).toBeCloseTo(1067, -1)
    expect(distanceKm({ lat: 0, lng: 0 }, { lat: 0, lng: 0 })).toBe(0)
  })

  it('tries stores within the radius first, nearest first, then warehouses by distance', () => {
    const order = routingCandidates(sites, { lat: 31.231, lng: 121.471 }).map((s) => s.location_id)
    expect(order).toEqual(['ST-NEAR', 'WH-SH', 'WH-BJ'])
  })

  it('uses only warehouses without a delivery point', () => {
    expect(routingCandidates(sites).map((s) => s.location_id)).toEqual(['WH-BJ', 'WH-SH'])
  })
})
