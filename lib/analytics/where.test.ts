import { describe, expect, it } from 'vitest'
import { rangeQuerySchema } from './filters'
import { hourRangeWhere, rangeWhere } from './where'

const q = rangeQuerySchema.parse({ from: '2026-10-17', to: '2026-11-28', channel: ['tmall'] })

describe('hourRangeWhere', () => {
  it('reads chosen days as the list of their UTC hours before the hour given, with the filters', () => {
    const w = hourRangeWhere({ ...q, days: ['2026-11-21', '2026-11-28'], before_hour: 2 }, 'Asia/Shanghai')
    expect(w.sql).toBe("hour IN {hours:Array(DateTime('UTC'))} AND channel IN {f_channel:Array(String)}")
    expect(w.params).toMatchObject({ hours: ['2026-11-20 16:00:00', '2026-11-20 17:00:00', '2026-11-27 16:00:00', '2026-11-27 17:00:00'], f_channel: ['tmall'] })
  })

  it('is the range of hours otherwise', () => {
    expect(hourRangeWhere(q, 'Asia/Shanghai')).toEqual(rangeWhere(q, 'hour'))
  })
})
