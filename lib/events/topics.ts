import { familyOf, type EventType } from './schema'

export const FAMILIES = ['orders', 'stock', 'customers'] as const
export type Family = (typeof FAMILIES)[number]

export function topicFor(prefix: string, family: Family): string {
  return `${prefix}.${family}`
}

export function topicOf(prefix: string, type: EventType): string {
  return topicFor(prefix, familyOf(type))
}

export function allTopics(prefix: string): string[] {
  return FAMILIES.map((f) => topicFor(prefix, f))
}
