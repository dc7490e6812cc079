import { describe, expect, it } from 'vitest'
import { importMappingSchema, suggestMapping } from '@/lib/import/mapping'
import { formFromMapping, mappingFromForm, progressPercent } from './form'

describe('the mapping form', () => {
  const header = ['Order ID', 'Order Date', 'Ship Date', 'Customer ID', 'Region', 'City', 'Category', 'Sub-Category', 'Product ID', 'Sales', 'Quantity', 'Discount', 'Profit']

  it('round-trips a suggested mapping into a valid mapping', () => {
    const suggested = suggestMapping(header, [['A-1', '2024-01-02', '', 'C1', 'East', 'NYC', 'Furniture', 'Chairs', 'F-1', '10.00', '1', '0.2', '1.00']])
    const form = formFromMapping(suggested)
    expect(form.discountKind).toBe('rate')
    expect(form.costKind).toBe('profit')
    expect(form.columns.product_name).toBe('')
    const m = mappingFromForm(form)
    expect(importMappingSchema.safeParse(m).success).toBe(true)
    expect(m.columns).not.toHaveProperty('product_name')
  })

  it('switches channel and store between a constant and a column, and drops an unset discount', () => {
    const form = formFromMapping(suggestMapping(header))
    const m = mappingFromForm({ ...form, channelMode: 'constant', channelConstant: 'jd', storeMode: 'column', storeColumn: 'City', discountKind: 'none', timeZone: ' UTC ', dateFormats: 'M/D/YYYY, YYYY-MM-DD' })
    expect(m.channel).toEqual({ constant: 'jd' })
    expect(m.store).toEqual({ column: 'City' })
    expect(m.discount).toBeUndefined()
    expect(m.time_zone).toBe('UTC')
    expect(m.date_formats).toEqual(['M/D/YYYY', 'YYYY-MM-DD'])
  })

  it('shows progress from 0 to 100', () => {
    expect(progressPercent(undefined)).toBe(0)
    expect(progressPercent({ phase: 'importing', percent: 45.26 })).toBe(45.3)
    expect(progressPercent({ phase: 'done', percent: 99.9 })).toBe(100)
  })
})
