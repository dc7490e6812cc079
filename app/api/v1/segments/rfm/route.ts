import { clickhouse } from '@/lib/clickhouse/client'
import { config } from '@/lib/config'
import { rfmMonetaryJson, segmentCountJson } from '@/lib/customers/api'
import { FREQUENCY_ORDERS, RECENCY_DAYS, RFM_CLASSES, RFM_RULES } from '@/lib/customers/rfm'
import { countSegment, nowContext } from '@/lib/customers/segments/query'
import { rfmSegmentRules } from '@/lib/customers/segments/rules'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** The ready-made RFM segments with their thresholds and current sizes. */
export const GET = route({ permission: 'segments:read' }, async () => {
  const ch = await clickhouse()
  const ctx = nowContext(config().TIME_ZONE)
  const classes = await Promise.all(
    RFM_CLASSES.map(async (cls) => ({ cls, rules: rfmSegmentRules(cls), rule: RFM_RULES.find((r) => r.cls === cls) ?? null, count: segmentCountJson(await countSegment(ch, rfmSegmentRules(cls), ctx)) })),
  )
  return { thresholds: { recency_days: RECENCY_DAYS, frequency_orders: FREQUENCY_ORDERS, monetary: rfmMonetaryJson() }, classes }
})
