/**
 * Next.js calls register() once when the server starts. In the Node.js runtime it brings up
 * the embedded runtime (migrations, ingest loop, schedulers, demo traffic) — see lib/runtime.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  if (process.env.NEXT_PHASE === 'phase-production-build') return
  const { startRuntime } = await import('./lib/runtime/start')
  try {
    await startRuntime()
  } catch (e) {
    // A server that cannot open its stores must not pretend to run.
    console.error('fourflow: cannot start:', e instanceof Error ? e.message : e)
    process.exit(1)
  }
}
