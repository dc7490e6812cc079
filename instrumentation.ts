/**
 * Next.js calls register() once when the server starts. In the Node.js runtime it brings up
 * the runtime (migrations, ingest loop, schedulers, demo traffic) — see lib/runtime/start.ts.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  if (process.env.NEXT_PHASE === 'phase-production-build') return
  const { startRuntimeOrExit } = await import('./lib/runtime/start')
  await startRuntimeOrExit()
}
