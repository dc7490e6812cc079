import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'

/** Real Fourflow processes for integration tests: each as it runs in production. */
export type Proc = { name: string; child: ChildProcess; output: () => string; stop: (signal?: NodeJS.Signals) => Promise<number | null> }

/**
 * Starts a TypeScript entry point or a node script with extra environment. TypeScript runs
 * through tsx's loader in the same process (not its CLI, which would fork a child that a
 * SIGKILL of the parent leaves running).
 */
export function startProcess(name: string, args: string[], env: Record<string, string> = {}): Proc {
  const script = args[0]!.endsWith('.ts') ? ['--import', 'tsx', ...args] : args
  const child = spawn(process.execPath, script, { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    name,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exit
    },
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls until `check` returns true, or fails with `describe()` after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (await check().catch(() => false)) return
    await sleep(100)
  }
  throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`)
}

export function requireKafka(): string {
  const brokers = process.env.KAFKA_BROKERS
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run the tests through `npm test`, which starts a Kafka broker')
  return brokers
}
