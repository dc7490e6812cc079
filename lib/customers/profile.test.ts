import { describe, expect, it } from 'vitest'
import { favouritesOf } from './profile'

describe('favouritesOf', () => {
  it('ranks categories and stores by spend', () => {
    const f = favouritesOf([
      { category: 'makeup', location_id: 'ST-1', cents: 1000 },
      { category: 'skincare', location_id: 'ST-1', cents: 3000 },
      { category: 'makeup', location_id: 'WH-1', cents: 2500 },
    ])
    expect(f.categories).toEqual([{ name: 'makeup', spend: '35.00' }, { name: 'skincare', spend: '30.00' }])
    expect(f.stores).toEqual([{ name: 'ST-1', spend: '40.00' }, { name: 'WH-1', spend: '25.00' }])
  })
})
