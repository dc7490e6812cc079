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
  MarkPointComponent,
  ToolboxComponent,
  TooltipComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import type { EChartsOption } from 'echarts'
import { useEffect, useMemo, useRef } from 'react'

echarts.use([
  BarChart,
  LineChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkPointComponent,
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
  /** A click on a data item (bar, point, slice): its index in the series data. */
  onItemClick?: (dataIndex: number) => void
}

export default function EChart({ option, height, ariaLabel, onItemClick }: EChartProps) {
  // echarts-for-react re-creates the chart when `onEvents` changes: keep it stable, call the latest handler.
  const handler = useRef(onItemClick)
  useEffect(() => {
    handler.current = onItemClick
  }, [onItemClick])
  const clickable = onItemClick !== undefined
  const onEvents = useMemo(
    () =>
      clickable
        ? {
            click: (params: unknown) => {
              if (typeof params !== 'object' || params === null) return
              const p = params as { componentType?: unknown; dataIndex?: unknown }
              if (p.componentType === 'series' && typeof p.dataIndex === 'number') handler.current?.(p.dataIndex)
            },
          }
        : undefined,
    [clickable],
  )
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
      onEvents={onEvents}
      className={clickable ? 'echart-clickable' : undefined}
    />
  )
}
