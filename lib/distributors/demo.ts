import type { Db } from '@/lib/db'
import { savePromotion, saveTier } from '@/lib/pricing/store'
import { saveDistributor } from './accounts'

const ACTOR = 'demo:seed'

/**
 * Demo tiers, distributors and a distributor promotion, once (an installation that already
 * has tiers keeps its own). The demo user `distributor` acts for HD-001 (lib/auth/users.ts).
 */
export async function seedDemoCommerce(db: Db, now = new Date()): Promise<void> {
  const [any] = await db.query('SELECT 1 FROM distributor_tiers LIMIT 1')
  if (any) return
  await saveTier(
    db,
    {
      tier_id: 'gold',
      name: '金牌 Gold',
      price_rules: [
        { rule_id: 'skincare-15', scope: 'category', target: 'skincare', kind: 'percent_off', percent_off: 15 },
        { rule_id: 'skincare-20-at-100', scope: 'category', target: 'skincare', min_quantity: 100, kind: 'percent_off', percent_off: 20 },
        { rule_id: 'serum-50', scope: 'sku', target: 'SKU-0001', min_quantity: 50, kind: 'price', price: '199.00' },
        { rule_id: 'makeup-10', scope: 'category', target: 'makeup', kind: 'percent_off', percent_off: 10 },
      ],
      rebate_brackets: [
        { min_volume: '100000.00', percent: 1 },
        { min_volume: '300000.00', percent: 2 },
      ],
    },
    ACTOR,
  )
  await saveTier(
    db,
    {
      tier_id: 'silver',
      name: '银牌 Silver',
      price_rules: [{ rule_id: 'skincare-8', scope: 'category', target: 'skincare', kind: 'percent_off', percent_off: 8 }],
      rebate_brackets: [{ min_volume: '200000.00', percent: 1 }],
    },
    ACTOR,
  )
  await saveDistributor(db, { distributor_id: 'HD-001', name: '华东分销有限公司', tier_id: 'gold', credit_limit: '50000.00' }, ACTOR)
  await saveDistributor(db, { distributor_id: 'BJ-002', name: '华北商贸有限公司', tier_id: 'silver', credit_limit: '30000.00' }, ACTOR)
  const year = now.getUTCFullYear()
  await savePromotion(
    db,
    {
      promotion_id: 'dist-5000-200',
      name: '分销每满5000减200（最高减2000）',
      threshold: '5000.00',
      discount: '200.00',
      repeating: true,
      cap: '2000.00',
      channels: ['distributor', 'web'],
      starts_at: `${year}-01-01T00:00:00+08:00`,
      ends_at: `${year + 2}-01-01T00:00:00+08:00`,
      priority: 10,
    },
    ACTOR,
  )
}
