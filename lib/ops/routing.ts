/** Fulfilment routing: pure, so the rule is testable without a database. */
export type Site = { location_id: string; kind: 'store' | 'warehouse'; lat: number; lng: number }
export type Point = { lat: number; lng: number }

export const DEFAULT_STORE_RADIUS_KM = 3

/** Great-circle distance in kilometres. */
export function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * The order in which locations are tried for an online order: stores within the radius of
 * the delivery point, nearest first, then warehouses, nearest first. The first that can
 * serve every line wins; if none can, the order is out of stock. Without a delivery point
 * only warehouses are candidates, in a stable order.
 */
export function routingCandidates<S extends Site>(sites: readonly S[], delivery?: Point, radiusKm = DEFAULT_STORE_RADIUS_KM): S[] {
  const byDistance = (a: Site, b: Site) =>
    delivery ? distanceKm(delivery, a) - distanceKm(delivery, b) : a.location_id.localeCompare(b.location_id)
  const stores = delivery
    ? sites.filter((s) => s.kind === 'store' && distanceKm(delivery, s) <= radiusKm).sort(byDistance)
    : []
  const warehouses = sites.filter((s) => s.kind === 'warehouse').sort(byDistance)
  return [...stores, ...warehouses]
}
