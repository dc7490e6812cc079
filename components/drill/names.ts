/**
 * Display names of drill members. Channels come from lib/events/channels; regions, cities,
 * locations, categories and SKUs from the demo's reference data. Anything unknown (a real
 * installation's own ids) is shown as the raw id.
 */
import { CATALOGUE, CATEGORIES } from '@/lib/demo/catalogue'
import { CITIES, LOCATIONS, REGIONS } from '@/lib/demo/locations'
import { channelLabel, type Locale } from '@/lib/i18n/core'
import { formatDayLabel } from '@/lib/i18n/format'

type Names = ReadonlyMap<string, { zh: string; en: string }>

const REGION_NAMES: Names = new Map(REGIONS.map((r) => [r.region, { zh: r.region_zh, en: r.name_en }]))
const CITY_NAMES: Names = new Map(CITIES.map((c) => [c.city, { zh: c.city_zh, en: c.name_en }]))
const LOCATION_NAMES: Names = new Map(LOCATIONS.map((l) => [l.location_id, { zh: l.name_zh, en: l.name_en }]))
const CATEGORY_NAMES: Names = new Map(CATEGORIES.map((c) => [c.category, { zh: c.category_zh, en: c.name_en }]))
const SKU_NAMES: Names = new Map(CATALOGUE.map((i) => [i.sku, { zh: i.name_zh, en: i.name_en }]))

function lookup(names: Names, id: string, locale: Locale): string {
  return names.get(id)?.[locale] ?? id
}

export const regionName = (id: string, locale: Locale) => lookup(REGION_NAMES, id, locale)
export const cityName = (id: string, locale: Locale) => lookup(CITY_NAMES, id, locale)
export const locationName = (id: string, locale: Locale) => lookup(LOCATION_NAMES, id, locale)
export const categoryName = (id: string, locale: Locale) => lookup(CATEGORY_NAMES, id, locale)
export const skuName = (id: string, locale: Locale) => lookup(SKU_NAMES, id, locale)

/** A time member as a label: "2026", "2026 Q4", "2026年11月" / "Nov 2026", a week, a day, an hour. */
export function timeMemberName(level: string, member: string, locale: Locale): string {
  switch (level) {
    case 'year':
      return locale === 'zh' ? `${member}年` : member
    case 'quarter':
      return member.replace('-Q', locale === 'zh' ? '年第' : ' Q') + (locale === 'zh' ? '季度' : '')
    case 'month': {
      const [y, m] = member.split('-')
      if (locale === 'zh') return `${y}年${Number(m)}月`
      const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
      return `${names[Number(m) - 1] ?? m} ${y}`
    }
    case 'week':
      return locale === 'zh' ? `${formatDayLabel(member, locale)}起一周` : `Week of ${formatDayLabel(member, locale)}`
    case 'day':
      return formatDayLabel(member, locale)
    case 'hour': {
      const [day = member, time = ''] = member.split(' ')
      return `${formatDayLabel(day, locale)} ${time}`
    }
    default:
      return member
  }
}

/** The display name of a member of any drill dimension. */
export function memberName(dim: string, member: string, locale: Locale): string {
  switch (dim) {
    case 'channel':
      return channelLabel(member, locale)
    case 'region':
      return regionName(member, locale)
    case 'city':
      return cityName(member, locale)
    case 'store':
      return locationName(member, locale)
    case 'category':
      return categoryName(member, locale)
    case 'sku': {
      const name = skuName(member, locale)
      return name === member ? member : `${name} (${member})`
    }
    default:
      return timeMemberName(dim, member, locale)
  }
}
