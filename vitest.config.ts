import path from 'node:path'
import { defineConfig } from 'vitest/config'

const alias = { '@': path.resolve(__dirname) }

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['{lib,ingest,components,app}/**/*.test.{ts,tsx}'],
          environment: 'node',
          // A fixed secret so identity hashes and tokens never touch a data directory.
          env: { AUTH_SECRET: 'unit-test-secret-0123456789' },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // chDB is one engine per process: integration files run one at a time, each in its own fork.
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
})
