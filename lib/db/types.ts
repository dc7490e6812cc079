/** The one data-layer surface the domain uses; implemented on PGlite and on node-postgres. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>
}

export interface Db extends Sql {
  /** Runs fn in one transaction; commits if it resolves, rolls back if it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>
  /** Runs a script of several statements (migrations). No parameters. */
  exec(script: string): Promise<void>
  close(): Promise<void>
  readonly kind: 'pglite' | 'postgres'
}
