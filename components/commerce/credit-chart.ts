/**
 * Option builder for the finance page's chart: each distributor's credit exposure beside its
 * limit, in yuan. Pure, so the numbers drawn are tested without a browser.
 */
import { moneyToYuan } from '@/lib/i18n/format'

type Account = { distributor_id: string; credit_limit: string; credit: { exposure: string } }

export function creditChartOption(accounts: readonly Account[], names: { limit: string; exposure: string }) {
  return {
    animation: false,
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0, data: [names.exposure, names.limit] },
    grid: { left: 70, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category' as const, data: accounts.map((a) => a.distributor_id) },
    yAxis: { type: 'value' as const },
    series: [
      { id: 'exposure', name: names.exposure, type: 'bar' as const, data: accounts.map((a) => moneyToYuan(a.credit.exposure)) },
      { id: 'limit', name: names.limit, type: 'bar' as const, data: accounts.map((a) => moneyToYuan(a.credit_limit)) },
    ],
  }
}
