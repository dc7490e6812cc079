import { describe, expect, it } from 'vitest'
import { withTimeZone } from './migrate'

describe('withTimeZone', () => {
  it('puts the configured zone into a migration as a string literal', () => {
    expect(withTimeZone(`SELECT toDate(t, {{TIME_ZONE}}), {{TIME_ZONE}}`, 'Asia/Shanghai')).toBe(`SELECT toDate(t, 'Asia/Shanghai'), 'Asia/Shanghai'`)
    expect(withTimeZone('SELECT 1', 'Etc/GMT+8')).toBe('SELECT 1')
  })
  it('refuses anything that is not a zone name', () => {
    for (const bad of ["Asia/Shanghai'); DROP TABLE events; --", '', 'Asia Shanghai', `a'b`]) expect(() => withTimeZone('x', bad)).toThrow(/not a time zone/)
  })
})
