/**
 * Option builder for a campaign's comparison: revenue per customer of the treated group and
 * of the holdout as two bars, the treated bar carrying the 95 % interval of the difference
 * (shifted onto the holdout mean) as a marker range. Pure.
 */
export interface LiftChartInput {
  treatedLabel: string
  controlLabel: string
  treated: number
  control: number
  /** 95 % interval of (treated − holdout) per customer, in yuan; null without an estimate */
  diffLow: number | null
  diffHigh: number | null
  title: string
}

export function liftChartOption(i: LiftChartInput) {
  const band = i.diffLow !== null && i.diffHigh !== null ? [i.control + i.diffLow, i.control + i.diffHigh] : null
  return {
    aria: { enabled: true },
    title: { text: i.title, left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: [i.treatedLabel, i.controlLabel] },
    yAxis: { type: 'value', name: '¥' },
    series: [
      {
        id: 'per-customer',
        type: 'bar',
        data: [round(i.treated), round(i.control)],
        barWidth: '40%',
        label: { show: true, position: 'top' },
        markArea: band ? { silent: true, itemStyle: { opacity: 0.15 }, data: [[{ yAxis: round(band[0]!) }, { yAxis: round(band[1]!) }]] } : undefined,
      },
    ],
  }
}

const round = (x: number) => Math.round(x * 100) / 100
