import { fromCents } from '@/lib/money'

/**
 * The sales KPIs, each defined once (docs/kpis.md explains them in words):
 * - net revenue: paid line amounts after discounts, at payment, minus refunds at refund time
 * - GMV: the same lines at list price, before discounts
 * - COGS: unit cost at sale × quantity, reversed on refund
 * - gross profit = net revenue − COGS; gross margin = gross profit / net revenue
 * - orders: paid orders; AOV = net revenue / orders
 * - customers: distinct customers with a paid order
 */
export type SalesTotals = {
  gross_cents: number
  net_cents: number
  cost_cents: number
  paid_orders: number
  customers: number
}

export type SalesKpis = {
  net_revenue: string
  gmv: string
  cogs: string
  gross_profit: string
  gross_margin: number | null
  orders: number
  aov: string | null
  customers: number
}

export function salesKpis(t: SalesTotals): SalesKpis {
  const profit = t.net_cents - t.cost_cents
  return {
    net_revenue: fromCents(t.net_cents),
    gmv: fromCents(t.gross_cents),
    cogs: fromCents(t.cost_cents),
    gross_profit: fromCents(profit),
    gross_margin: t.net_cents > 0 ? round(profit / t.net_cents, 6) : null,
    orders: t.paid_orders,
    aov: t.paid_orders > 0 ? fromCents(Math.round(t.net_cents / t.paid_orders)) : null,
    customers: t.customers,
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/**
 * Customer KPIs:
 * - customers: distinct customers with a paid order in the range
 * - new customers: those whose first paid order ever falls in the range; returning: the rest
 * - repurchase rate: customers with ≥ 2 paid orders in the range / customers
 */
export type CustomerTotals = { customers: number; new_customers: number; repeat_customers: number }
export type CustomerKpis = { new_customers: number; returning_customers: number; repurchase_rate: number | null }

export function customerKpis(t: CustomerTotals): CustomerKpis {
  return {
    new_customers: t.new_customers,
    returning_customers: t.customers - t.new_customers,
    repurchase_rate: t.customers > 0 ? round(t.repeat_customers / t.customers, 6) : null,
  }
}

/**
 * Order-flow KPIs:
 * - oversell rate: orders cancelled out_of_stock / orders placed, both by placing/cancelling time in the range
 * - order processing time: payment → shipment of the orders shipped in the range, median and p90, in hours
 */
export type OrderFlowTotals = {
  placed_orders: number
  oversold_orders: number
  processing_p50_seconds: number | null
  processing_p90_seconds: number | null
}
export type OrderFlowKpis = {
  placed_orders: number
  oversold_orders: number
  oversell_rate: number | null
  processing_time_p50_hours: number | null
  processing_time_p90_hours: number | null
}

export function orderFlowKpis(t: OrderFlowTotals): OrderFlowKpis {
  const hours = (s: number | null) => (s === null ? null : round(s / 3600, 4))
  return {
    placed_orders: t.placed_orders,
    oversold_orders: t.oversold_orders,
    oversell_rate: t.placed_orders > 0 ? round(t.oversold_orders / t.placed_orders, 6) : null,
    processing_time_p50_hours: hours(t.processing_p50_seconds),
    processing_time_p90_hours: hours(t.processing_p90_seconds),
  }
}

export type Kpis = SalesKpis & CustomerKpis & OrderFlowKpis

/** Every KPI field, in display order (sortable in a breakdown). */
export const KPI_KEYS = [
  'net_revenue', 'gmv', 'cogs', 'gross_profit', 'gross_margin', 'orders', 'aov', 'customers',
  'new_customers', 'returning_customers', 'repurchase_rate',
  'placed_orders', 'oversold_orders', 'oversell_rate', 'processing_time_p50_hours', 'processing_time_p90_hours',
] as const satisfies readonly (keyof Kpis)[]
export type KpiKey = (typeof KPI_KEYS)[number]

/**
 * Where each KPI comes from: the sales sums, the customer reads (distinct, first-ever and
 * repeat buyers), or the order flow (placed, cancelled, shipped). A call asked for some KPIs
 * reads only their sources.
 */
export const KPI_SOURCES = {
  net_revenue: 'sales', gmv: 'sales', cogs: 'sales', gross_profit: 'sales', gross_margin: 'sales', orders: 'sales', aov: 'sales',
  customers: 'customers', new_customers: 'customers', returning_customers: 'customers', repurchase_rate: 'customers',
  placed_orders: 'order_flow', oversold_orders: 'order_flow', oversell_rate: 'order_flow', processing_time_p50_hours: 'order_flow', processing_time_p90_hours: 'order_flow',
} as const satisfies Record<KpiKey, string>
export type KpiSource = (typeof KPI_SOURCES)[KpiKey]

/** The sources the KPIs `keys` need. */
export const sourcesOf = (keys: readonly KpiKey[]): ReadonlySet<KpiSource> => new Set(keys.map((k) => KPI_SOURCES[k]))
export const ALL_SOURCES = sourcesOf(KPI_KEYS)

/** The KPIs the sales sums alone give. */
export const SALES_KPIS = KPI_KEYS.filter((k) => KPI_SOURCES[k] === 'sales')

/**
 * KPIs of a breakdown row: by category or SKU the order-level ones are null, because
 * lifecycle events (placed, cancelled, shipped) carry no lines to split an order by.
 */
export type BreakdownKpis = SalesKpis & CustomerKpis & { [K in keyof OrderFlowKpis]: OrderFlowKpis[K] | null }

export const NO_ORDER_FLOW: { [K in keyof OrderFlowKpis]: null } = {
  placed_orders: null,
  oversold_orders: null,
  oversell_rate: null,
  processing_time_p50_hours: null,
  processing_time_p90_hours: null,
}

export const ZERO_SALES: SalesTotals = { gross_cents: 0, net_cents: 0, cost_cents: 0, paid_orders: 0, customers: 0 }
export const ZERO_CUSTOMERS: CustomerTotals = { customers: 0, new_customers: 0, repeat_customers: 0 }
export const ZERO_ORDER_FLOW: OrderFlowTotals = { placed_orders: 0, oversold_orders: 0, processing_p50_seconds: null, processing_p90_seconds: null }

/**
 * Inventory turnover days over a period of D days = average daily closing inventory value at
 * cost / (COGS in the period / D). Null without positive COGS (nothing sold, or refunds
 * outweigh sales).
 */
export function turnoverDays(averageInventoryValueCents: number, cogsCents: number, days: number): number | null {
  if (!(cogsCents > 0) || !(days > 0)) return null
  return round(averageInventoryValueCents / (cogsCents / days), 6)
}
