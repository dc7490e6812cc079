import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { EVENT_TYPES } from './schema'
import { parseEvent } from './validate'

describe('docs/events.md', () => {
  const doc = fs.readFileSync(path.join(process.cwd(), 'docs', 'events.md'), 'utf8')
  const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!)

  it('has a valid example of every event type', () => {
    const types = examples.map((json) => {
      const r = parseEvent(json)
      expect(r.ok, r.ok ? '' : r.reason).toBe(true)
      return r.ok ? r.event.type : ''
    })
    expect(new Set(types)).toEqual(new Set(EVENT_TYPES))
  })
})
