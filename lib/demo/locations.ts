/**
 * Demo geography: 11 cities in 6 regions, 19 stores in real shopping districts and 4 regional
 * warehouses on the cities' logistics belts. Coordinates are WGS-84 degrees.
 */

export const REGIONS = [
  { region: 'east', region_zh: '华东', name_en: 'East China' },
  { region: 'north', region_zh: '华北', name_en: 'North China' },
  { region: 'south', region_zh: '华南', name_en: 'South China' },
  { region: 'southwest', region_zh: '西南', name_en: 'Southwest China' },
  { region: 'central', region_zh: '华中', name_en: 'Central China' },
  { region: 'northwest', region_zh: '西北', name_en: 'Northwest China' },
] as const

export type RegionSlug = (typeof REGIONS)[number]['region']

export type City = {
  city: string
  city_zh: string
  name_en: string
  code: string
  region: RegionSlug
  /** City centre. */
  lat: number
  lng: number
  /** Relative size of the consumer market (≈ urban population, millions). */
  weight: number
}

export const CITIES: readonly City[] = [
  { city: 'shanghai', city_zh: '上海', name_en: 'Shanghai', code: 'SH', region: 'east', lat: 31.2304, lng: 121.4737, weight: 25 },
  { city: 'hangzhou', city_zh: '杭州', name_en: 'Hangzhou', code: 'HZ', region: 'east', lat: 30.2741, lng: 120.1551, weight: 12 },
  { city: 'nanjing', city_zh: '南京', name_en: 'Nanjing', code: 'NJ', region: 'east', lat: 32.0603, lng: 118.7969, weight: 9 },
  { city: 'beijing', city_zh: '北京', name_en: 'Beijing', code: 'BJ', region: 'north', lat: 39.9042, lng: 116.4074, weight: 22 },
  { city: 'tianjin', city_zh: '天津', name_en: 'Tianjin', code: 'TJ', region: 'north', lat: 39.1256, lng: 117.1994, weight: 10 },
  { city: 'guangzhou', city_zh: '广州', name_en: 'Guangzhou', code: 'GZ', region: 'south', lat: 23.1291, lng: 113.2644, weight: 18 },
  { city: 'shenzhen', city_zh: '深圳', name_en: 'Shenzhen', code: 'SZ', region: 'south', lat: 22.5431, lng: 114.0579, weight: 17 },
  { city: 'chengdu', city_zh: '成都', name_en: 'Chengdu', code: 'CD', region: 'southwest', lat: 30.6574, lng: 104.0658, weight: 16 },
  { city: 'chongqing', city_zh: '重庆', name_en: 'Chongqing', code: 'CQ', region: 'southwest', lat: 29.563, lng: 106.5516, weight: 14 },
  { city: 'wuhan', city_zh: '武汉', name_en: 'Wuhan', code: 'WH', region: 'central', lat: 30.5928, lng: 114.3055, weight: 11 },
  { city: 'xian', city_zh: '西安', name_en: "Xi'an", code: 'XA', region: 'northwest', lat: 34.261, lng: 108.9423, weight: 10 },
]

export type Location = {
  location_id: string
  kind: 'store' | 'warehouse'
  name_zh: string
  name_en: string
  region: RegionSlug
  region_zh: string
  city: string
  city_zh: string
  lat: number
  lng: number
}

const CITY = new Map(CITIES.map((c) => [c.city, c]))
const REGION = new Map<string, (typeof REGIONS)[number]>(REGIONS.map((r) => [r.region, r]))

export function cityInfo(city: string): City {
  const c = CITY.get(city)
  if (!c) throw new RangeError(`unknown city ${city}`)
  return c
}

export function regionInfo(region: string): (typeof REGIONS)[number] {
  const r = REGION.get(region)
  if (!r) throw new RangeError(`unknown region ${region}`)
  return r
}

function site(kind: Location['kind'], city: string, n: number, zh: string, en: string, lat: number, lng: number): Location {
  const c = cityInfo(city)
  return {
    location_id: kind === 'store' ? `ST-${c.code}-${String(n).padStart(2, '0')}` : `WH-${c.code}`,
    kind,
    name_zh: kind === 'store' ? `${c.city_zh}${zh}店` : `${c.city_zh}${zh}仓`,
    name_en: kind === 'store' ? `${c.name_en} ${en}` : `${c.name_en} ${en} DC`,
    region: c.region,
    region_zh: regionInfo(c.region).region_zh,
    city: c.city,
    city_zh: c.city_zh,
    lat,
    lng,
  }
}

export const STORES: readonly Location[] = [
  site('store', 'shanghai', 1, '南京西路', 'West Nanjing Road', 31.2304, 121.4589),
  site('store', 'shanghai', 2, '陆家嘴', 'Lujiazui', 31.2397, 121.4998),
  site('store', 'shanghai', 3, '徐家汇', 'Xujiahui', 31.195, 121.4365),
  site('store', 'hangzhou', 1, '湖滨', 'Hubin', 30.259, 120.164),
  site('store', 'hangzhou', 2, '滨江', 'Binjiang', 30.2084, 120.2107),
  site('store', 'nanjing', 1, '新街口', 'Xinjiekou', 32.0415, 118.784),
  site('store', 'beijing', 1, '三里屯', 'Sanlitun', 39.9334, 116.4546),
  site('store', 'beijing', 2, '国贸', 'Guomao', 39.9087, 116.4605),
  site('store', 'beijing', 3, '西单', 'Xidan', 39.9097, 116.3739),
  site('store', 'tianjin', 1, '滨江道', 'Binjiang Road', 39.1226, 117.1996),
  site('store', 'guangzhou', 1, '天河城', 'Tianhe City', 23.1355, 113.3245),
  site('store', 'guangzhou', 2, '北京路', 'Beijing Road', 23.1253, 113.269),
  site('store', 'shenzhen', 1, '万象城', 'MixC', 22.5378, 114.1114),
  site('store', 'shenzhen', 2, '南山海岸城', 'Nanshan Coastal City', 22.517, 113.937),
  site('store', 'chengdu', 1, '春熙路', 'Chunxi Road', 30.657, 104.081),
  site('store', 'chengdu', 2, '高新', 'Hi-tech Zone', 30.571, 104.063),
  site('store', 'chongqing', 1, '解放碑', 'Jiefangbei', 29.5573, 106.5776),
  site('store', 'wuhan', 1, '江汉路', 'Jianghan Road', 30.5817, 114.287),
  site('store', 'xian', 1, '钟楼', 'Bell Tower', 34.261, 108.947),
]

export const WAREHOUSES: readonly Location[] = [
  site('warehouse', 'shanghai', 0, '青浦', 'Qingpu', 31.15, 121.124),
  site('warehouse', 'beijing', 0, '大兴', 'Daxing', 39.727, 116.341),
  site('warehouse', 'guangzhou', 0, '花都', 'Huadu', 23.404, 113.22),
  site('warehouse', 'chengdu', 0, '双流', 'Shuangliu', 30.575, 103.923),
]

export const LOCATIONS: readonly Location[] = [...STORES, ...WAREHOUSES]

const BY_ID = new Map(LOCATIONS.map((l) => [l.location_id, l]))

export function locationById(id: string): Location {
  const l = BY_ID.get(id)
  if (!l) throw new RangeError(`unknown location ${id}`)
  return l
}

/**
 * The warehouse that serves each region's online orders: its own, or the nearest one
 * (central China ships from Shanghai, the northwest from Chengdu).
 */
export const REGION_WAREHOUSE: Readonly<Record<RegionSlug, string>> = {
  east: 'WH-SH',
  north: 'WH-BJ',
  south: 'WH-GZ',
  southwest: 'WH-CD',
  central: 'WH-SH',
  northwest: 'WH-CD',
}

export function warehouseForRegion(region: RegionSlug): Location {
  return locationById(REGION_WAREHOUSE[region])
}

export function storesInCity(city: string): Location[] {
  return STORES.filter((s) => s.city === city)
}

export { distanceKm } from '@/lib/ops/routing'
