import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import { saveDistributor } from '@/lib/distributors/accounts'
import { distributorStatement, rebateSettlement, recordPayment, recordPayout } from '@/lib/distributors/finance'
import { periodOf } from '@/lib/distributors/rebates'
import { approveRequest, cancelRequest, creditPosition, rejectRequest, requestOrder } from '@/lib/distributors/requests'
import { getDistributor } from '@/lib/distributors/accounts'
import { DomainError } from '@/lib/ops/errors'
import { actOnOrder, getOrder } from '@/lib/ops/orders'
import { receiveStock } from '@/lib/ops/stock'
import { savePromotion, saveTier } from '@/lib/pricing/store'
import { freshDb, hasPostgres, seedCatalogue } from './stores'

/**
 * Distributor credit, holds, approvals, statements and rebates on PGlite and PostgreSQL.
 * Every expected figure is worked out here by hand from the prices, not by the code under test.
 */
const kinds = hasPostgres ? (['pglite', 'postgres'] as const) : (['pglite'] as const)
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })

async function setUp(db: Db) {
  await seedCatalogue(db) // SKU-A skincare 199.00, SKU-B makeup 129.50, SKU-C snacks 39.90
  for (const sku of ['SKU-A', 'SKU-B', 'SKU-C']) await receiveStock(db, { sku, location_id: 'WH-SH', quantity: 5_000, unit_cost: '10.00' }, 'test')
  await saveTier(
    db,
    {
      tier_id: 'gold',
      name: 'Gold',
      price_rules: [
        { rule_id: 'cream-20', scope: 'sku', target: 'SKU-A', min_quantity: 20, kind: 'price', price: '160.00' },
        { rule_id: 'makeup-10', scope: 'category', target: 'makeup', kind: 'percent_off', percent_off: 10 },
      ],
      rebate_brackets: [
        { min_volume: '5000.00', percent: 1 },
        { min_volume: '9000.00', percent: 2 },
      ],
    },
    'admin',
  )
  await saveDistributor(db, { distributor_id: 'D1', name: 'East', tier_id: 'gold', credit_limit: '10000.00' }, 'finance')
  await saveDistributor(db, { distributor_id: 'D2', name: 'North', tier_id: 'gold', credit_limit: '100000.00' }, 'finance')
}

describe.each(kinds)('distributor credit and receivables on %s', (kind) => {
  let db: Db
  beforeAll(async () => {
    db = await freshDb(kind)
    await setUp(db)
  })
  afterAll(async () => db.close())

  it('refuses a price list with overlapping rules, naming them', async () => {
    const attempt = saveTier(
      db,
      {
        tier_id: 'bad',
        name: 'Bad',
        price_rules: [
          { rule_id: 'x', scope: 'category', target: 'skincare', min_quantity: 10, kind: 'percent_off', percent_off: 5 },
          { rule_id: 'y', scope: 'category', target: 'skincare', min_quantity: 10, kind: 'percent_off', percent_off: 7 },
        ],
      },
      'admin',
    )
    await expect(attempt).rejects.toMatchObject({ status: 409, code: 'price_list_conflict', message: expect.stringContaining('rules x and y conflict') })
    await expect(saveTier(db, { tier_id: 'bad', name: 'Bad', price_rules: [{ rule_id: 'z', scope: 'sku', target: 'SKU-A', kind: 'price', price: '250.00' }] }, 'admin')).rejects.toMatchObject({ status: 400, field: 'price_rules.0.price' })
    await expect(saveTier(db, { tier_id: 'bad', name: 'Bad', price_rules: [{ rule_id: 'z', scope: 'sku', target: 'SKU-Q', kind: 'price', price: '2.00' }] }, 'admin')).rejects.toMatchObject({ status: 400, field: 'price_rules.0.target' })
  })

  let heldId = ''
  let firstOrder = ''
  it('places an order within the limit through the order centre at the tier price', async () => {
    const r = await requestOrder(db, 'D1', { lines: [{ sku: 'SKU-A', quantity: 20 }] }, 'user:distributor')
    expect(r.status).toBe('placed')
    const order = await getOrder(db, r.order!.order_id)
    firstOrder = order.order_id
    expect(order).toMatchObject({ channel: 'distributor', status: 'pending_shipment', total: '3200.00', external_id: `D1:${r.request.request_id}` })
    expect(order.lines[0]).toMatchObject({ sku: 'SKU-A', quantity: 20, list_price: '199.00', unit_price: '160.00', discount: '780.00' })
    const credit = await creditPosition(db, await getDistributor(db, 'D1'))
    expect(credit).toMatchObject({ receivable_cents: 0, open_orders_cents: 320_000, held_cents: 0, exposure_cents: 320_000 })
  })

  it('holds an order over the limit without creating an order, and counts it in the exposure', async () => {
    // 60 × 129.50 × 0.9 = 60 × 116.55 = 6 993.00; 3 200 + 6 993 = 10 193 > 10 000.
    const r = await requestOrder(db, 'D1', { lines: [{ sku: 'SKU-B', quantity: 60 }] }, 'user:distributor')
    expect(r.status).toBe('held')
    expect(r.order).toBeNull()
    expect(r.request).toMatchObject({ status: 'held', total: '6993.00', exposure_at_request: '10193.00', credit_limit_at_request: '10000.00', order_id: null })
    heldId = r.request.request_id
    const [orders] = await db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM orders WHERE channel = 'distributor'`)
    expect(orders!.n).toBe(1)
    // Even a small order now goes over: the held one counts.
    const small = await requestOrder(db, 'D1', { lines: [{ sku: 'SKU-C', quantity: 1 }] }, 'user:distributor')
    expect(small.status).toBe('held')
    expect(small.credit).toMatchObject({ exposure_cents: 320_000 + 699_300 })
    // Another distributor cannot cancel it; its own can.
    await expect(cancelRequest(db, 'D2', small.request.request_id, 'user:other')).rejects.toMatchObject({ status: 404 })
    expect((await cancelRequest(db, 'D1', small.request.request_id, 'user:distributor')).status).toBe('cancelled')
    await expect(cancelRequest(db, 'D1', small.request.request_id, 'user:distributor')).rejects.toMatchObject({ status: 409 })
  })

  it('places a held order when finance approves it, and forgets a rejected one', async () => {
    const { request, order } = await approveRequest(db, heldId, 'user:finance', 'known customer')
    expect(request).toMatchObject({ status: 'placed', decided_by: 'user:finance', order_id: order.order_id, order_status: 'pending_shipment' })
    expect(order).toMatchObject({ channel: 'distributor', total: '6993.00' })
    await expect(approveRequest(db, heldId, 'user:finance')).rejects.toMatchObject({ status: 409 })

    const again = await requestOrder(db, 'D1', { lines: [{ sku: 'SKU-C', quantity: 10 }] }, 'user:distributor')
    expect(again.status).toBe('held')
    expect((await rejectRequest(db, again.request.request_id, 'user:finance', 'pay first')).status).toBe('rejected')
    const credit = await creditPosition(db, await getDistributor(db, 'D1'))
    expect(credit).toMatchObject({ open_orders_cents: 320_000 + 699_300, held_cents: 0 })
  })

  it('keeps the statement: invoices on shipment, credit notes on refund, payments', async () => {
    const d1Orders = await db.query<{ order_id: string; total_cents: number }>(`SELECT order_id, total_cents FROM orders WHERE channel = 'distributor' AND external_id LIKE 'D1:%' ORDER BY total_cents`)
    expect(d1Orders.map((o) => o.total_cents)).toEqual([320_000, 699_300])
    for (const o of d1Orders) await actOnOrder(db, o.order_id, 'ship', { actor: 'user:ops' })
    await actOnOrder(db, firstOrder, 'refund', { actor: 'user:ops' })
    await recordPayment(db, 'D1', { amount: '1000.00', received_on: today(), reference: 'bank 0001' }, 'user:finance')
    const s = await distributorStatement(db, 'D1', today(), today())
    // Invoiced 3 200 + 6 993, credited 3 200, paid 1 000: owes 5 993.
    expect(s).toMatchObject({ opening_cents: 0, invoiced_cents: 1_019_300, credited_cents: 320_000, paid_cents: 100_000, closing_cents: 599_300 })
    expect(s.lines.map((l) => l.kind)).toEqual(['invoice', 'invoice', 'credit_note', 'payment'])
    expect(s.lines.at(-1)!.balance_cents).toBe(599_300)
    const credit = await creditPosition(db, await getDistributor(db, 'D1'))
    expect(credit).toMatchObject({ receivable_cents: 599_300, open_orders_cents: 0, exposure_cents: 599_300 })
    // A day later the statement opens with that balance.
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
    expect(await distributorStatement(db, 'D1', tomorrow, tomorrow)).toMatchObject({ opening_cents: 599_300, closing_cents: 599_300, lines: [] })
  })

  it('settles the quarter’s rebate net of payouts, and refuses paying more than is due', async () => {
    const period = periodOf(today())
    // Net invoiced this quarter: 10 193 − 3 200 = 6 993 ≥ 5 000 → 1 % = 69.93.
    const [before] = await rebateSettlement(db, period, 'D1')
    expect(before).toMatchObject({ volume_cents: 699_300, basis_points: 100, earned_cents: 6_993, paid_cents: 0, due_cents: 6_993 })
    const after = await recordPayout(db, { distributor_id: 'D1', period, amount: '50.00' }, 'user:finance')
    expect(after).toMatchObject({ paid_cents: 5_000, due_cents: 1_993 })
    await expect(recordPayout(db, { distributor_id: 'D1', period, amount: '20.00' }, 'user:finance')).rejects.toMatchObject({ status: 409, code: 'over_settlement', field: 'amount' })
    const all = await rebateSettlement(db, period)
    expect(all.map((s) => [s.distributor_id, s.due_cents])).toEqual([
      ['D1', 1_993],
      ['D2', 0],
    ])
  })

  it('applies distributor-channel promotions and places exactly the quoted prices', async () => {
    await savePromotion(db, { promotion_id: 'p500', name: '满500减50', threshold: '500.00', discount: '50.00', channels: ['distributor'], starts_at: '2020-01-01T00:00:00Z', ends_at: '2100-01-01T00:00:00Z' }, 'admin')
    // 3 × 116.55 + 7 × 39.90 = 349.65 + 279.30 = 628.95 → 50.00 off, pro rata 27.7963… and 22.2036…:
    // to the cent 27.80 + 22.20, each the order line's discount.
    const r = await requestOrder(db, 'D2', { lines: [{ sku: 'SKU-B', quantity: 3 }, { sku: 'SKU-C', quantity: 7 }] }, 'user:north')
    expect(r.status).toBe('placed')
    expect(r.request.quote.promotions).toEqual([{ promotion_id: 'p500', name: '满500减50', discount: '50.00' }])
    const order = await getOrder(db, r.order!.order_id)
    expect(order.lines.map((l) => [l.sku, l.unit_price, l.amount])).toEqual([
      ['SKU-B', '116.55', '321.85'],
      ['SKU-C', '39.90', '257.10'],
    ])
    expect(order.total).toBe(r.request.quote.total)
    expect(order.total).toBe('578.95')
    await db.query(`UPDATE promotions SET active = false WHERE promotion_id = 'p500'`)
  })

  it('does not let concurrent orders share the same headroom', async () => {
    await saveDistributor(db, { distributor_id: 'D3', name: 'South', tier_id: 'gold', credit_limit: '1000.00' }, 'finance')
    // Each order is 6 × 39.90 = 239.40: four fit into 1 000, the rest are held — however they interleave.
    const results = await Promise.all(Array.from({ length: 20 }, () => requestOrder(db, 'D3', { lines: [{ sku: 'SKU-C', quantity: 6 }] }, 'user:south')))
    expect(results.filter((r) => r.status === 'placed')).toHaveLength(4)
    expect(results.filter((r) => r.status === 'held')).toHaveLength(16)
    const credit = await creditPosition(db, await getDistributor(db, 'D3'))
    expect(credit.open_orders_cents).toBe(4 * 23_940)
    expect(credit.held_cents).toBe(16 * 23_940)
  })

  it('refuses unknown SKUs naming the line', async () => {
    const e = await requestOrder(db, 'D2', { lines: [{ sku: 'SKU-Z', quantity: 1 }] }, 'user:north').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(DomainError)
    expect(e).toMatchObject({ status: 404, field: 'lines.0.sku' })
  })
})
