import { CHANNEL_IDS, type Channel } from '@/lib/events/channels'
import { generateCustomers, generateDistributors, type Customer } from './customers'
import { CITIES, STORES, distanceKm, type Location } from './locations'
import { WeightedTable } from './random'

/**
 * Everything the order generator draws from, built once per seed: the customer population
 * and, per channel, a table to pick the next buyer (propensity × that customer's use of the
 * channel).
 */
export type DemoWorld = {
  seed: number
  consumers: readonly Customer[]
  distributors: readonly Customer[]
  /** Consumers then distributors. */
  customers: readonly Customer[]
  buyers: Readonly<Record<Channel, WeightedTable<Customer>>>
  /** Stores of each city (see storesNear for a customer's nearest). */
  storesByCity: ReadonlyMap<string, readonly Location[]>
  /** Walk-in (anonymous) POS traffic: stores weighted by their city's size. */
  walkIns: WeightedTable<Location>
}

export function buildWorld(seed: number, opts: { customers?: number; distributors?: number } = {}): DemoWorld {
  const consumers = generateCustomers({ seed, count: opts.customers ?? 3000 })
  const distributors = generateDistributors({
    seed,
    count: opts.distributors ?? 12,
    avoidPhones: new Set(consumers.map((c) => c.phone)),
  })
  const customers = [...consumers, ...distributors]
  const buyers = Object.fromEntries(
    CHANNEL_IDS.map((ch) => {
      const who = customers.filter((c) => (c.channels[ch] ?? 0) > 0)
      return [ch, new WeightedTable(who, who.map((c) => c.propensity * (c.channels[ch] ?? 0)))]
    }),
  ) as Record<Channel, WeightedTable<Customer>>
  const storesByCity = new Map<string, Location[]>()
  for (const s of STORES) storesByCity.set(s.city, [...(storesByCity.get(s.city) ?? []), s])
  const cityWeight = new Map(CITIES.map((c) => [c.city, c.weight]))
  const walkIns = new WeightedTable(
    STORES,
    STORES.map((s) => (cityWeight.get(s.city) ?? 1) / (storesByCity.get(s.city)?.length ?? 1)),
  )
  return { seed, consumers, distributors, customers, buyers, storesByCity, walkIns }
}

/** The stores of the customer's city, nearest to their home first. */
export function storesNear(world: DemoWorld, customer: Customer): Location[] {
  const stores = [...(world.storesByCity.get(customer.city) ?? [])]
  return stores.sort((a, b) => distanceKm(customer, a) - distanceKm(customer, b))
}
