// Runs the embedded pipeline journey against a PostgreSQL server instead of PGlite.
import { expect, it } from 'vitest'

process.env.PIPELINE_DB = 'postgres'
await import('./pipeline.test')

it('has a PostgreSQL server to run against', () => {
  expect(process.env.TEST_DATABASE_URL, 'npm test starts one').toMatch(/^postgres:\/\//)
})
