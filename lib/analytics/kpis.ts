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
