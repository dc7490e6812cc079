import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

/** Starts the real ingest worker (ingest/main.ts) as its own process. */
export function spawnWorker(env: Record<string, string>, log?: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('ingest', 'main.ts')], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const forward = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((l) => log?.(l))
  child.stdout?.on('data', forward)
  child.stderr?.on('data', forward)
  return child
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function requireKafka(): string {
  const brokers = process.env.KAFKA_BROKERS
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run the tests through `npm test`, which starts a Kafka broker')
  return brokers
}
