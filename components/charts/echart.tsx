'use client'

/**
 * Thin ECharts host: registers only the parts the dashboard uses (tree-shaken bundle) and
 * hands the option to echarts-for-react. Options are merged (`notMerge={false}`) so a
 * refresh animates values instead of redrawing; `replaceMerge` on series drops series
 * that disappeared (matched by `id`).
 */
import ReactEChartsCore from 'echarts-for-react/esm/core'
import { BarChart, LineChart } from 'echarts/charts'
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  ToolboxComponent,
  TooltipComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import type { EChartsOption } from 'echarts'

echarts.use([
  BarChart,
  LineChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  ToolboxComponent,
  TooltipComponent,
  CanvasRenderer,
])

const OPTS = { renderer: 'canvas' } as const
const REPLACE_MERGE = ['series']

export interface EChartProps {
  option: EChartsOption
  height: number
  ariaLabel?: string
}

export default function EChart({ option, height, ariaLabel }: EChartProps) {
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge={false}
      replaceMerge={REPLACE_MERGE}
      opts={OPTS}
      style={{ height, width: '100%' }}
      role="img"
      aria-label={ariaLabel}
    />
  )
}
