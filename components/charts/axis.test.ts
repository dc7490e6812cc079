import { describe, expect, it } from 'vitest'
import { formatAxisMoney } from '@/components/charts/axis'
import { CHANNEL_COLORS, channelColor, sortChannels } from '@/components/charts/palette'

describe('chart helpers', () => {
  it('formatAxisMoney', () => {
    expect(formatAxisMoney(0, 'zh')).toBe('¥0')
    expect(formatAxisMoney(2500, 'en')).toBe('¥2.5K')
    expect(formatAxisMoney(-800, 'en')).toBe('-¥800')
  })
  it('sortChannels and channelColor', () => {
    expect(sortChannels(['zzz', 'store', 'web', 'aaa', 'web'])).toEqual(['web', 'store', 'aaa', 'zzz'])
    expect(channelColor('unknown')).toBe(channelColor('unknown'))
    expect(channelColor('tmall')).toBe(CHANNEL_COLORS.tmall)
  })
})
